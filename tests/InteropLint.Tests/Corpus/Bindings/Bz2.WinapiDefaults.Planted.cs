// corpus-header: /usr/include/bzlib.h --library bz2
// corpus-targets: linux-x64;win-x64;win-x86
// Planted: a Cdecl import where BZ_API is WINAPI (stdcall on win-x86), bz_stream without its last field, a drifted
// result code.
// libbzip2 the way small compression bindings write it: BZ_API is WINAPI on Windows, so the LibraryImports keep the
// platform default convention (stdcall on win-x86, C elsewhere) and say nothing; bz_stream as a blittable struct whose
// allocator hooks are plain-C callbacks (delegate* unmanaged[Cdecl] fields, null for malloc/free), passed by ref;
// char* buffers as byte* and Span<byte>; unsigned int* as ref uint; BZ2_bzlibVersion's static string through a
// pointer; the action and result #defines mirrored as constants; [DefaultDllImportSearchPaths] on the assembly.
using System;
using System.Runtime.InteropServices;

[assembly: DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]

namespace Corpus.Bz2;

internal static class BzConstants
{
    public const int BZ_RUN = 0;
    public const int BZ_FLUSH = 1;
    public const int BZ_FINISH = 2;
    public const int BZ_OK = 0;
    public const int BZ_RUN_OK = 1;
    public const int BZ_FLUSH_OK = 2;
    public const int BZ_FINISH_OK = 3;
    public const int BZ_STREAM_END = 4;
    public const int BZ_SEQUENCE_ERROR = -1;
    public const int BZ_PARAM_ERROR = -2;
    public const int BZ_MEM_ERROR = -3;
    public const int BZ_DATA_ERROR = -4;
    public const int BZ_OUTBUFF_FULL = -7; // expect: ILNT013
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BzStream // expect: ILNT003 "opaque"
{
    public byte* next_in;
    public uint avail_in;
    public uint total_in_lo32;
    public uint total_in_hi32;
    public byte* next_out;
    public uint avail_out;
    public uint total_out_lo32;
    public uint total_out_hi32;
    public void* state;
    public delegate* unmanaged[Cdecl]<void*, int, int, void*> bzalloc;
    public delegate* unmanaged[Cdecl]<void*, void*, void> bzfree;

    public readonly ulong TotalOut => ((ulong)total_out_hi32 << 32) | total_out_lo32;
}

internal static unsafe partial class LibBz2
{
    private const string Lib = "bz2";

    [LibraryImport(Lib)]
    internal static partial int BZ2_bzCompressInit(ref BzStream strm, int blockSize100k, int verbosity, int workFactor);

    [LibraryImport(Lib)]
    [UnmanagedCallConv(CallConvs = new[] { typeof(System.Runtime.CompilerServices.CallConvCdecl) })]
    internal static partial int BZ2_bzCompress(ref BzStream strm, int action); // expect: ILNT005 "win-x86"

    [LibraryImport(Lib)]
    internal static partial int BZ2_bzCompressEnd(ref BzStream strm);

    [LibraryImport(Lib)]
    internal static partial int BZ2_bzDecompressInit(BzStream* strm, int verbosity, int small);

    [LibraryImport(Lib)]
    internal static partial int BZ2_bzDecompress(BzStream* strm);

    [LibraryImport(Lib)]
    internal static partial int BZ2_bzDecompressEnd(BzStream* strm);

    [LibraryImport(Lib)]
    internal static partial int BZ2_bzBuffToBuffCompress(Span<byte> dest, ref uint destLen, ReadOnlySpan<byte> source, uint sourceLen, int blockSize100k, int verbosity, int workFactor);

    [LibraryImport(Lib)]
    internal static partial int BZ2_bzBuffToBuffDecompress(byte* dest, uint* destLen, byte* source, uint sourceLen, int small, int verbosity);

    [LibraryImport(Lib)]
    internal static partial byte* BZ2_bzlibVersion();
}

internal static unsafe class Bzip2
{
    public static string Version => Marshal.PtrToStringUTF8((IntPtr)LibBz2.BZ2_bzlibVersion()) ?? string.Empty;

    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var length = (uint)output.Length;
        var rc = LibBz2.BZ2_bzBuffToBuffCompress(output, ref length, input, (uint)input.Length, 9, 0, 30);
        return rc == BzConstants.BZ_OK ? (int)length : rc;
    }

    public static int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var stream = default(BzStream);
        if (LibBz2.BZ2_bzDecompressInit(&stream, 0, 0) != BzConstants.BZ_OK)
        {
            return -1;
        }

        try
        {
            fixed (byte* i = input)
            fixed (byte* o = output)
            {
                stream.next_in = i;
                stream.avail_in = (uint)input.Length;
                stream.next_out = o;
                stream.avail_out = (uint)output.Length;
                return LibBz2.BZ2_bzDecompress(&stream) == BzConstants.BZ_STREAM_END ? (int)stream.TotalOut : -1;
            }
        }
        finally
        {
            LibBz2.BZ2_bzDecompressEnd(&stream);
        }
    }
}
