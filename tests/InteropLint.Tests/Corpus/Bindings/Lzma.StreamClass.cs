// corpus-header: /usr/include/lzma.h --library lzma
// corpus-targets: linux-x64;win-x64;win-x86
// liblzma the way compression wrappers bind it: lzma_stream as a [StructLayout(Sequential)] class with every reserved
// field declared (size_t as nuint, uint64_t as ulong, the reserved enums as int), passed by reference as a blittable
// class and pinned; the same stream as a struct for the unsafe path; LZMA_API_CALL is __cdecl on Windows, so every
// import says CallingConvention.Cdecl (right on win-x86 too); lzma_ret/lzma_action/lzma_check as enums mirroring the
// header, presets and decoder flags as uint constants (LZMA_PRESET_EXTREME is 1U << 31); lzma_version_string's static
// string read through IntPtr; the one-shot encoder with Span<byte> buffers and ref nuint out_pos.
using System;
using System.Runtime.InteropServices;

namespace Corpus.Lzma;

public enum LzmaRet
{
    LZMA_OK = 0,
    LZMA_STREAM_END = 1,
    LZMA_NO_CHECK = 2,
    LZMA_UNSUPPORTED_CHECK = 3,
    LZMA_GET_CHECK = 4,
    LZMA_MEM_ERROR = 5,
    LZMA_MEMLIMIT_ERROR = 6,
    LZMA_FORMAT_ERROR = 7,
    LZMA_OPTIONS_ERROR = 8,
    LZMA_DATA_ERROR = 9,
    LZMA_BUF_ERROR = 10,
    LZMA_PROG_ERROR = 11,
}

public enum LzmaAction
{
    LZMA_RUN = 0,
    LZMA_SYNC_FLUSH = 1,
    LZMA_FULL_FLUSH = 2,
    LZMA_FULL_BARRIER = 4,
    LZMA_FINISH = 3,
}

public enum LzmaCheck
{
    LZMA_CHECK_NONE = 0,
    LZMA_CHECK_CRC32 = 1,
    LZMA_CHECK_CRC64 = 4,
    LZMA_CHECK_SHA256 = 10,
}

public static class LzmaConstants
{
    public const uint LZMA_PRESET_DEFAULT = 6;
    public const uint LZMA_PRESET_LEVEL_MASK = 0x1F;
    public const uint LZMA_PRESET_EXTREME = 1U << 31;
    public const uint LZMA_TELL_NO_CHECK = 0x01;
    public const uint LZMA_TELL_UNSUPPORTED_CHECK = 0x02;
    public const uint LZMA_CONCATENATED = 0x08;
}

