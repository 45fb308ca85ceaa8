using InteropLint.Analyzers;
using InteropLint.CodeFixes;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.StructLayoutAnalyzer, InteropLint.CodeFixes.StructLayoutCodeFixProvider>;

namespace InteropLint.Tests.ILNT003StructLayout;

/// <summary>ILNT003 against system headers scanned by the real scanner for linux-x64, win-x64 and osx-arm64.</summary>
[Trait(Tier.Name, Tier.RealHeader)]
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

    private const string ZStreamUses = """

        static class Use
        {
            public static uint Narrow(ref ZStream s) => s.reserved;

            public static ulong Run(ref ZStream s, byte[] data)
            {
                s.avail_in = (uint)data.Length;
                s.total_in = 0;
                s.adler = s.total_in;
                return s.total_out;
            }
        }
        """;

    [Fact]
    public async Task ZStreamFix_AdaptsReadsAndWritesOfTheFields()
    {
        // Writes get the new type; reads are converted to what the code expects: a ulong takes CULong's value as it is,
        // a uint gets a cast; a field copied to a field that changes alike is left as it is.
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'ZStream' does not match C 'z_stream' (zlib.h:86): field 'total_in' is at offset 12 (4 bytes) but C 'total_in' is at offset 16 (8 bytes); "
            + "size 88 vs C 112 on linux-x64, osx-arm64; use CULong for 'total_in', 'total_out', 'adler', 'reserved'");
        var fixedUses = ZStreamUses.Replace("s.total_in = 0;", "s.total_in = new CULong(0);")
            .Replace("return s.total_out;", "return s.total_out.Value;")
            .Replace("=> s.reserved;", "=> (uint)s.reserved.Value;");
        await Verify.VerifyCodeFixAsync(ZStreamWithUInt + ZStreamUses, ZStreamPortable + fixedUses, Zlib, expected);
    }

    [Fact]
    public async Task ZStreamFix_NotOffered_WhenAFieldIsIncremented()
    {
        // s.total_in++ has no CULong equivalent the fix could write: no fix rather than code that does not compile.
        var source = ZStreamWithUInt + ZStreamUses.Replace("s.total_in = 0;", "s.total_in++;");
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'ZStream' does not match C 'z_stream' (zlib.h:86): field 'total_in' is at offset 12 (4 bytes) but C 'total_in' is at offset 16 (8 bytes); "
            + "size 88 vs C 112 on linux-x64, osx-arm64; use CULong for 'total_in', 'total_out', 'adler', 'reserved'");
        await Verify.VerifyCodeFixAsync(source, source, Zlib, expected);
    }

    [Fact]
    public async Task UnusedZStream_MatchedByPascalCaseName_Reported()
    {
        // Not used by any P/Invoke: ZStream reads like z_stream, a record of the header item zlib.h itself.
        var source = ZStreamWithUInt.Substring(0, ZStreamWithUInt.IndexOf("static class Zlib", StringComparison.Ordinal)).TrimEnd() + "\n";
        var fixedSource = ZStreamPortable.Substring(0, ZStreamPortable.IndexOf("static class Zlib", StringComparison.Ordinal)).TrimEnd() + "\n";
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'ZStream' does not match C 'z_stream' (zlib.h:86): field 'total_in' is at offset 12 (4 bytes) but C 'total_in' is at offset 16 (8 bytes); "
            + "size 88 vs C 112 on linux-x64, osx-arm64; use CULong for 'total_in', 'total_out', 'adler', 'reserved'");
        await Verify.VerifyCodeFixAsync(source, fixedSource, Zlib, expected);
    }

    [Fact]
    public async Task PascalCaseNameOfASystemHeaderRecord_NotMatched()
    {
        // zlib.h pulls in glibc's struct __pthread_mutex_s; a C# PthreadMutexS is not taken for it (only exact names are).
        const string source = """
            struct PthreadMutexS { public byte a; }
            """;
        await Verify.VerifyAnalyzerAsync(source, Zlib);
    }

    [Fact]
    public async Task ZStreamPortable_NoDiagnostic()
    {
        await Verify.VerifyAnalyzerAsync(ZStreamPortable, Zlib);
    }

    [Fact]
    public async Task ZStreamWithUInt_OnNetStandard20_ReportsWithoutCULongFix()
    {
        // No CLong/CULong before .NET 6: the diagnostic says so and offers no fix that would not compile.
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'ZStream' does not match C 'z_stream' (zlib.h:86): field 'total_in' is at offset 12 (4 bytes) but C 'total_in' is at offset 16 (8 bytes); "
            + "size 88 vs C 112 on linux-x64, osx-arm64; CLong/CULong are not available in this compilation (they need .NET 6 or later) for "
            + "'total_in', 'total_out', 'adler', 'reserved': declare the struct once per OS");
        await Verify.VerifyCodeFixAsync(ZStreamWithUInt, ZStreamWithUInt, Zlib, TestFramework.NetStandard20, expected);
    }

    [Fact]
    public async Task ZStreamOnlyOnWindows_NoDiagnostic()
    {
        // uint is uLong's width on LLP64: checked for win-x64 alone, the struct is right.
        var windowsOnly = NativeHeaders.Scan("/usr/include/zlib.h", "win-x64");
        await Verify.VerifyAnalyzerAsync(ZStreamWithUInt.Replace("{|#0:ZStream|}", "ZStream").Replace("{|#1:total_in|}", "total_in"), windowsOnly);
    }

    // lzma_stream (lzma/base.h): size_t avail_in/avail_out/reserved_int3/reserved_int4 are 8 bytes on every 64-bit ABI.
    //   C: next_in 0, avail_in 8 (8), total_in 16, next_out 24, avail_out 32 (8), total_out 40, allocator 48, internal 56,
    //      reserved_ptr1..4 64/72/80/88, seek_pos 96, reserved_int2 104, reserved_int3 112 (8), reserved_int4 120 (8),
    //      reserved_enum1 128, reserved_enum2 132; size 136.
    //   C# with uint: avail_in 8 (4), total_in 16 (aligned), ..., reserved_int3 112 (4), reserved_int4 116 (4),
    //      enums 120 and 124; size 128.
    private const string LzmaStream = """
        using System;
        using System.Runtime.InteropServices;

        struct {|#0:LzmaStream|}
        {
            public IntPtr next_in;
            public uint {|#1:avail_in|};
            public ulong total_in;
            public IntPtr next_out;
            public uint avail_out;
            public ulong total_out;
            public IntPtr allocator;
            public IntPtr @internal;
            public IntPtr reserved_ptr1;
            public IntPtr reserved_ptr2;
            public IntPtr reserved_ptr3;
            public IntPtr reserved_ptr4;
            public ulong seek_pos;
            public ulong reserved_int2;
            public uint reserved_int3;
            public uint reserved_int4;
            public int reserved_enum1;
            public int reserved_enum2;
        }

        static class Lzma
        {
            [DllImport("lzma")]
            public static extern void lzma_end(ref LzmaStream strm);
        }
        """;

    [Fact]
    public async Task LzmaStreamWithUIntForSizeT_ReportsEveryAbi_AndFixUsesNUInt()
    {
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'LzmaStream' does not match C 'lzma_stream' (base.h:521): field 'avail_in' is at offset 8 (4 bytes) but C 'avail_in' is at offset 8 (8 bytes); "
            + "size 128 vs C 136 on linux-x64, win-x64, osx-arm64; use nuint for 'avail_in', 'avail_out', 'reserved_int3', 'reserved_int4'");
        var fixedSource = LzmaStream.Replace("{|#0:LzmaStream|}", "LzmaStream").Replace("uint {|#1:avail_in|}", "nuint avail_in")
            .Replace("uint avail_out", "nuint avail_out").Replace("uint reserved_int3", "nuint reserved_int3").Replace("uint reserved_int4", "nuint reserved_int4");
        await Verify.VerifyCodeFixAsync(LzmaStream, fixedSource, NativeHeaders.Scan("/usr/include/lzma.h"), expected);
    }

    [Fact]
    public async Task LzmaStreamWithNUInt_NoDiagnostic()
    {
        var correct = LzmaStream.Replace("{|#0:LzmaStream|}", "LzmaStream").Replace("uint {|#1:avail_in|}", "nuint avail_in")
            .Replace("uint avail_out", "nuint avail_out").Replace("uint reserved_int3", "nuint reserved_int3").Replace("uint reserved_int4", "nuint reserved_int4");
        await Verify.VerifyAnalyzerAsync(correct, NativeHeaders.Scan("/usr/include/lzma.h"));
    }

    [Fact]
    public async Task BzStreamAsWritten_NoDiagnostic()
    {
        // bz_stream (bzlib.h) has only 'unsigned int' and pointers: 0, 8, 12, 16, 24, 32, 36, 40, 48, 56, 64, 72; size 80 everywhere.
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            [StructLayout(LayoutKind.Sequential)]
            struct BzStream
            {
                public IntPtr next_in;
                public uint avail_in;
                public uint total_in_lo32;
                public uint total_in_hi32;
                public IntPtr next_out;
                public uint avail_out;
                public uint total_out_lo32;
                public uint total_out_hi32;
                public IntPtr state;
                public IntPtr bzalloc;
                public IntPtr bzfree;
                public IntPtr opaque;
            }

            static class Bz2
            {
                [DllImport("bz2")]
                public static extern int BZ2_bzCompressInit(ref BzStream strm, int blockSize100k, int verbosity, int workFactor);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, NativeHeaders.Scan("/usr/include/bzlib.h"));
    }

    [Fact]
    public async Task BzStreamMissingLastField_Reports_AndFixAddsIt()
    {
        // Without 'opaque' the C# struct ends at 72; C has opaque at 72 (8 bytes), size 80.
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            unsafe struct {|#0:BzStream|}
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
                public IntPtr bzalloc;
                public IntPtr bzfree;
            }

            static unsafe class Bz2
            {
                [DllImport("bz2")]
                public static extern int BZ2_bzCompressInit(BzStream* strm, int blockSize100k, int verbosity, int workFactor);
            }
            """;
        var fixedSource = source.Replace("{|#0:BzStream|}", "BzStream").Replace("public IntPtr bzfree;\n", "public IntPtr bzfree;\n    public nint opaque;\n");
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithArguments(
            "struct 'BzStream' does not match C 'bz_stream' (bzlib.h:49): C field 'opaque' at offset 72 (8 bytes) has no C# field; size 72 vs C 80 "
            + "on linux-x64, win-x64, osx-arm64; add nint opaque");
        await Verify.VerifyCodeFixAsync(source, fixedSource, NativeHeaders.Scan("/usr/include/bzlib.h"), expected);
    }
}

/// <summary>ILNT003 against the repository's demo library header (native/include/interopdemo.h).</summary>
[Trait(Tier.Name, Tier.RealHeader)]
public class DemoHeaderTests
{
    private static string Demo => NativeHeaders.Scan("native/include/interopdemo.h");

    [Fact]
    public async Task DemoRecordWithWindowsHabits_Reports_AndFixIsPortable()
    {
        // The sample's struct: matched by name (DemoRecord ~ demo_record), read with Marshal.PtrToStructure, so the
        // marshaller's copy counts: bool is a 4-byte BOOL. C# marshalled: Tag 0, Value 8, Id 16, Count 20 (4), Length 24 (4),
        // Active 28 (4); size 32. C LP64: count 24 (8), length 32 (8), active 40 (1); size 48. C win-x64: count 20 (4),
        // length 24 (8), active 32 (1); size 40.
        const string source = """
            using System.Runtime.InteropServices;

            [StructLayout(LayoutKind.Sequential)]
            internal struct {|#0:DemoRecord|}
            {
                public byte Tag;
                public double Value;
                public int Id;
                public int {|#1:Count|};
                public uint {|#2:Length|};
                public bool Active;
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;

            [StructLayout(LayoutKind.Sequential)]
            internal struct DemoRecord
            {
                public byte Tag;
                public double Value;
                public int Id;
                public CLong Count;
                public nuint Length;
                [MarshalAs(UnmanagedType.U1)]
                public bool Active;
            }
            """;
        var expected = InteropVerifier<StructLayoutAnalyzer, StructLayoutCodeFixProvider>.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments(
            "struct 'DemoRecord' does not match C 'demo_record' (interopdemo.h:84): field 'Count' is at offset 20 (4 bytes) but C 'count' is at offset 24 (8 bytes); size 32 vs C 48 "
            + "on linux-x64, osx-arm64; and field 'Length' is at offset 24 (4 bytes) but C 'length' is at offset 24 (8 bytes); size 32 vs C 40 on win-x64; "
            + "use CLong for 'Count', use nuint for 'Length', marshal 'Active' as a 1-byte bool");
        await Verify.VerifyCodeFixAsync(source, fixedSource, Demo, expected);
    }
}
