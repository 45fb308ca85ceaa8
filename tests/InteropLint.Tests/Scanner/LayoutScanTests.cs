using InteropLint.Manifest;
using InteropLint.Scanner;
using Xunit;

namespace InteropLint.Tests.Scanner;

/// <summary>Records, enums, typedefs and macros from small headers written for the test, parsed by the real libclang.</summary>
public sealed class LayoutScanTests
{
    private const string LayoutHeader = """
        #include <stdint.h>
        #pragma pack(push, 1)
        typedef struct packed_s { char c; int32_t i; uint16_t s; } packed_t;
        #pragma pack(pop)
        struct natural { char c; int32_t i; uint16_t s; };
        typedef union { int32_t i; double d; char bytes[12]; } value_u;
        struct flags { unsigned a : 3; unsigned b : 5; unsigned c : 10; int d; };
        struct fixed { char name[16]; int32_t values[4]; };
        struct flex { int32_t n; char data[]; };
        struct outer { int kind; union { int i; float f; }; struct { int x, y; } point; };
        typedef struct { int a; } tagless_t;
        struct opaque;
        enum color { RED, GREEN = 5, BLUE };
        typedef enum { LOW = -1, HIGH = 0x7fffffff } level_t;
        typedef int (*callback_t)(void *ctx, const char *msg, ...);
        #define FLAG_A 0x10u
        #define FLAG_B (FLAG_A << 2)
        #define MASK (FLAG_A | FLAG_B | 1)
        #define NEGATIVE (-5L)
        #define NAME "text"
        """;

    [Fact]
    public void LayoutHeader_RecordsComeOutAsTheCLayoutRulesSay()
    {
        var abi = ScannerHarness.Abi(ScannerHarness.ScanText(LayoutHeader, "linux-x64", "win-x64"), "win-x64");
        Assert.Empty(abi.Diagnostics);

        // pack(1): no padding at all, 1 + 4 + 2
        var packed = abi.FindRecord("packed_t")!;
        Assert.Equal("packed_s", packed.Name);
        Assert.Equal(7, packed.Size);
        Assert.Equal(1, packed.Align);
        Assert.True(packed.IsPacked);
        Assert.Equal(new long[] { 0, 1, 5 }, packed.Fields.Select(f => f.Offset));

        // same fields without the pragma: i aligned to 4, s at 8, size rounded to 12
        var natural = abi.FindRecord("natural")!;
        Assert.False(natural.IsPacked);
        Assert.Equal(new long[] { 0, 4, 8 }, natural.Fields.Select(f => f.Offset));
        Assert.Equal(12, natural.Size);

        // union: every member at 0, size of the largest (12) rounded up to double's alignment 8
        var union = abi.FindRecord("value_u")!;
        Assert.Equal(CTypeKind.Union, union.Kind);
        Assert.Equal(16, union.Size);
        Assert.All(union.Fields, f => Assert.Equal(0, f.OffsetBits));
        Assert.Equal(12, union.Fields[2].Type.ArrayLength);

        // bit-fields: 3 + 5 + 10 bits pack into one unsigned int; d starts at the next 4-byte unit
        var flags = abi.FindRecord("flags")!;
        Assert.Equal(new[] { 3, 5, 10, -1 }, flags.Fields.Select(f => f.BitWidth));
        Assert.Equal(new long[] { 0, 3, 8, 32 }, flags.Fields.Select(f => f.OffsetBits));
        Assert.Equal(8, flags.Size);

        // fixed arrays keep element type and length
        var fixedArrays = abi.FindRecord("fixed")!;
        Assert.Equal(CTypeKind.Array, fixedArrays.Fields[1].Type.Kind);
        Assert.Equal(4, fixedArrays.Fields[1].Type.ArrayLength);
        Assert.Equal(4, fixedArrays.Fields[1].Type.Element!.Size);
        Assert.Equal(16, fixedArrays.Fields[1].Offset);
        Assert.Equal(32, fixedArrays.Size);

        // flexible array member: length -1, does not count in the size
        var flex = abi.FindRecord("flex")!;
        Assert.Equal(-1, flex.Fields[1].Type.ArrayLength);
        Assert.Equal(4, flex.Size);

        // nested tagless records get names from their parent
        var outer = abi.FindRecord("outer")!;
        Assert.Equal(new[] { "kind", "", "point" }, outer.Fields.Select(f => f.Name));
        Assert.Equal(4, outer.Fields[1].Offset);
        Assert.Equal("outer.__anon0", outer.Fields[1].Type.DeclName);
        Assert.Equal("outer.point", outer.Fields[2].Type.DeclName);
        Assert.Equal(CTypeKind.Union, abi.FindRecord("outer.__anon0")!.Kind);
        Assert.Equal(8, abi.FindRecord("outer.point")!.Size);

        Assert.Equal(4, abi.FindRecord("tagless_t")!.Size);
        Assert.Equal(-1, abi.FindRecord("opaque")!.Size);
    }

