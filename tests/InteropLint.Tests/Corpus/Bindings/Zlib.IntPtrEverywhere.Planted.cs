// corpus-header: /usr/include/zlib.h --library z
// The "IntPtr everywhere" style with planted bugs: every pointer an IntPtr, C longs as CLong/CULong, the stream as a
// blittable struct passed by ref, strings passed as IntPtr the caller marshals.
using System;
using System.Runtime.InteropServices;

namespace Corpus.Zlib;

[StructLayout(LayoutKind.Sequential)]
public struct z_stream // expect: ILNT003 "use uint for 'avail_in'"
{
    public IntPtr next_in;
    public ulong avail_in;
    public CULong total_in;
    public IntPtr next_out;
    public uint avail_out;
    public CULong total_out;
    public IntPtr msg;
    public IntPtr state;
    public IntPtr zalloc;
    public IntPtr zfree;
    public IntPtr opaque;
    public int data_type;
    public CULong adler;
    public CULong reserved;
}

public static class Native
{
    private const string Lib = "z";

    [DllImport(Lib)] public static extern IntPtr zlibVersion();
    [DllImport(Lib)] public static extern int deflateInit_(ref z_stream strm, int level, IntPtr version, int stream_size);
    [DllImport(Lib)] public static extern int deflate(ref z_stream strm); // expect: ILNT005 "flush"
    [DllImport(Lib)] public static extern int deflateEnd(ref z_stream strm);
    [DllImport(Lib)] public static extern int inflateInit_(ref z_stream strm, IntPtr version, int stream_size);
    [DllImport(Lib)] public static extern int inflate(ref z_stream strm, int flush);
    [DllImport(Lib)] public static extern int inflateEnd(ref z_stream strm);
    [DllImport(Lib)] public static extern ulong compressBound(ulong sourceLen); // expect: ILNT001; expect: ILNT001
    [DllImport(Lib)] public static extern int compress2(IntPtr dest, ref CULong destLen, IntPtr source, CULong sourceLen, int level);
    [DllImport(Lib)] public static extern int uncompress(IntPtr dest, ref CULong destLen, IntPtr source, CULong sourceLen);
    [DllImport(Lib)] public static extern uint crc32(uint crc, IntPtr buf, uint len); // expect: ILNT001; expect: ILNT001
    [DllImport(Lib)] public static extern CULong adler32(CULong adler, IntPtr buf, uint len);
    [DllImport(Lib)] public static extern IntPtr zError(int err);
}
