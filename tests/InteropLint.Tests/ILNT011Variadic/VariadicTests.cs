using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.VariadicAnalyzer>;

namespace InteropLint.Tests.ILNT011Variadic;

public class VariadicTests
{
    private static readonly string Manifest = new TestManifest(library: "demo", targets: "linux-x64;win-x64;osx-arm64")
        .VariadicFunction("demo_format", C.Int, ("buf", C.Pointer(C.Char)), ("size", C.SizeT), ("fmt", C.Pointer(C.Const(C.Char))))
        .Function("demo_puts", C.Int, ("s", C.Pointer(C.Const(C.Char))))
        .Json();

    [Fact]
    public Task ExtraArguments_ReportsPerAbiWhy()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo")]
                public static extern int {|#0:demo_format|}(byte[] buf, nuint size, string fmt, double value);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Manifest,
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(RuleIdentifiers.ILNT011Variadic, Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0).WithArguments(
                "'demo_format' is variadic (demo.h:10: int demo_format(char *buf, size_t size, const char *fmt, ...)); the P/Invoke passes 1 variadic argument (floating-point: 'value') as fixed ones; "
                + "on osx-arm64 variadic arguments are read from the stack but the P/Invoke passes 'value' in registers, so the function reads garbage"
                + "; on linux-x64 the caller must set AL to the number of vector registers used, which the runtime does not, so floating-point variadic argument 'value' may be lost"
                + "; on win-x64 floating-point variadic argument 'value' must also be passed in an integer register, which the runtime does not do"
                + "; no P/Invoke declaration passes floating-point variadic arguments right on x86-64: format in C# and call a non-variadic function, or add a fixed-arity C wrapper"));
    }

    [Fact]
    public Task OnlyFixedArguments_OfAFunctionThatIsNotPrintfLike_PassNothingThatCanBreak()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static partial class Demo
            {
                [LibraryImport("demo", StringMarshalling = StringMarshalling.Utf8)]
                public static partial int demo_format(byte[] buf, nuint size, string fmt);
            }
            """;
        var test = new InteropTest<VariadicAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider> { TestCode = source };
        test.WithManifest(Manifest);
        test.CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None;
        return test.RunAsync();
    }

    [Fact]
    public Task NonVariadicFunction_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo")] public static extern int demo_puts(string s);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Manifest);
    }

    [Fact]
    public Task Win86_SaysCdecl()
    {
        var manifest = new TestManifest(library: "demo", targets: "win-x86")
            .VariadicFunction("demo_format", C.Int, ("buf", C.Pointer(C.Char)), ("size", C.SizeT), ("fmt", C.Pointer(C.Const(C.Char))))
            .Json();
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo")] public static extern int {|#0:demo_format|}(byte[] buf, nuint size, string fmt, int value);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, manifest,
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(RuleIdentifiers.ILNT011Variadic, Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0).WithArguments(
                "'demo_format' is variadic (demo.h:10: int demo_format(char *buf, size_t size, const char *fmt, ...)); the P/Invoke passes 1 variadic argument (integers and pointers only) as fixed ones; "
                + "on win-x86 the function is cdecl, so the P/Invoke needs CallingConvention.Cdecl"));
    }

    [Fact]
    public Task Win86_OnlyFixedArguments_StillNeedCdecl_AndCdeclIsAccepted()
    {
        var manifest = new TestManifest(library: "demo", targets: "win-x86")
            .VariadicFunction("demo_format", C.Int, ("buf", C.Pointer(C.Char)), ("size", C.SizeT), ("fmt", C.Pointer(C.Const(C.Char))))
            .Json();
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo")] public static extern int {|#0:demo_format|}(byte[] buf, nuint size, string fmt);
                [DllImport("demo", EntryPoint = "demo_format", CallingConvention = CallingConvention.Cdecl)] public static extern int FormatCdecl(byte[] buf, nuint size, string fmt);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, manifest,
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(RuleIdentifiers.ILNT011Variadic, Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0).WithArguments(
                "'demo_format' is variadic (demo.h:10: int demo_format(char *buf, size_t size, const char *fmt, ...)); on win-x86 the function is cdecl, so the P/Invoke needs CallingConvention.Cdecl"));
    }
}