    [Fact]
    public void EnumsTypedefsAndMacros_AreCollected()
    {
        var abi = ScannerHarness.Abi(ScannerHarness.ScanText(LayoutHeader, "linux-x64"), "linux-x64");

        var color = abi.FindEnum("color")!;
        Assert.Equal(new[] { ("RED", 0L), ("GREEN", 5L), ("BLUE", 6L) }, color.Enumerators.Select(e => (e.Name, e.Value)));
        Assert.Equal(4, color.IntegerType.Size);

        var level = abi.FindEnum("level_t")!;
        Assert.True(level.IntegerType.IsSigned);
        Assert.Equal(-1, level.Enumerators[0].Value);

        var callback = abi.FindTypedef("callback_t")!.Type;
        Assert.Equal(CTypeKind.Pointer, callback.Kind);
        var function = callback.Pointee!;
        Assert.Equal(CTypeKind.Function, function.Kind);
        Assert.True(function.IsVariadic);
        Assert.Equal(2, function.Parameters.Count);
        Assert.Equal("int", function.Return!.Spelling);

        Assert.Equal(16, abi.FindConstants("FLAG_A").Single().Value);
        Assert.Equal(64, abi.FindConstants("FLAG_B").Single().Value);
        Assert.Equal(16 | 64 | 1, abi.FindConstants("MASK").Single().Value);
        Assert.Equal(-5, abi.FindConstants("NEGATIVE").Single().Value);
        Assert.Equal("(-5L)", abi.FindConstants("NEGATIVE").Single().Text);
        Assert.Empty(abi.FindConstants("NAME"));
        Assert.Empty(abi.FindConstants("__x86_64__")); // predefined by the compiler, not the header's
    }

    [Fact]
    public void FunctionAttributes_ComeFromTheDeclaration()
    {
        const string header = """
            #include <stddef.h>
            #define MY_MALLOC __attribute__((malloc))
            void *my_alloc(size_t n) MY_MALLOC;
            char *my_dup(const char *s) __attribute__((__malloc__)) __attribute__((__nonnull__(1)));
            __attribute__((deprecated)) int old_api(void);
            static inline int twice(int x) { return 2 * x; }
            void plain(void);
            """;
        var abi = ScannerHarness.Abi(ScannerHarness.ScanText(header, "linux-x64"), "linux-x64");
        Assert.Equal(new[] { "malloc" }, abi.FindFunctions("my_alloc").Single().Attributes);
        Assert.Equal(new[] { "malloc", "nonnull" }, abi.FindFunctions("my_dup").Single().Attributes);
        Assert.Equal(new[] { "deprecated" }, abi.FindFunctions("old_api").Single().Attributes);
        Assert.Empty(abi.FindFunctions("twice")); // static: no symbol a P/Invoke could bind
        Assert.Empty(abi.FindFunctions("plain").Single().Attributes);
    }

