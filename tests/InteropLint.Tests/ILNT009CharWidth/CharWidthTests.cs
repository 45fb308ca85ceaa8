using InteropLint.Analyzers;
using InteropLint.CodeFixes;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.CharWidthAnalyzer, InteropLint.CodeFixes.CharWidthCodeFixProvider>;

namespace InteropLint.Tests.ILNT009CharWidth;

public class CharWidthTests
{
    private static readonly string Manifest = new TestManifest(library: "demo")
        .Function("demo_strlen", C.SizeT, ("s", C.Pointer(C.Const(C.Char))))
        .Function("demo_wcslen", C.SizeT, ("s", C.Pointer(C.Const(C.WChar))))
        .Function("demo_version", C.Pointer(C.Const(C.Char)))
        .Function("demo_getc", C.Char)
        .Function("demo_putwc", C.Void, ("c", C.WChar))
        .Function("demo_blob", C.Void, ("p", C.Pointer(C.Void)))
        .Json();

    [Fact]
    public Task CharSetUnicode_ForCharPointer_MarshalsParameterAsUtf8()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo", CharSet = CharSet.Unicode)]
                public static extern nuint demo_strlen({|#0:string|} s);
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo", CharSet = CharSet.Unicode)]
                public static extern nuint demo_strlen([MarshalAs(UnmanagedType.LPUTF8Str)] string s);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT009CharWidth).WithLocation(0).WithArguments(
                "parameter 's' is 'string' marshalled as UTF-16 (CharSet.Unicode) but C 'const char *' (demo_strlen, demo.h:10) has 1-byte characters; use [MarshalAs(UnmanagedType.LPUTF8Str)]"));
    }

    [Fact]
    public Task LpwstrAndUtf16Return_ForCharPointer_BecomeUtf8()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo")]
                public static extern nuint demo_strlen([MarshalAs(UnmanagedType.LPWStr)] {|ILNT009:string|} s);

                [DllImport("demo", CharSet = CharSet.Unicode)]
                public static extern {|ILNT009:string|} demo_version();
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo")]
                public static extern nuint demo_strlen([MarshalAs(UnmanagedType.LPUTF8Str)] string s);

                [DllImport("demo", CharSet = CharSet.Unicode)]
                [return: MarshalAs(UnmanagedType.LPUTF8Str)]
                public static extern string demo_version();
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest);
    }

    [Fact]
    public Task LibraryImportUtf16_ForCharPointer_BecomesUtf8()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static partial class Demo
            {
                [LibraryImport("demo", StringMarshalling = StringMarshalling.Utf16)]
                public static partial nuint demo_strlen({|ILNT009:string|} s);
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;
            static partial class Demo
            {
                [LibraryImport("demo", StringMarshalling = StringMarshalling.Utf16)]
                public static partial nuint demo_strlen([MarshalAs(UnmanagedType.LPUTF8Str)] string s);
            }
            """;
        var test = new InteropTest<CharWidthAnalyzer, CharWidthCodeFixProvider> { TestCode = source, FixedCode = fixedSource, CompilerDiagnostics = CompilerDiagnostics.None };
        test.WithManifest(Manifest);
        return test.RunAsync();
    }

    [Fact]
    public Task CharSetAuto_ForCharPointer_IsWrongOnWindowsOnly()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo", CharSet = CharSet.Auto)]
                public static extern nuint demo_strlen({|#0:string|} s);
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo", CharSet = CharSet.Auto)]
                public static extern nuint demo_strlen([MarshalAs(UnmanagedType.LPUTF8Str)] string s);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT009CharWidth).WithLocation(0).WithArguments(
                "parameter 's' is 'string' marshalled as UTF-16 (CharSet.Auto on Windows) on win-x64 but C 'const char *' (demo_strlen, demo.h:10) has 1-byte characters; use [MarshalAs(UnmanagedType.LPUTF8Str)]"));
    }

    [Fact]
    public Task CharSetUnicode_ForWcharPointer_IsWrongOnUnix_NoFix()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo", CharSet = CharSet.Unicode)]
                public static extern nuint demo_wcslen({|#0:string|} s);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT009CharWidth).WithLocation(0).WithArguments(
                "parameter 's' is 'string' marshalled as UTF-16 (CharSet.Unicode) but C 'const wchar_t *' (demo_wcslen, demo.h:11) has 2-byte characters on win-x64 and 4-byte characters on linux-x64, osx-arm64"
                + "; no string or char marshalling is right on every ABI (wchar_t is UTF-16 on Windows and UTF-32 on Unix): pass a pointer to a buffer encoded per OS, or use a char*/char16_t* API"));
    }

    [Fact]
    public Task AnsiString_AndUnsafeCharPointer_ForWchar_Reported()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static unsafe class Demo
            {
                [DllImport("demo")] public static extern nuint demo_wcslen({|ILNT009:string|} s);
                [DllImport("demo", EntryPoint = "demo_wcslen")] public static extern nuint WcsLen({|ILNT009:char*|} s);
                [DllImport("demo", EntryPoint = "demo_wcslen")] public static extern nuint WcsLen2({|ILNT009:ushort[]|} s);
                [DllImport("demo", CharSet = CharSet.Unicode)] public static extern void demo_putwc({|ILNT009:char|} c);
                [DllImport("demo", CharSet = CharSet.Unicode)] public static extern {|ILNT009:char|} demo_getc();
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source, Manifest);
    }

    [Fact]
    public Task CorrectDeclarations_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.InteropServices;
            using System.Text;
            static unsafe class Demo
            {
                [DllImport("demo")] public static extern nuint demo_strlen(string s);
                [DllImport("demo", EntryPoint = "demo_strlen", CharSet = CharSet.Unicode)] public static extern nuint StrLen1([MarshalAs(UnmanagedType.LPUTF8Str)] string s);
                [DllImport("demo", EntryPoint = "demo_strlen")] public static extern nuint StrLen2(byte* s);
                [DllImport("demo", EntryPoint = "demo_strlen")] public static extern nuint StrLen3(byte[] s);
                [DllImport("demo", EntryPoint = "demo_strlen")] public static extern nuint StrLen4(StringBuilder s);
                [DllImport("demo", EntryPoint = "demo_wcslen")] public static extern nuint WcsLen(nint s);
                [DllImport("demo", CharSet = CharSet.Unicode)] public static extern void demo_blob(string s);
                [DllImport("demo")] public static extern byte demo_getc();
                [DllImport("demo", EntryPoint = "demo_getc")] public static extern char GetC();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Manifest);
    }
    [Fact]
    public Task WindowsOnlyVariant_Utf16ForWchar_JudgedOnWindowsOnly_NoDiagnostic()
    {
        // [SupportedOSPlatform] says where a member may be called (CA1416 enforces it at call sites): a wide-char
        // variant bound for Windows, where wchar_t is UTF-16, is right there and never called elsewhere.
        const string source = """
            using System.Runtime.InteropServices;
            using System.Runtime.Versioning;
            static class Demo
            {
                [SupportedOSPlatform("windows")]
                [DllImport("demo", CharSet = CharSet.Unicode)]
                public static extern nuint demo_wcslen(string s);
            }

            [SupportedOSPlatform("windows10.0.17763")]
            static class WindowsOnly
            {
                [DllImport("demo", EntryPoint = "demo_wcslen", CharSet = CharSet.Unicode)]
                public static extern nuint WcsLen(string s);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Manifest);
    }

    [Fact]
    public Task UnsupportedOnWindows_Utf16ForWchar_StillWrongOnUnix_Reported()
    {
        // Excluding Windows leaves the ABIs where the UTF-16 string is wrong: reported, and the 2-byte win-x64 is no longer named.
        const string source = """
            using System.Runtime.InteropServices;
            using System.Runtime.Versioning;
            static class Demo
            {
                [UnsupportedOSPlatform("windows")]
                [DllImport("demo", CharSet = CharSet.Unicode)]
                public static extern nuint demo_wcslen({|#0:string|} s);

                [SupportedOSPlatform("linux")]
                [DllImport("demo", EntryPoint = "demo_wcslen", CharSet = CharSet.Unicode)]
                public static extern nuint WcsLenLinux({|#1:string|} s);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT009CharWidth).WithLocation(0).WithArguments(
                "parameter 's' is 'string' marshalled as UTF-16 (CharSet.Unicode) but C 'const wchar_t *' (demo_wcslen, demo.h:11) has 4-byte characters; no string or char marshalling is right on every ABI (wchar_t is UTF-16 on Windows and UTF-32 on Unix): pass a pointer to a buffer encoded per OS, or use a char*/char16_t* API"),
            Verify.Diagnostic(RuleIdentifiers.ILNT009CharWidth).WithLocation(1).WithArguments(
                "parameter 's' is 'string' marshalled as UTF-16 (CharSet.Unicode) but C 'const wchar_t *' (demo_wcslen, demo.h:11) has 4-byte characters; no string or char marshalling is right on every ABI (wchar_t is UTF-16 on Windows and UTF-32 on Unix): pass a pointer to a buffer encoded per OS, or use a char*/char16_t* API"));
    }
}
