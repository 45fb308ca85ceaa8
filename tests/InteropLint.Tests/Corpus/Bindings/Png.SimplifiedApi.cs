// corpus-header: /usr/include/libpng16/png.h --library png16
// corpus-targets: linux-x64;win-x64
// libpng without setjmp, the way managed image loaders bind it: the simplified png_image API, its struct with the
// 64-byte message as a ByValTStr under CharSet.Ansi and passed by ref (the marshaller copies it in and out, opaque
// pointer included); png_structp/png_infop as IntPtr handles created with the library's version string and destroyed
// through ref IntPtr (png_structpp); png_get_libpng_ver's static string read through IntPtr; png_sig_cmp over a
// ReadOnlySpan; a read callback (png_rw_ptr) as [UnmanagedCallersOnly] with the stream in a GCHandle as io_ptr; the
// format and version #defines mirrored as uint constants.
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Corpus.Png;

[StructLayout(LayoutKind.Sequential, CharSet = CharSet.Ansi)]
public struct PngImage
{
    public IntPtr opaque;
    public uint version;
    public uint width;
    public uint height;
    public uint format;
    public uint flags;
    public uint colormap_entries;
    public uint warning_or_error;
    [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 64)]
    public string message;
}

public static class PngConstants
{
    public const string PNG_LIBPNG_VER_STRING = "1.6.39";
    public const uint PNG_IMAGE_VERSION = 1;
    public const uint PNG_FORMAT_FLAG_ALPHA = 0x01;
    public const uint PNG_FORMAT_FLAG_COLOR = 0x02;
    public const uint PNG_FORMAT_RGB = PNG_FORMAT_FLAG_COLOR;
    public const uint PNG_FORMAT_RGBA = PNG_FORMAT_RGB | PNG_FORMAT_FLAG_ALPHA;
    public const int PNG_IMAGE_WARNING = 1;
    public const int PNG_IMAGE_ERROR = 2;
}

internal static unsafe class LibPng
{
    private const string Lib = "png16";

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern int png_image_begin_read_from_memory(ref PngImage image, byte* memory, nuint size);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern int png_image_finish_read(ref PngImage image, IntPtr background, byte[] buffer, int rowStride, IntPtr colormap);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern void png_image_free(ref PngImage image);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern int png_sig_cmp(byte* sig, nuint start, nuint numToCheck);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern IntPtr png_create_read_struct([MarshalAs(UnmanagedType.LPStr)] string userPngVer, IntPtr errorPtr, IntPtr errorFn, IntPtr warnFn);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern IntPtr png_create_info_struct(IntPtr png);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern void png_destroy_read_struct(ref IntPtr png, ref IntPtr info, IntPtr endInfo);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern void png_set_read_fn(IntPtr png, IntPtr ioPtr, delegate* unmanaged[Cdecl]<IntPtr, byte*, nuint, void> readDataFn);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern IntPtr png_get_io_ptr(IntPtr png);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern uint png_get_image_width(IntPtr png, IntPtr info);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern uint png_get_image_height(IntPtr png, IntPtr info);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    internal static extern IntPtr png_get_libpng_ver(IntPtr png);
}

public static unsafe class PngDecoder
{
    public static string LibraryVersion => Marshal.PtrToStringAnsi(LibPng.png_get_libpng_ver(IntPtr.Zero)) ?? string.Empty;

    public static bool IsPng(ReadOnlySpan<byte> data)
    {
        if (data.Length < 8)
        {
            return false;
        }

        fixed (byte* p = data)
        {
            return LibPng.png_sig_cmp(p, 0, 8) == 0;
        }
    }

    public static (uint Width, uint Height, byte[] Rgba) Decode(ReadOnlySpan<byte> data)
    {
        var image = new PngImage { version = PngConstants.PNG_IMAGE_VERSION };
        fixed (byte* p = data)
        {
            if (LibPng.png_image_begin_read_from_memory(ref image, p, (nuint)data.Length) == 0)
            {
                throw new FormatException(image.message);
            }
        }

        image.format = PngConstants.PNG_FORMAT_RGBA;
        var pixels = new byte[checked((int)(image.width * image.height * 4))];
        if (LibPng.png_image_finish_read(ref image, IntPtr.Zero, pixels, 0, IntPtr.Zero) == 0)
        {
            LibPng.png_image_free(ref image);
            throw new FormatException(image.message);
        }

        return (image.width, image.height, pixels);
    }

    public static (uint Width, uint Height) ReadHeader(System.IO.Stream stream)
    {
        var png = LibPng.png_create_read_struct(PngConstants.PNG_LIBPNG_VER_STRING, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        var info = LibPng.png_create_info_struct(png);
        var source = GCHandle.Alloc(stream);
        try
        {
            LibPng.png_set_read_fn(png, GCHandle.ToIntPtr(source), &OnRead);
            return (LibPng.png_get_image_width(png, info), LibPng.png_get_image_height(png, info));
        }
        finally
        {
            LibPng.png_destroy_read_struct(ref png, ref info, IntPtr.Zero);
            source.Free();
        }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnRead(IntPtr png, byte* data, nuint length)
    {
        var stream = (System.IO.Stream)GCHandle.FromIntPtr(LibPng.png_get_io_ptr(png)).Target!;
        stream.ReadExactly(new Span<byte>(data, checked((int)length)));
    }
}
