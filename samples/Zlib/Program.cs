using System;
using System.Runtime.InteropServices;
using System.Text;
using static ZlibSample.ZlibNative;

namespace ZlibSample;

// Compresses a known buffer three ways with the system zlib and prints what it sees:
//   crc32=<hex>            CRC-32 of the input (a test compares it with a managed CRC-32)
//   compress2/uncompress   whether the one-shot API round-trips
//   deflate stream         whether the streaming API (z_stream) works at all
// Exit code 0 only when both round-trips give back the input.
internal static unsafe class Program
{
    private static int Main(string[] args)
    {
        LibraryResolver.Install();
        int size = args.Length > 0 ? int.Parse(args[0]) : 256 * 1024;
        byte[] input = TestData(size);

        Console.WriteLine($"zlib {Marshal.PtrToStringUTF8((IntPtr)zlibVersion())}, input {input.Length} bytes");

        uint crc;
        fixed (byte* data = input)
        {
            crc = crc32(0, data, (uint)input.Length);
        }
        Console.WriteLine($"crc32=0x{crc:x8}");

        bool oneShot = CompressRoundTrip(input);
        bool stream = DeflateStream(input);
        Console.WriteLine(oneShot && stream ? "result: OK" : "result: FAILED");
        return oneShot && stream ? 0 : 1;
    }

    private static bool CompressRoundTrip(byte[] input)
    {
        uint bound = compressBound((uint)input.Length);
        var compressed = new byte[bound];
        var header = new FrameHeader { CompressedLength = bound, OriginalLength = (uint)input.Length };
        int rc;
        fixed (byte* source = input)
        fixed (byte* dest = compressed)
        {
            rc = compress2(dest, ref header.CompressedLength, source, (uint)input.Length, 9);
        }
        Console.WriteLine($"compress2: rc={rc}, header {{ compressed {header.CompressedLength}, original {header.OriginalLength} }} (bound {bound})");
        if (rc != Z_OK)
        {
            return false;
        }

        // The reader side: it knows only the header and the payload.
        var restored = new byte[header.OriginalLength];
        uint restoredLength = header.OriginalLength;
        fixed (byte* source = compressed)
        fixed (byte* dest = restored)
        {
            rc = uncompress(dest, ref restoredLength, source, header.CompressedLength);
        }
        bool same = rc == Z_OK && restored.AsSpan().SequenceEqual(input);
        Console.WriteLine($"uncompress: rc={rc}, restored {restoredLength} of {input.Length} bytes, round-trip {(same ? "OK" : "FAILED")}");
        return same;
    }

    private static bool DeflateStream(byte[] input)
    {
        var output = new byte[compressBound((uint)input.Length) + 64];
        var stream = new ZStream();
        int rc;
        fixed (byte* source = input)
        fixed (byte* dest = output)
        {
            stream.next_in = source;
            stream.avail_in = (uint)input.Length;
            stream.next_out = dest;
            stream.avail_out = (uint)output.Length;
            // deflateInit() is a C macro for this call: it passes sizeof(z_stream) so that zlib
            // can refuse a caller compiled against a different layout.
            rc = deflateInit2_(ref stream, 9, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY,
                zlibVersion(), Marshal.SizeOf<ZStream>());
            Console.WriteLine($"deflateInit2_: rc={rc} (z_stream declared as {Marshal.SizeOf<ZStream>()} bytes)");
            if (rc != Z_OK)
            {
                Console.WriteLine("deflate stream: FAILED");
                return false;
            }
            rc = deflate(ref stream, Z_FINISH);
            deflateEnd(ref stream);
        }
        Console.WriteLine($"deflate: rc={rc}, total_in={stream.total_in}, total_out={stream.total_out}, adler=0x{stream.adler:x8}");

        var restored = new byte[input.Length];
        uint restoredLength = (uint)restored.Length;
        fixed (byte* source = output)
        fixed (byte* dest = restored)
        {
            rc = uncompress(dest, ref restoredLength, source, stream.total_out);
        }
        bool same = rc == Z_OK && restored.AsSpan().SequenceEqual(input);
        Console.WriteLine($"deflate stream: round-trip {(same ? "OK" : "FAILED")}");
        return same;
    }

    // Text-like, compressible, and the same on every run.
    private static byte[] TestData(int size)
    {
        var text = new StringBuilder(size + 64);
        for (int line = 0; text.Length < size; line++)
        {
            text.Append("line ").Append(line).Append(": the quick brown fox jumps over ")
                .Append(line * 7919 % 1000).Append(" lazy dogs\n");
        }
        return Encoding.ASCII.GetBytes(text.ToString(0, size));
    }
}

// A small container format: the header travels in front of the compressed payload.
[StructLayout(LayoutKind.Sequential)]
internal struct FrameHeader
{
    public uint CompressedLength;
    public uint OriginalLength;
}
