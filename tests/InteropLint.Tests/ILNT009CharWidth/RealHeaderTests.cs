using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.CharWidthAnalyzer, InteropLint.CodeFixes.CharWidthCodeFixProvider>;

namespace InteropLint.Tests.ILNT009CharWidth;

/// <summary>ILNT009 against sqlite3.h and native/interopdemo.h as the real scanner reads them.</summary>
[Trait(Tier.Name, Tier.RealHeader)]
public class RealHeaderTests
{
    [Fact]
    public Task Sqlite_OpenWithCharSetUnicode_BecomesUtf8_Open16IsSilent()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            static class Sqlite
            {
                [DllImport("sqlite3", CharSet = CharSet.Unicode)]
                public static extern int sqlite3_open({|ILNT009:string|} filename, out IntPtr db);

                [DllImport("sqlite3", CharSet = CharSet.Unicode)]
                public static extern int sqlite3_open16(string filename, out IntPtr db);
            }
            """;
        const string fixedSource = """
            using System;
            using System.Runtime.InteropServices;
            static class Sqlite
            {
                [DllImport("sqlite3", CharSet = CharSet.Unicode)]
                public static extern int sqlite3_open([MarshalAs(UnmanagedType.LPUTF8Str)] string filename, out IntPtr db);

                [DllImport("sqlite3", CharSet = CharSet.Unicode)]
                public static extern int sqlite3_open16(string filename, out IntPtr db);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, RealHeaders.Sqlite);
    }

    [Fact]
    public async Task InteropDemo_WcslenWithCharSetUnicode_WrongOnUnixOnly()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("interopdemo", CharSet = CharSet.Unicode)]
                public static extern nuint demo_wcslen({|ILNT009:string|} s);
            }
            """;
        await Verify.VerifyCodeFixAsync(source, source, RealHeaders.InteropDemo);

        var message = Assert.Single(await AnalyzerRunner.RunAsync(new CharWidthAnalyzer(), source, RealHeaders.InteropDemo)).GetMessage();
        Assert.Contains("2-byte characters on win-x64", message);
        Assert.Contains("4-byte characters on linux-x64, osx-arm64", message);
        Assert.Contains("no string or char marshalling is right on every ABI", message);
    }

    [Fact]
    public async Task InteropDemo_CorrectStringDeclarations_AreSilent()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("interopdemo")] public static extern int demo_emit(string message);
                [DllImport("interopdemo")] public static extern IntPtr demo_strdup_upper([MarshalAs(UnmanagedType.LPUTF8Str)] string s);
                [DllImport("interopdemo")] public static extern nuint demo_wcslen(IntPtr s);
            }
            """;
        Assert.Empty(await SignatureRules.RunAllAsync(source, RealHeaders.InteropDemo));
    }
}
