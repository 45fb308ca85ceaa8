using InteropLint.Analyzers;
using InteropLint.CodeFixes;
using InteropLint.Tests.Infrastructure;
using InteropLint.Tests.Ownership;
using Xunit;
using static InteropLint.Tests.Ownership.OwnershipManifests;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.BorrowedStringAnalyzer, InteropLint.CodeFixes.BorrowedStringCodeFixProvider>;

namespace InteropLint.Tests.ILNT007BorrowedString;

public sealed class BorrowedStringTests
{
    private static readonly string VersionManifest = Build(Function("lib_version", CharPointer(isConst: true)));

    [Fact]
    public async Task ConstCharReturnedAsString_Reports_AndFixAddsWrapper()
    {
        const string source = """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("lib")]
                public static extern {|#0:string|} lib_version();

                static int Use() => lib_version().Length;
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("lib", EntryPoint = "lib_version")]
                private static extern nint lib_versionNative();

                public static string lib_version() => Marshal.PtrToStringUTF8(lib_versionNative());

                static int Use() => lib_version().Length;
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, VersionManifest,
            Verify.Diagnostic("ILNT007").WithLocation(0).WithArguments(
                "'lib_version' returns 'const char *' (test.h:10), a string the library still owns, but the P/Invoke returns 'string': "
                + "the marshaller frees it with CoTaskMemFree (free() on Unix) and corrupts the heap; return IntPtr and convert with Marshal.PtrToStringUTF8"));
    }

    [Fact]
    public async Task IntPtrAndPointerReturns_NoDiagnostic()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            static unsafe class Native
            {
                [DllImport("lib")]
                public static extern IntPtr lib_version();

                [DllImport("lib", EntryPoint = "lib_version")]
                public static extern byte* VersionBytes();

                [DllImport("lib", EntryPoint = "lib_version")]
                public static extern nint VersionNint();
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, VersionManifest);
    }

    [Fact]
    public async Task FunctionNotInHeader_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("lib")]
                public static extern string other_version();
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, VersionManifest);
    }

    [Fact]
    public async Task CallerOwnedAndFreedWithFree_NoDiagnostic()
    {
        var strdup = Function("strdup", CharPointer(isConst: false), ("s", CharPointer()));
        strdup.File = "/usr/include/string.h";
        const string source = """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("c")]
                public static extern string strdup(string s);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, Build(strdup));
    }

    [Fact]
    public async Task NonConstButBorrowedLibcResult_Reports()
    {
        var getenv = Function("getenv", CharPointer(isConst: false), ("name", CharPointer()));
        getenv.File = "/usr/include/stdlib.h";
        const string source = """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("c")]
                public static extern {|ILNT007:string|} getenv(string name);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, Build(getenv));
    }

    [Fact]
    public async Task ResultOfAnotherAllocator_FixFreesWithTheHeadersDeallocator()
    {
        var manifest = Build(
            Function("lib_strdup_upper", CharPointer(isConst: false), ("s", CharPointer())),
            Function("lib_string_free", Void(), ("s", CharPointer(isConst: false))));
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("lib")]
                public static extern {|#0:string|} lib_strdup_upper(string s);

                [DllImport("lib")]
                public static extern void lib_string_free(IntPtr s);
            }
            """;
        const string fixedSource = """
            using System;
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("lib", EntryPoint = "lib_strdup_upper")]
                private static extern nint lib_strdup_upperNative(string s);

                public static string lib_strdup_upper(string s)
                {
                    var native = lib_strdup_upperNative(s);
                    try
                    {
                        return Marshal.PtrToStringUTF8(native);
                    }
                    finally
                    {
                        lib_string_free(native);
                    }
                }

                [DllImport("lib")]
                public static extern void lib_string_free(IntPtr s);
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, manifest,
            Verify.Diagnostic("ILNT007").WithLocation(0).WithArguments(
                "'lib_strdup_upper' returns 'char *' (test.h:10), which must be released with 'lib_string_free' (same library, allocating name and pointer type), "
                + "but the P/Invoke returns 'string': the marshaller releases it with CoTaskMemFree (free() on Unix) instead; "
                + "return IntPtr, convert with Marshal.PtrToStringUTF8 and free it with lib_string_free"));
    }

    [Fact]
    public async Task ResultOfAnotherAllocator_WithoutDeclaredDeallocator_ReportsAndOffersNoFix()
    {
        var manifest = Build(
            Function("lib_strdup_upper", CharPointer(isConst: false), ("s", CharPointer())),
            Function("lib_string_free", Void(), ("s", CharPointer(isConst: false))));
        const string source = """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("lib")]
                public static extern {|ILNT007:string|} lib_strdup_upper(string s);
            }
            """;
        await Verify.VerifyCodeFixAsync(source, source, manifest);
    }

    [Fact]
    public async Task OwnershipPairFromEditorConfig_Reports()
    {
        var manifest = Build(Function("x_describe", CharPointer(isConst: false), ("id", Int())));
        var test = new Infrastructure.InteropTest<BorrowedStringAnalyzer, BorrowedStringCodeFixProvider>
        {
            TestCode = """
                using System.Runtime.InteropServices;

                static class Native
                {
                    [DllImport("x")]
                    public static extern {|#0:string|} x_describe(int id);
                }
                """,
        };
        test.WithManifest(manifest);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\ninteroplint.ownership_pairs = x_describe:x_release, y_new:y_free\n"));
        test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("ILNT007").WithLocation(0).WithArguments(
            "'x_describe' returns 'char *' (test.h:10), which must be released with 'x_release' (interoplint.ownership_pairs), "
            + "but the P/Invoke returns 'string': the marshaller releases it with CoTaskMemFree (free() on Unix) instead; "
            + "return IntPtr, convert with Marshal.PtrToStringUTF8 and free it with x_release (no fix offered: declare a P/Invoke for 'x_release' taking IntPtr beside this one)"));
        await test.RunAsync();
    }

    [Fact]
    public async Task WideStringWithCharSetUnicode_FixConvertsUtf16()
    {
        var manifest = Build(Function("lib_wname", WideCharPointer()));
        const string source = """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("lib", CharSet = CharSet.Unicode)]
                internal static extern {|ILNT007:string|} lib_wname();
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("lib", CharSet = CharSet.Unicode, EntryPoint = "lib_wname")]
                private static extern nint lib_wnameNative();

                internal static string lib_wname() => Marshal.PtrToStringUni(lib_wnameNative());
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, manifest);
    }

    [Fact]
    public async Task LPTStrReturn_UnderDefaultCharSet_ConvertsUtf16()
    {
        // .NET Core marshals LPTStr as UTF-16 whatever the CharSet: the wrapper must decode it the same way.
        var manifest = Build(Function("lib_wname", WideCharPointer()));
        const string source = """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("lib")]
                [return: MarshalAs(UnmanagedType.LPTStr)]
                internal static extern string lib_wname();
            }
            """;
        var diagnostics = await InteropLint.Tests.Infrastructure.AnalyzerRunner.RunAsync(new BorrowedStringAnalyzer(), source, manifest);
        var d = Assert.Single(diagnostics);
        Assert.Contains("Marshal.PtrToStringUni", d.GetMessage());
        Assert.Equal("PtrToStringUni", d.Properties[BorrowedStringAnalyzer.ConversionProperty]);
    }

    [Fact]
    public async Task CustomMarshalerReturn_OwnsCleanup_NoFinding()
    {
        // Issue 15 case I: the runtime calls the marshaller's CleanUpNativeData, not CoTaskMemFree.
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            sealed class Utf8NoFree : ICustomMarshaler
            {
                public static ICustomMarshaler GetInstance(string cookie) => new Utf8NoFree();
                public object MarshalNativeToManaged(IntPtr p) => Marshal.PtrToStringUTF8(p)!;
                public IntPtr MarshalManagedToNative(object o) => IntPtr.Zero;
                public void CleanUpNativeData(IntPtr p) { }
                public void CleanUpManagedData(object o) { }
                public int GetNativeDataSize() => -1;
            }

            static class Native
            {
                [DllImport("lib")]
                [return: MarshalAs(UnmanagedType.CustomMarshaler, MarshalTypeRef = typeof(Utf8NoFree))]
                public static extern string lib_version();
            }
            """;
        Assert.Empty(await InteropLint.Tests.Infrastructure.AnalyzerRunner.RunAsync(new BorrowedStringAnalyzer(), source, VersionManifest));
    }

    [Fact]
    public async Task FixAll_KeepsEntryPointsRefOutArgumentsAndNullableAnnotations()
    {
        var manifest = Build(
            Function("lib_version", CharPointer()),
            Function("lib_error", CharPointer(), ("code", Int()), ("detail", C.Pointer(C.Int))));
        const string source = """
            #nullable enable
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("lib", EntryPoint = "lib_version")]
                [return: MarshalAs(UnmanagedType.LPUTF8Str)]
                public static extern {|ILNT007:string|} Version();

                /// <summary>Error text.</summary>
                [DllImport("lib")]
                public static extern {|ILNT007:string?|} lib_error([MarshalAs(UnmanagedType.I4)] int code, out int detail);

                static int Use()
                {
                    var text = lib_error(1, out var detail);
                    return Version().Length + detail + (text?.Length ?? 0);
                }
            }
            """;
        const string fixedSource = """
            #nullable enable
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("lib", EntryPoint = "lib_version")]
                private static extern nint VersionNative();

                public static string? Version() => Marshal.PtrToStringUTF8(VersionNative());

                /// <summary>Error text.</summary>
                [DllImport("lib", EntryPoint = "lib_error")]
                private static extern nint lib_errorNative([MarshalAs(UnmanagedType.I4)] int code, out int detail);

                public static string? lib_error(int code, out int detail) => Marshal.PtrToStringUTF8(lib_errorNative(code, out detail));

                static int Use()
                {
                    var text = lib_error(1, out var detail);
                    return Version().Length + detail + (text?.Length ?? 0);
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, manifest);
    }

    [Fact]
    public async Task NetStandard20_FixUsesIntPtrAndAnsiConversion()
    {
        const string source = """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("lib")]
                public static extern {|ILNT007:string|} lib_version();
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("lib", EntryPoint = "lib_version")]
                private static extern nint lib_versionNative();

                public static string lib_version() => Marshal.PtrToStringAnsi(lib_versionNative());
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, VersionManifest, Infrastructure.TestFramework.NetStandard20);
    }
}
