using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.VariadicAnalyzer>;

namespace InteropLint.Tests.ILNT011Variadic;

/// <summary>ILNT011 against glibc's stdio.h, sqlite3.h and native/interopdemo.h as the real scanner reads them.</summary>
[Trait(Tier.Name, Tier.RealHeader)]
public class RealHeaderTests
{
    [Fact]
    public async Task Glibc_Printf_IsVariadic()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Libc
            {
                [DllImport("libc")] public static extern int {|ILNT011:printf|}(string format, double value);
                [DllImport("libc", EntryPoint = "printf")] public static extern int PrintInt(string format, int value);
                [DllImport("libc")] public static extern int puts(string s);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, RealHeaders.Glibc("stdio.h"));

        var diagnostic = Assert.Single(await AnalyzerRunner.RunAsync(new VariadicAnalyzer(), source, RealHeaders.Glibc("stdio.h")));
        Assert.Contains("'printf' is variadic (stdio.h:", diagnostic.GetMessage());
        Assert.Contains("on linux-x64 the caller must set AL", diagnostic.GetMessage());
    }

    [Fact]
    public async Task Sqlite_Mprintf_IsVariadic_OnEveryAbi()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            static class Sqlite
            {
                [DllImport("sqlite3")] public static extern IntPtr {|ILNT011:sqlite3_mprintf|}(string format, string arg);
                [DllImport("sqlite3")] public static extern IntPtr sqlite3_libversion();
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, RealHeaders.Sqlite);

        var message = Assert.Single(await AnalyzerRunner.RunAsync(new VariadicAnalyzer(), source, RealHeaders.Sqlite)).GetMessage();
        Assert.Contains("on osx-arm64 variadic arguments are read from the stack but the P/Invoke passes 'arg' in registers", message);
        Assert.DoesNotContain("linux-x64", message); // two pointers travel like fixed arguments there
        Assert.DoesNotContain("win-x64", message);
    }

    [Fact]
    public Task InteropDemo_Format_IsVariadic()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("interopdemo")] public static extern int {|ILNT011:demo_format|}(byte[] buf, nuint size, string fmt, int value);
                [DllImport("interopdemo")] public static extern int demo_emit(string message);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, RealHeaders.InteropDemo);
    }
}
