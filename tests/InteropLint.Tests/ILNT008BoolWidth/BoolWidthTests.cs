using InteropLint.Analyzers;
using InteropLint.CodeFixes;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.BoolWidthAnalyzer, InteropLint.CodeFixes.BoolWidthCodeFixProvider>;

namespace InteropLint.Tests.ILNT008BoolWidth;

public class BoolWidthTests
{
    private static readonly CTypeOn LzmaBool = C.Named("lzma_bool", C.UChar);
    private static readonly CTypeOn Win32Bool = C.Named("BOOL", C.Int);

    private static readonly string Manifest = new TestManifest(library: "demo")
        .Function("demo_is_even", C.Bool, ("value", C.Int))
        .Function("lzma_check_is_supported", LzmaBool, ("check", C.Int))
        .Function("demo_set_flag", C.Void, ("on", C.Bool))
        .Function("demo_set_win32", C.Void, ("on", Win32Bool))
        .Function("demo_all", C.Bool, ("items", C.Pointer(C.Const(C.Bool))), ("n", C.SizeT))
        .Function("demo_get_flag", C.Void, ("out", C.Pointer(C.Bool)))
        .Json();

    [Fact]
    public Task DefaultBoolReturn_ForOneByteFlagTypedef_AddsReturnMarshalAsU1()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Lzma
            {
                [DllImport("demo")]
                public static extern {|#0:bool|} lzma_check_is_supported(int check);
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;
            static class Lzma
            {
                [DllImport("demo")]
                [return: MarshalAs(UnmanagedType.U1)]
                public static extern bool lzma_check_is_supported(int check);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT008BoolWidth).WithLocation(0).WithArguments(
                "the return value is 'bool' marshalled as a 4-byte Win32 BOOL (DllImport's default), but C 'lzma_bool' (lzma_check_is_supported, demo.h:11) is 1 byte"
                + " (C sets only the low byte of the return register; the rest is garbage); use [MarshalAs(UnmanagedType.U1)]"));
    }