[StructLayout(LayoutKind.Sequential)]
internal sealed class LzmaStream
{
    public IntPtr NextIn;
    public nuint AvailIn;
    public ulong TotalIn;
    public IntPtr NextOut;
    public nuint AvailOut;
    public ulong TotalOut;
    public IntPtr Allocator;
    public IntPtr Internal;
    public IntPtr ReservedPtr1;
    public IntPtr ReservedPtr2;
    public IntPtr ReservedPtr3;
    public IntPtr ReservedPtr4;
    public ulong SeekPos;
    public ulong ReservedInt2;
    public nuint ReservedInt3;
    public nuint ReservedInt4;
    public int ReservedEnum1;
    public int ReservedEnum2;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct lzma_stream
{
    public byte* next_in;
    public nuint avail_in;
    public ulong total_in;
    public byte* next_out;
    public nuint avail_out;
    public ulong total_out;
    public void* allocator;
    public void* @internal;
    public void* reserved_ptr1;
    public void* reserved_ptr2;
    public void* reserved_ptr3;
    public void* reserved_ptr4;
    public ulong seek_pos;
    public ulong reserved_int2;
    public nuint reserved_int3;
    public nuint reserved_int4;
    public int reserved_enum1;
    public int reserved_enum2;
}

internal static unsafe class NativeMethods
{
    private const string Lib = "lzma";

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern LzmaRet lzma_easy_encoder(LzmaStream strm, uint preset, LzmaCheck check);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern LzmaRet lzma_stream_decoder(LzmaStream strm, ulong memlimit, uint flags);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern LzmaRet lzma_code(LzmaStream strm, LzmaAction action);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern void lzma_end(LzmaStream strm);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "lzma_code")]
    internal static extern LzmaRet Code(lzma_stream* strm, LzmaAction action);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "lzma_end")]
    internal static extern void End(lzma_stream* strm);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "lzma_stream_decoder")]
    internal static extern LzmaRet StreamDecoder(ref lzma_stream strm, ulong memlimit, uint flags);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern ulong lzma_memusage(LzmaStream strm);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern void lzma_get_progress(LzmaStream strm, out ulong progressIn, out ulong progressOut);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern nuint lzma_stream_buffer_bound(nuint uncompressedSize);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern LzmaRet lzma_easy_buffer_encode(uint preset, LzmaCheck check, IntPtr allocator, byte* input, nuint inputSize, byte* output, ref nuint outputPosition, nuint outputSize);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern uint lzma_crc32(byte* buf, nuint size, uint crc);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern ulong lzma_crc64(byte* buf, nuint size, ulong crc);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern uint lzma_version_number();

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern IntPtr lzma_version_string();
}

public static unsafe class Xz
{
    public static string Version => Marshal.PtrToStringAnsi(NativeMethods.lzma_version_string()) ?? string.Empty;

    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output, uint preset = LzmaConstants.LZMA_PRESET_DEFAULT)
    {
        nuint position = 0;
        fixed (byte* i = input)
        fixed (byte* o = output)
        {
            var ret = NativeMethods.lzma_easy_buffer_encode(preset, LzmaCheck.LZMA_CHECK_CRC64, IntPtr.Zero, i, (nuint)input.Length, o, ref position, (nuint)output.Length);
            return ret == LzmaRet.LZMA_OK ? (int)position : -1;
        }
    }

    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            return NativeMethods.lzma_crc32(p, (nuint)data.Length, 0);
        }
    }

    public static byte[] Decompress(byte[] input, int expected)
    {
        var output = new byte[expected];
        var stream = new LzmaStream();
        var ret = NativeMethods.lzma_stream_decoder(stream, ulong.MaxValue, LzmaConstants.LZMA_CONCATENATED);
        if (ret != LzmaRet.LZMA_OK)
        {
            throw new InvalidOperationException(ret.ToString());
        }

        try
        {
            fixed (byte* i = input)
            fixed (byte* o = output)
            {
                stream.NextIn = (IntPtr)i;
                stream.AvailIn = (nuint)input.Length;
                stream.NextOut = (IntPtr)o;
                stream.AvailOut = (nuint)output.Length;
                ret = NativeMethods.lzma_code(stream, LzmaAction.LZMA_FINISH);
            }
        }
        finally
        {
            NativeMethods.lzma_end(stream);
        }

        return ret == LzmaRet.LZMA_STREAM_END ? output : throw new InvalidOperationException(ret.ToString());
    }

    public static int DecompressUnsafe(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var stream = default(lzma_stream);
        if (NativeMethods.StreamDecoder(ref stream, ulong.MaxValue, 0) != LzmaRet.LZMA_OK)
        {
            return -1;
        }

        try
        {
            fixed (byte* i = input)
            fixed (byte* o = output)
            {
                stream.next_in = i;
                stream.avail_in = (nuint)input.Length;
                stream.next_out = o;
                stream.avail_out = (nuint)output.Length;
                return NativeMethods.Code(&stream, LzmaAction.LZMA_FINISH) == LzmaRet.LZMA_STREAM_END ? (int)stream.total_out : -1;
            }
        }
        finally
        {
            NativeMethods.End(&stream);
        }
    }
}
