using InteropLint.Analyzers;
using InteropLint.CodeFixes;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.StructLayoutAnalyzer, InteropLint.CodeFixes.StructLayoutCodeFixProvider>;

namespace InteropLint.Tests.ILNT003StructLayout;

/// <summary>ILNT003 against system headers scanned by the real scanner for linux-x64, win-x64 and osx-arm64.</summary>
public class RealHeaderTests
{
    private static string Zlib => NativeHeaders.Scan("/usr/include/zlib.h");

    // The classic: zlib's uLong written as uint. C layout (zlib.h, struct z_stream_s):
    //   LP64 (linux-x64, osx-arm64): next_in 0, avail_in 8, total_in 16 (8), next_out 24, avail_out 32, total_out 40 (8),
    //     msg 48, state 56, zalloc 64, zfree 72, opaque 80, data_type 88, adler 96 (8), reserved 104 (8); size 112.
    //   LLP64 (win-x64): uLong is 4 bytes, so total_in 12, total_out 28, adler 76, reserved 80; size 88.
    // The C# struct with uint puts total_in at 12 (4 bytes) on every ABI and ends at 84 → 88 with 8-byte alignment:
    // right on win-x64, wrong on the LP64 ABIs.
    private const string ZStreamWithUInt = """
        using System;
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Sequential)]
        struct {|#0:ZStream|}
        {
            public IntPtr next_in;
            public uint avail_in;
            public uint {|#1:total_in|};
            public IntPtr next_out;
            public uint avail_out;
            public uint total_out;
            public IntPtr msg;
            public IntPtr state;
            public IntPtr zalloc;
            public IntPtr zfree;
            public IntPtr opaque;
            public int data_type;
            public uint adler;
            public uint reserved;
        }

        static class Zlib
        {
            [DllImport("z")]
            public static extern int deflateInit_(ref ZStream strm, int level, string version, int stream_size);
        }
        """;

    private const string ZStreamPortable = """
        using System;
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Sequential)]
        struct ZStream
        {
            public IntPtr next_in;
            public uint avail_in;
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

        static class Zlib
        {
            [DllImport("z")]
            public static extern int deflateInit_(ref ZStream strm, int level, string version, int stream_size);
        }
        """;

    [Fact]
    public async Task ZStreamWithUIntForULong_ReportsLp64Abis_AndFixUsesCULong()
    {
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'ZStream' does not match C 'z_stream' (zlib.h:86): field 'total_in' is at offset 12 (4 bytes) but C 'total_in' is at offset 16 (8 bytes); "
            + "size 88 vs C 112 on linux-x64, osx-arm64; use CULong for 'total_in', 'total_out', 'adler', 'reserved'");
        await Verify.VerifyCodeFixAsync(ZStreamWithUInt, ZStreamPortable, Zlib, expected);
    }

    [Fact]
    public async Task ZStreamPortable_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(ZStreamPortable, Zlib);
    }
}
