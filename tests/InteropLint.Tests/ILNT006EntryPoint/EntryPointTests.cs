using InteropLint.Analyzers;
using InteropLint.CodeFixes;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.EntryPointAnalyzer, InteropLint.CodeFixes.EntryPointCodeFixProvider>;

namespace InteropLint.Tests.ILNT006EntryPoint;

public class EntryPointTests
{
    private static readonly string Manifest = new TestManifest(library: "z", header: "zlib.h")
        .Function("deflateEnd", C.Int, ("strm", C.Pointer(C.Struct("z_stream", 112, 8))))
        .Function("deflate", C.Int, ("strm", C.Pointer(C.Struct("z_stream", 112, 8))), ("flush", C.Int))
        .Function("inflateEnd", C.Int, ("strm", C.Pointer(C.Struct("z_stream", 112, 8))))
        .Function("deflateInit_", C.Int, ("strm", C.Pointer(C.Struct("z_stream", 112, 8))), ("level", C.Int), ("version", C.Pointer(C.Const(C.Char))), ("stream_size", C.Int))
        .MacroAlias("deflateInit", "deflateInit_")
        .Json();

    [Fact]
    public Task TypoInMethodName_SuggestsNearestAndFixSetsEntryPoint()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z")]
                public static extern int {|#0:deflateEnds|}(IntPtr strm);
                static int Use(IntPtr s) => deflateEnds(s);
            }
            """;
        const string fixedSource = """
            using System;
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z", EntryPoint = "deflateEnd")]
                public static extern int deflateEnds(IntPtr strm);
                static int Use(IntPtr s) => deflateEnds(s);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT006EntryPoint).WithLocation(0)
                .WithArguments("entry point 'deflateEnds' is not declared by zlib.h (library 'z'); did you mean 'deflateEnd' (zlib.h:10)?"));
    }

    [Fact]
    public Task WrongEntryPointCase_ReplacesEntryPointValue()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            static partial class Z
            {
                [LibraryImport("libz.so.1", EntryPoint = {|#0:"DeflateEnd"|})]
                public static partial int DeflateEnd(IntPtr strm);
            }
            """;
        const string fixedSource = """
            using System;
            using System.Runtime.InteropServices;
            static partial class Z
            {
                [LibraryImport("libz.so.1", EntryPoint = "deflateEnd")]
                public static partial int DeflateEnd(IntPtr strm);
            }
            """;
        var test = new InteropTest<EntryPointAnalyzer, EntryPointCodeFixProvider> { TestCode = source, FixedCode = fixedSource };
        test.WithManifest(Manifest);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(RuleIdentifiers.ILNT006EntryPoint).WithLocation(0));
        // The LibraryImport generator does not run in the test: the partial method has no implementation.
        test.CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None;
        return test.RunAsync();
    }

    [Fact]
    public Task MacroThatCallsAnotherFunction_SaysWhichNameToBind()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z")]
                public static extern int {|#0:deflateInit|}(IntPtr strm, int level);
            }
            """;
        const string fixedSource = """
            using System;
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z", EntryPoint = "deflateInit_")]
                public static extern int deflateInit(IntPtr strm, int level);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT006EntryPoint).WithLocation(0)
                .WithArguments("entry point 'deflateInit' is a macro (zlib.h:14) that calls 'deflateInit_'; the library exports no function named 'deflateInit': bind 'deflateInit_' and declare the parameters its prototype has (the macro may supply some of them)"));
    }

    [Fact]
    public Task DeclaredEntryPoint_NoDiagnostic()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z")] public static extern int deflateEnd(IntPtr strm);
                [DllImport("z", EntryPoint = "deflate")] public static extern int Deflate(IntPtr strm, int flush);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Manifest);
    }

    [Fact]
    public Task OtherLibrary_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Libc
            {
                [DllImport("libc")] public static extern int getpid();
                [DllImport("libc")] public static extern int deflateEnds();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Manifest);
    }

    [Fact]
    public Task UnknownNameWithoutNearMiss_ReportsWithoutFix()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z")] public static extern int {|#0:gzopen_w|}();
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT006EntryPoint).WithLocation(0)
                .WithArguments("entry point 'gzopen_w' is not declared by zlib.h (library 'z'); the call fails with EntryPointNotFoundException unless another library exports it"));
    }

    [Fact]
    public Task HeaderForEveryLibrary_ReportsOnlyNearMisses()
    {
        var manifest = new TestManifest(library: "", header: "zlib.h")
            .Function("deflateEnd", C.Int, ("strm", C.Pointer(C.Struct("z_stream", 112, 8))))
            .Json();
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            static class Native
            {
                [DllImport("libc")] public static extern int getpid();
                [DllImport("z")] public static extern int {|#0:deflateend|}(IntPtr strm);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT006EntryPoint).WithLocation(0)
                .WithArguments("entry point 'deflateend' is not declared by zlib.h (library 'z'); did you mean 'deflateEnd' (zlib.h:10)?"));
    }

    [Fact]
    public Task FixAll_BindsEveryTypo()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z")] public static extern int {|ILNT006:deflateEnds|}(IntPtr strm);
                [DllImport("z")] public static extern int {|ILNT006:infalteEnd|}(IntPtr strm);
            }
            """;
        const string fixedSource = """
            using System;
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z", EntryPoint = "deflateEnd")] public static extern int deflateEnds(IntPtr strm);
                [DllImport("z", EntryPoint = "inflateEnd")] public static extern int infalteEnd(IntPtr strm);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest);
    }

    [Theory]
    [InlineData("deflateEnds", "deflateEnd", 1)]
    [InlineData("infalteEnd", "inflateEnd", 1)]
    [InlineData("DEFLATEEND", "deflateEnd", 0)]
    public void EditDistance_CountsTranspositionsOnceAndIgnoresCaseWhenAsked(string a, string b, int expected) =>
        Assert.Equal(expected, InteropLint.Analyzers.DeclaredNames.EditDistance(a, b, ignoreCase: true));
}
