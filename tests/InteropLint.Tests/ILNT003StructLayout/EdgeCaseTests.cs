using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.StructLayoutAnalyzer, InteropLint.CodeFixes.StructLayoutCodeFixProvider>;

namespace InteropLint.Tests.ILNT003StructLayout;

/// <summary>ILNT003's boundaries: what it leaves alone, and fixes that edit existing attributes.</summary>
public class EdgeCaseTests
{
    private const string AllAbis = "on linux-x64, win-x64, osx-arm64";

    // options { bool verbose; int level; }: verbose 0 (1), level 4; size 8. handle is opaque (declared, never defined).
    private static string Header => NativeHeaders.ScanText("""
        #include <stdbool.h>
        typedef struct options { bool verbose; int level; } options;
        typedef struct handle handle;
        void get_options(options *opts);
        void use_handle(handle *h);
        void use_anything(void *p);
        #pragma pack(push, 1)
        typedef struct wire { unsigned char kind; unsigned int length; } wire;
        #pragma pack(pop)
        void send_wire(const wire *w);
        """);

    [Fact]
    public async Task LibraryImportByRef_SeesManagedBytes_BoolIsOneByte_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.InteropServices;

            struct Options { public bool verbose; public int level; }

            static partial class Native
            {
                [LibraryImport("demo")]
                public static partial void get_options(ref Options opts);
            }

