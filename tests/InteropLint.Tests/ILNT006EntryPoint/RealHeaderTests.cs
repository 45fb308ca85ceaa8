using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.EntryPointAnalyzer, InteropLint.CodeFixes.EntryPointCodeFixProvider>;

namespace InteropLint.Tests.ILNT006EntryPoint;

/// <summary>ILNT006 against zlib.h and native/interopdemo.h as the real scanner reads them.</summary>
[Trait(Tier.Name, Tier.RealHeader)]
public class RealHeaderTests
{
    [Fact]
    public async Task Zlib_DeflateEndsTypo_SuggestsDeflateEnd()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z")] public static extern int {|ILNT006:deflateEnds|}(IntPtr strm);
            }
            """;
        const string fixedSource = """
            using System;
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z", EntryPoint = "deflateEnd")] public static extern int deflateEnds(IntPtr strm);
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, RealHeaders.Zlib);

        var diagnostic = Assert.Single(await AnalyzerRunner.RunAsync(new EntryPointAnalyzer(), source, RealHeaders.Zlib));
        Assert.StartsWith("entry point 'deflateEnds' is not declared by zlib.h (library 'z'); did you mean 'deflateEnd' (zlib.h:", diagnostic.GetMessage());
    }

    [Fact]
    public async Task Zlib_DeflateInitMacro_SaysUseDeflateInitUnderscore()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z")] public static extern int {|ILNT006:deflateInit|}(IntPtr strm, int level);
            }
            """;
        const string fixedSource = """
            using System;
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z", EntryPoint = "deflateInit_")] public static extern int deflateInit(IntPtr strm, int level);
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, RealHeaders.Zlib);

        var diagnostic = Assert.Single(await AnalyzerRunner.RunAsync(new EntryPointAnalyzer(), source, RealHeaders.Zlib));
        Assert.Contains("'deflateInit' is a macro (zlib.h:", diagnostic.GetMessage());
        Assert.Contains("that calls 'deflateInit_'", diagnostic.GetMessage());
    }

    [Fact]
    public async Task DeclaredFunctions_AreSilent()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            static class Native
            {
                [DllImport("z")] public static extern int deflateEnd(IntPtr strm);
                [DllImport("z", EntryPoint = "deflateInit_")] public static extern int DeflateInit(IntPtr strm, int level, string version, int size);
                [DllImport("interopdemo")] public static extern int demo_emit(string message);
                [DllImport("libc")] public static extern int getpid();
            }
            """;
        Assert.Empty(await SignatureRules.RunAllAsync(source, RealHeaders.Zlib));
        Assert.Empty(await SignatureRules.RunAllAsync(source, RealHeaders.InteropDemo));
    }

    [Fact]
    public Task InteropDemo_Typo_Reported()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("interopdemo")] public static extern int {|ILNT006:demo_emitt|}(string message);
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("interopdemo", EntryPoint = "demo_emit")] public static extern int demo_emitt(string message);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, RealHeaders.InteropDemo);
    }
}
