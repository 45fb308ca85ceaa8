using System.Runtime.InteropServices;

namespace ZlibSample;

// The bindings as they are found in many projects: written on Windows, where zlib's uLong
// (C unsigned long) is 4 bytes, so uint "works". On Linux and macOS (LP64) uLong is 8 bytes.
internal static unsafe class ZlibNative
{
    private const string Library = "z";

    public const int Z_OK = 0;
    public const int Z_STREAM_END = 1;
    public const int Z_FINISH = 4;
    public const int Z_DEFLATED = 8;
    public const int Z_DEFAULT_STRATEGY = 0;
    public const int Z_VERSION_ERROR = -6;

    [DllImport(Library)]
    public static extern uint crc32(uint crc, byte* buf, uint len);

    [DllImport(Library)]
    public static extern uint compressBound(uint sourceLen);

    [DllImport(Library)]
    public static extern int compress2(byte* dest, ref uint destLen, byte* source, uint sourceLen, int level);

    [DllImport(Library)]
    public static extern int uncompress(byte* dest, ref uint destLen, byte* source, uint sourceLen);

    [DllImport(Library)]
    public static extern byte* zlibVersion();

    [DllImport(Library)]
    public static extern int deflateInit2_(ref ZStream strm, int level, int method, int windowBits,
        int memLevel, int strategy, byte* version, int streamSize);

    [DllImport(Library)]
    public static extern int deflate(ref ZStream strm, int flush);

    [DllImport(Library)]
    public static extern int deflateEnd(ref ZStream strm);
}

// z_stream with uint for every uLong: 88 bytes here, 112 in C on LP64.
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ZStream
{
    public byte* next_in;
    public uint avail_in;
    public uint total_in;

    public byte* next_out;
    public uint avail_out;
    public uint total_out;

    public byte* msg;
    public void* state;

    public void* zalloc;
    public void* zfree;
    public void* opaque;

    public int data_type;
    public uint adler;
    public uint reserved;
}