            static partial class Native
            {
                public static partial void get_options(ref Options opts) { }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, Header);
    }

    [Fact]
    public async Task OpaqueRecordAndVoidPointer_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.InteropServices;

            struct Handle { public long anything; public byte more; }
            struct Whatever { public short a; }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void use_handle(Handle* h);

                [DllImport("demo")]
                public static extern void use_anything(Whatever* p);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, Header);
    }

    [Fact]
    public async Task FieldWithoutKnownNativeLayout_SaysNotChecked_AsInfo()
    {
        // decimal has no layout C could mirror: no verdict, but an informational "not checked" with the reason (issue 15).
        const string source = """
            using System.Runtime.InteropServices;

            struct {|#0:Options|} { public decimal verbose; public int level; }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void get_options(Options* opts);
            }
            """;
        var file = Path.GetFileName(NativeHeaders.Read(Header).Abis[0].FindRecord("options")!.File);
        var expected = new Microsoft.CodeAnalysis.Testing.DiagnosticResult("ILNT003", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments(
            "struct 'Options' is not checked against C 'options' (" + file + ":2): field 'verbose' has no known native layout ('Decimal' is defined in a referenced assembly)");
        await Verify.VerifyAnalyzerAsync(source, Header, expected);
    }

    [Fact]
    public async Task WrongPack_IsReplaced()
    {
        // Pack = 4: kind 0, length 4; size 8. C: length 1; size 5.
        const string source = """
            using System.Runtime.InteropServices;

            [StructLayout(LayoutKind.Sequential, Pack = 4)]
            struct {|#0:Wire|} { public byte kind; public uint {|#1:length|}; }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void send_wire(Wire* w);
            }
            """;
        var fixedSource = source.Replace("Pack = 4", "Pack = 1").Replace("{|#0:Wire|}", "Wire").Replace("{|#1:length|}", "length");
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'Wire' does not match C 'wire' (" + Path.GetFileName(NativeHeaders.Read(Header).Abis[0].FindRecord("wire")!.File) + ":8): "
            + "field 'length' is at offset 4 (4 bytes) but C 'length' is at offset 1 (4 bytes); size 8 vs C 5 " + AllAbis + "; set Pack = 1");
        await Verify.VerifyCodeFixAsync(source, fixedSource, Header, expected);
    }

    [Fact]
    public async Task ExplicitLayoutMatchingPackedStruct_NoDiagnostic()
    {
        // Explicit offsets can mirror #pragma pack too: kind 0, length 1; size 5 (alignment: the runtime
        // aligns an explicit struct to its largest field, 4, making it 8 — unless Pack = 1 caps it).
        const string source = """
            using System.Runtime.InteropServices;

            [StructLayout(LayoutKind.Explicit, Pack = 1)]
            struct Wire { [FieldOffset(0)] public byte kind; [FieldOffset(1)] public uint length; }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void send_wire(Wire* w);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, Header);
    }

    [Fact]
    public async Task ExplicitLayoutWithoutPack_ReportsSize()
    {
        // Without Pack the explicit struct is rounded to its 4-byte alignment: size 8 vs C 5.
        const string source = """
            using System.Runtime.InteropServices;

            [StructLayout(LayoutKind.Explicit)]
            struct {|#0:Wire|} { [FieldOffset(0)] public byte kind; [FieldOffset(1)] public uint length; }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void send_wire(Wire* w);
            }
            """;
        var fixedSource = source.Replace("LayoutKind.Explicit)", "LayoutKind.Explicit, Pack = 1)").Replace("{|#0:Wire|}", "Wire");
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithArguments(
            "struct 'Wire' does not match C 'wire' (" + Path.GetFileName(NativeHeaders.Read(Header).Abis[0].FindRecord("wire")!.File) + ":8): "
            + "size 8 vs C 5 " + AllAbis + "; set Pack = 1");
        await Verify.VerifyCodeFixAsync(source, fixedSource, Header, expected);
    }

    [Fact]
    public async Task ZStreamOnWin86_PointerSizedIntPtrAndUInt_NoDiagnostic()
    {
        // win-x86 (ILP32, LLP64 long): every z_stream field is 4 bytes; IntPtr is 4 bytes there too. Size 56.
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            struct ZStream
            {
                public IntPtr next_in; public uint avail_in; public uint total_in;
                public IntPtr next_out; public uint avail_out; public uint total_out;
                public IntPtr msg; public IntPtr state; public IntPtr zalloc; public IntPtr zfree; public IntPtr opaque;
                public int data_type; public uint adler; public uint reserved;
            }

            static class Zlib
            {
                [DllImport("z")]
                public static extern int deflateEnd(ref ZStream strm);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, NativeHeaders.Scan("/usr/include/zlib.h", "win-x86;win-x64"));
    }

    [Fact]
    public async Task Pack1OnStructWithoutPadding_NoDiagnostic()
    {
        // pair { int a; int b; }: a 0, b 4, size 8, alignment 4. Pack = 1 gives the same offsets and size (alignment 1): harmless.
        const string source = """
            using System.Runtime.InteropServices;

            [StructLayout(LayoutKind.Sequential, Pack = 1)]
            struct Pair { public int a; public int b; }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void use_pair(Pair* p);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, NativeHeaders.ScanText("typedef struct pair { int a; int b; } pair;\nvoid use_pair(pair *p);\n"));
    }

    [Fact]
    public async Task AutoPropertiesTakeSpace_ReportedByName_WithoutFix()
    {
        // Backing fields are laid out like fields: x 0 (2), y 4 (4); size 8. C point: x 0 (4), y 4; size 8.
        // The fix edits field declarations only, so none is offered for properties.
        var header = NativeHeaders.ScanText("typedef struct point { int x; int y; } point;\n");
        const string source = """
            struct {|#0:point|} { public short x { get; set; } public int y { get; set; } }

            static class Sizes { public static int Point() => System.Runtime.InteropServices.Marshal.SizeOf<point>(); }
            """;
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithArguments(
            "struct 'point' does not match C 'point' (" + Path.GetFileName(NativeHeaders.Read(header).Abis[0].FindRecord("point")!.File) + ":1): "
            + "field 'x' is at offset 0 (2 bytes) but C 'x' is at offset 0 (4 bytes) " + AllAbis);
        await Verify.VerifyCodeFixAsync(source, source, header, expected);
    }
}