    [Fact]
    public void SystemHeader_KeepsLibcDeclarations_WithTheirAttributes()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("uses_string.h", "#include <string.h>\nchar *my_copy(const char *s);\n");
        var abi = ScannerHarness.Abi(ScannerHarness.Scan(new[] { path }, new[] { "linux-x64" }), "linux-x64");
        var strdup = abi.FindFunctions("strdup").Single();
        Assert.Contains("malloc", strdup.Attributes);
        Assert.EndsWith("string.h", strdup.File);
        Assert.Single(abi.FindFunctions("my_copy"));
    }

    [Theory]
    [InlineData("win-x64")]
    [InlineData("osx-arm64")]
    [InlineData("linux-arm64")]
    public void LibcIncludes_ParseCleanlyOnForeignAbis_WithTheShim(string rid)
    {
        // Without the target's system headers (sysroot "none"), the small shim stands in for the C library.
        const string header = """
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <wchar.h>
            #include <sys/types.h>
            long api_write(FILE *out, const wchar_t *text, size_t length, off_t at);
            """;
        var abi = ScannerHarness.Abi(ScannerHarness.ScanText(header, new Dictionary<string, string> { [rid] = "none" }, rid), rid);
        Assert.Empty(abi.Diagnostics);
        var strdup = abi.FindFunctions("strdup").Single();
        Assert.Contains("malloc", strdup.Attributes);
        Assert.Equal(HeaderScanner.ShimPlaceholder + "string.h", strdup.File); // no machine-specific temp path
        Assert.Single(abi.FindFunctions("free"));
        var write = abi.FindFunctions("api_write").Single();
        Assert.Equal(CTypeKind.Pointer, write.Parameters[0].Type.Kind);
        Assert.Equal(AbiTargets.IsWindows(rid) ? 4 : 8, write.Return.Size);
        Assert.Equal(AbiTargets.IsWindows(rid) ? 4 : 8, write.Parameters[3].Type.Size); // MSVC's off_t is long
    }

    [Fact]
    public void Bzlib_OnWinX86_UsesStdcall_AndCdeclElsewhere()
    {
        // bzlib.h declares its API with WINAPI under _WIN32
        var manifest = ScannerHarness.Scan(new[] { "/usr/include/bzlib.h" }, new[] { "win-x86", "linux-x64" });
        Assert.Equal("stdcall", ScannerHarness.Abi(manifest, "win-x86").FindFunctions("BZ2_bzCompressInit").Single().CallingConvention);
        Assert.Equal("c", ScannerHarness.Abi(manifest, "linux-x64").FindFunctions("BZ2_bzCompressInit").Single().CallingConvention);
    }

    [Fact]
    public void BrokenHeader_ReportsErrorsWithLocation_AndKeepsWhatParsed()
    {
        const string header = """
            int before_error(int x);
            struct kept { int a; long b; };
            this is not C;
            int after_error(void);
            """;
        using var dir = new TempDirectory();
        var path = dir.Write("broken.h", header);
        var abi = ScannerHarness.Abi(ScannerHarness.Scan(new[] { path }, new[] { "linux-x64" }), "linux-x64");

        Assert.True(abi.Scanned);
        var error = abi.Diagnostics.First(d => d.Severity == ScanSeverity.Error);
        Assert.Equal(path, error.File);
        Assert.Equal(3, error.Line);
        Assert.True(error.Column > 0);
        Assert.False(string.IsNullOrEmpty(error.Message));
        Assert.Single(abi.FindFunctions("before_error"));
        Assert.Equal(16, abi.FindRecord("kept")!.Size);
        Assert.Equal("x", abi.FindFunctions("before_error").Single().Parameters.Single().Name);
    }

    [Fact]
    public void MissingInclude_IsReported_AndTheRestStillParses()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("needs_missing.h", "#include \"missing.h\"\nint after_missing(void);\n");
        var abi = ScannerHarness.Abi(ScannerHarness.Scan(new[] { path }, new[] { "win-x64" }), "win-x64");
        var error = abi.Diagnostics.Single(d => d.Severity >= ScanSeverity.Error);
        Assert.Equal(1, error.Line);
        Assert.Contains("missing.h", error.Message);
        Assert.Single(abi.FindFunctions("after_missing"));
    }

    [Fact]
    public void MissingHeader_IsADiagnostic_NotAnException()
    {
        var abi = ScannerHarness.Abi(ScannerHarness.Scan(new[] { "/nonexistent/dir/none.h" }, new[] { "linux-x64" }), "linux-x64");
        Assert.False(abi.Scanned);
        Assert.Contains(abi.Diagnostics, d => d.Message.Contains("none.h", StringComparison.Ordinal));
    }

    [Fact]
    public void UnitThatOutlivesTheTimeout_IsReported_AndTheScanReturns()
    {
        // sqlite3.h cannot be parsed in a millisecond; the scan stops waiting and says so
        var request = new ScanRequest { Timeout = TimeSpan.FromMilliseconds(1) };
        request.Headers.Add(new ManifestHeader { Path = "/usr/include/sqlite3.h" });
        request.Targets.Add("win-x64");
        var abi = HeaderScanner.Scan(request).Manifest.Abis.Single();
        Assert.False(abi.Scanned);
        var diagnostic = abi.Diagnostics.Single();
        Assert.Equal(ToolCode.ScanFailed, diagnostic.Code);
        Assert.StartsWith("scan of /usr/include/sqlite3.h for win-x64 did not finish in 0.001 s", diagnostic.Message);
    }

    [Fact]
    public void InMemoryHeader_IsParsedFromUnsavedFiles()
    {
        var request = new ScanRequest();
        request.Headers.Add(new ManifestHeader { Path = "/virtual/in_memory.h" });
        request.UnsavedFiles["/virtual/in_memory.h"] = "struct mem { short a; long long b; };\n";
        request.Targets.Add("win-x86");
        var abi = HeaderScanner.Scan(request).Manifest.Abis.Single();

        // MSVC x86 aligns long long to 8 inside structs: a at 0, b at 8, size 16
        var record = abi.FindRecord("mem")!;
        Assert.Equal(8, record.Fields[1].Offset);
        Assert.Equal(16, record.Size);
    }
}
