using InteropLint.Manifest;
using InteropLint.Tests.Infrastructure;
using Xunit;

namespace InteropLint.Tests.Robustness;

/// <summary>One small, readable case per bug the robustness suite found, so each stays fixed on its own.</summary>
public sealed class RegressionTests
{
    /// <summary>Found by the odd-manifest fuzz ("arity differs per ABI"): ILNT001 quoted the first ABI's parameter by index.</summary>
    [Fact]
    public async Task ArityThatDiffersPerAbi_PointerMismatch_ReportsWithoutThrowing()
    {
        var header = NativeHeaders.ScanText("""
            #ifdef _WIN32
            void fuzz_arity(int flags, unsigned long *out);
            #else
            void fuzz_arity(unsigned long *out);
            #endif
            """);
        const string source = """
            using System.Runtime.InteropServices;
            static class N
            {
                [DllImport("x")] public static extern void fuzz_arity(int flags, ref ulong value);
            }
            """;

        var diagnostics = await AnalyzerRunner.RunAsync(new Analyzers.IntegerWidthAnalyzer(), source, header);

        var d = Assert.Single(diagnostics, d => d.GetMessage().StartsWith("parameter 'value'", StringComparison.Ordinal));
        Assert.Contains("'unsigned long *' points to 4 bytes", d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("win-x64", d.GetMessage(), StringComparison.Ordinal);
    }

    /// <summary>Found while building the manifest inputs: nested brackets in an unknown property overflowed the reader's stack.</summary>
    [Fact]
    public void NestingBomb_IsAFormatError_NotAStackOverflow()
    {
        var text = "{\"format\":1,\"future\":" + new string('[', 1_000_000) + new string(']', 1_000_000) + ",\"abis\":[]}";

        var ex = Assert.Throws<ManifestFormatException>(() => ManifestReader.Read(text));
        Assert.Contains("nested", ex.Message, StringComparison.Ordinal);
    }
}

/// <summary>Fix regressions, driven through the workspace like an IDE.</summary>
public sealed class FixRegressionTests
{
    /// <summary>Found by the multi-document fix-safety test: ILNT001's fix threw when a fixed call was the argument of another (crc32(crc32(…), …)).</summary>
    [Fact]
    public async Task NestedCallsOfTheFixedFunction_FixAll_CompilesWithoutThrowing()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static unsafe class Z
            {
                [DllImport("z")] public static extern uint crc32(uint crc, byte* buf, uint len);
                public static uint Twice(byte* p) => crc32(crc32(0, p, 1), p, 1);
            }
            """;
        var failures = new List<string>();
        var solution = FixHarness.CreateSolution(new[] { new[] { source } }, new[] { new ManifestFile("zlib.interoplint.json", RealHeaders.Zlib) });
        var document = solution.Projects.Single().Documents.Single();

        var fixedSolution = await FixHarness.FixAllAsync(solution, document.Id, "ILNT001", Microsoft.CodeAnalysis.CodeFixes.FixAllScope.Document, failures);

        Assert.Empty(failures);
        Assert.NotNull(fixedSolution);
        Assert.Empty(await FixHarness.NewErrorsAsync(solution, fixedSolution!));
        var text = (await fixedSolution!.GetDocument(document.Id)!.GetTextAsync()).ToString();
        Assert.Contains("extern CULong crc32(CULong crc", text, StringComparison.Ordinal);
    }

    /// <summary>Found by the source fuzz (truncations, a duplicated token, an unbound 'using'): ILNT003's fix rebuilt structs that did not compile and added errors.</summary>
    [Theory]
    [InlineData("struct Wire { [FieldOffset(0)] public byte kind; [FieldOffset(1)] publ")]
    [InlineData("[StructLayout StructLayout(LayoutKind.Explicit)]\nstruct Wire { [FieldOffset(0)] public byte kind; [FieldOffset(1)] public uint length; }")]
    public async Task StructThatDoesNotCompile_GetsNoLayoutFix(string broken)
    {
        var header = NativeHeaders.ScanText("""
            #pragma pack(push, 1)
            struct Wire { unsigned char kind; unsigned int length; };
            #pragma pack(pop)
            void send_wire(struct Wire *w);
            """);
        var source = "using System.Runtime.InteropServices;\n" + (broken.StartsWith("[", StringComparison.Ordinal) ? "" : "[StructLayout(LayoutKind.Explicit)]\n") + broken
            + "\nstatic unsafe class Native { [DllImport(\"demo\")] public static extern void send_wire(Wire* w); }\n";
        var failures = new List<string>();
        var solution = FixHarness.CreateSolution(new[] { new[] { source } }, new[] { new ManifestFile("wire.interoplint.json", header) });
        var diagnostics = await FixHarness.AnalyzeAsync(solution, failures);

        var applied = await FixHarness.ApplyEachFixAsync(solution, diagnostics, "broken Wire", failures);

        Assert.Empty(failures);
        Assert.Equal(0, applied);
    }
}

/// <summary>Signature-fix regressions.</summary>
public sealed class SignatureFixRegressionTests
{
    /// <summary>Found by the source fuzz (a duplicated '('): ILNT005 rewrote a half-typed declaration into another error.</summary>
    [Fact]
    public async Task HalfTypedDeclaration_GetsNoSignatureRewrite_ThatAddsErrors()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z")] public static extern int inflateEnd( (nint strm);
            }
            """;
        var failures = new List<string>();
        var solution = FixHarness.CreateSolution(new[] { new[] { source } }, new[] { new ManifestFile("zlib.interoplint.json", RealHeaders.Zlib) });
        var diagnostics = await FixHarness.AnalyzeAsync(solution, failures);

        await FixHarness.ApplyEachFixAsync(solution, diagnostics, "inflateEnd( (", failures);

        Assert.Empty(failures);
    }
}

/// <summary>Tool-diagnostic regressions.</summary>
public sealed class ToolDiagnosticRegressionTests
{
    /// <summary>Seen in the fuzz corpus's manifest: an error clang reported twice named each ABI twice ("linux-x64, linux-x64, …").</summary>
    [Fact]
    public async Task SameHeaderErrorTwiceInOneAbi_NamesEachAbiOnce()
    {
        var manifest = new NativeManifest { Headers = { new ManifestHeader { Path = "/usr/include/x.h" } } };
        foreach (var target in new[] { "linux-x64", "win-x64" })
        {
            var abi = new AbiManifest { Target = target, Scanned = true };
            for (var i = 0; i < 2; i++)
            {
                abi.Diagnostics.Add(new ScanDiagnostic { Severity = ScanSeverity.Error, File = "/usr/include/x.h", Line = 3, Column = 5, Message = "unknown type name 'var'" });
            }

            manifest.Abis.Add(abi);
        }

        var diagnostics = await AnalyzerRunner.RunAsync(new Analyzers.ToolDiagnosticsAnalyzer(), "class C { }", ManifestWriter.Write(manifest));

        var d = Assert.Single(diagnostics);
        Assert.Contains("(while scanning for linux-x64, win-x64)", d.GetMessage(), StringComparison.Ordinal);
    }
}