    [Fact]
    public Task BoolParameterByValue_ForCBool_IsReadFromItsLowByte_NoFinding()
    {
        // Issue 15 case N: a 4-byte BOOL argument holding 0 or 1 reaches a 1-byte C bool as its low byte on every ABI.
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo")] public static extern void demo_set_flag(bool on);
                [DllImport("demo", EntryPoint = "demo_set_flag")] public static extern void SetFlag([MarshalAs(UnmanagedType.Bool)] bool on);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Manifest);
    }

    [Fact]
    public Task BoolParameterByValue_NarrowerThanTheCInt_IsStillReported()
    {
        // The narrow side cannot stand for a wider C value: the callee reads bytes the caller never set.
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo")] public static extern void demo_set_win32([MarshalAs(UnmanagedType.U1)] {|ILNT008:bool|} on);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Manifest);
    }

    [Fact]
    public Task BoolBehindAPointer_ForCBool_IsStillReported()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo")] public static extern void demo_get_flag(out {|ILNT008:bool|} flag);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Manifest);
    }

    [Fact]
    public Task MarshalAsBool_ForCBool_IsTheSyslib1054MistakeAndBecomesU1()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo")]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern {|#0:bool|} demo_is_even(int value);
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo")]
                [return: MarshalAs(UnmanagedType.U1)]
                public static extern bool demo_is_even(int value);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT008BoolWidth).WithLocation(0).WithArguments(
                "the return value is 'bool' marshalled as 4 bytes ([MarshalAs(UnmanagedType.Bool)]), but C 'bool' (demo_is_even, demo.h:10) is 1 byte"
                + " (C sets only the low byte of the return register; the rest is garbage); use [MarshalAs(UnmanagedType.U1)]"));
    }

    [Fact]
    public Task MarshalAsU1_ForFourByteBool_BecomesBool()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo")] public static extern void demo_set_win32([MarshalAs(UnmanagedType.U1)] {|#0:bool|} on);
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo")] public static extern void demo_set_win32([MarshalAs(UnmanagedType.Bool)] bool on);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT008BoolWidth).WithLocation(0).WithArguments(
                "parameter 'on' is 'bool' marshalled as 1 byte ([MarshalAs(UnmanagedType.U1)]), but C 'BOOL' (demo_set_win32, demo.h:13) is 4 bytes; use [MarshalAs(UnmanagedType.Bool)]"));
    }

    [Fact]
    public Task CorrectDeclarations_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo")] [return: MarshalAs(UnmanagedType.U1)] public static extern bool demo_is_even(int value);
                [DllImport("demo")] [return: MarshalAs(UnmanagedType.I1)] public static extern bool lzma_check_is_supported(int check);
                [DllImport("demo")] public static extern void demo_set_win32(bool on);
                [DllImport("demo", EntryPoint = "demo_set_win32")] public static extern void SetWin32([MarshalAs(UnmanagedType.Bool)] bool on);
                [DllImport("demo", EntryPoint = "demo_set_flag")] public static extern void SetFlag(byte on);
                [DllImport("demo", EntryPoint = "demo_get_flag")] public static extern void GetFlag([MarshalAs(UnmanagedType.U1)] out bool on);
                [DllImport("demo", EntryPoint = "demo_is_even")] public static extern byte IsEven(int value);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Manifest);
    }

    [Fact]
    public Task LibraryImportBoolWithoutMarshalAs_AddsU1()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static partial class Demo
            {
                [LibraryImport("demo")]
                public static partial {|#0:bool|} demo_is_even(int value);
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;
            static partial class Demo
            {
                [LibraryImport("demo")]
                [return: MarshalAs(UnmanagedType.U1)]
                public static partial bool demo_is_even(int value);
            }
            """;
        var test = new InteropTest<BoolWidthAnalyzer, BoolWidthCodeFixProvider> { TestCode = source, FixedCode = fixedSource, CompilerDiagnostics = CompilerDiagnostics.None };
        test.WithManifest(Manifest);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(RuleIdentifiers.ILNT008BoolWidth).WithLocation(0).WithArguments(
            "the return value is 'bool' without [MarshalAs], which LibraryImport does not marshal, but C 'bool' (demo_is_even, demo.h:10) is 1 byte; use [MarshalAs(UnmanagedType.U1)]"));
        return test.RunAsync();
    }

    [Fact]
    public Task BoolArray_ForCBoolPointer_SetsArraySubType()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo")]
                [return: MarshalAs(UnmanagedType.U1)]
                public static extern bool demo_all({|#0:bool[]|} items, nuint n);
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo")]
                [return: MarshalAs(UnmanagedType.U1)]
                public static extern bool demo_all([MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.U1)] bool[] items, nuint n);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT008BoolWidth).WithLocation(0).WithArguments(
                "parameter 'items' has 'bool' elements marshalled as a 4-byte Win32 BOOL (DllImport's default), but C 'const bool' (demo_all, demo.h:14) is 1 byte; use [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.U1)]"));
    }

    [Fact]
    public Task IntReturn_ForCBool_ReportsWithoutFix()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo")] public static extern {|#0:int|} demo_is_even(int value);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT008BoolWidth).WithLocation(0).WithArguments(
                "the return value is 'int' (4 bytes) but C 'bool' (demo_is_even, demo.h:10) is 1 byte: C sets only the low byte of the return register, the rest is garbage; declare 'byte', or 'bool' with [return: MarshalAs(UnmanagedType.U1)]"));
    }

    [Fact]
    public Task FullyQualifiedAttributes_FixAddsUsing_AndFixAllCoversEverySlot()
    {
        const string source = """
            static class Demo
            {
                [System.Runtime.InteropServices.DllImport("demo")]
                public static extern {|ILNT008:bool|} demo_is_even(int value);

                [System.Runtime.InteropServices.DllImport("demo")]
                public static extern void demo_get_flag(out {|ILNT008:bool|} flag);
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;

            static class Demo
            {
                [System.Runtime.InteropServices.DllImport("demo")]
                [return: MarshalAs(UnmanagedType.U1)]
                public static extern bool demo_is_even(int value);

                [System.Runtime.InteropServices.DllImport("demo")]
                public static extern void demo_get_flag([MarshalAs(UnmanagedType.U1)] out bool flag);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest);
    }
}
