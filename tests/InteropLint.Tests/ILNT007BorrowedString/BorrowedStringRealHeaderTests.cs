using InteropLint.Tests.Infrastructure;
using InteropLint.Tests.Ownership;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.BorrowedStringAnalyzer, InteropLint.CodeFixes.BorrowedStringCodeFixProvider>;

namespace InteropLint.Tests.ILNT007BorrowedString;

/// <summary>ILNT007 against real headers scanned by the real scanner.</summary>
[Trait(Tier.Name, Tier.RealHeader)]
public sealed class BorrowedStringRealHeaderTests
{
    [Fact]
    public async Task Sqlite_ColumnTextAndErrmsgAsString_Report_IntPtrDoesNot()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            static class Sqlite
            {
                [DllImport("sqlite3")]
                public static extern {|ILNT007:string|} sqlite3_column_text(IntPtr stmt, int column);

                [DllImport("sqlite3")]
                public static extern {|ILNT007:string|} sqlite3_errmsg(IntPtr db);

                [DllImport("sqlite3", EntryPoint = "sqlite3_libversion")]
                public static extern IntPtr LibVersion();
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, OwnershipManifests.Scan("/usr/include/sqlite3.h", "--library", "sqlite3"));
    }

    [Fact]
    public async Task Zlib_VersionAndErrorAsString_Report_AndFixWrapsThem()
    {
        const string source = """
            using System.Runtime.InteropServices;

            static class Zlib
            {
                [DllImport("z")]
                public static extern {|ILNT007:string|} zlibVersion();

                [DllImport("z")]
                public static extern {|ILNT007:string|} zError(int err);

                static string Describe(int err) => zlibVersion() + ": " + zError(err);
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;

            static class Zlib
            {
                [DllImport("z", EntryPoint = "zlibVersion")]
                private static extern nint zlibVersionNative();

                public static string zlibVersion() => Marshal.PtrToStringUTF8(zlibVersionNative());

                [DllImport("z", EntryPoint = "zError")]
                private static extern nint zErrorNative(int err);

                public static string zError(int err) => Marshal.PtrToStringUTF8(zErrorNative(err));

                static string Describe(int err) => zlibVersion() + ": " + zError(err);
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, OwnershipManifests.Scan("/usr/include/zlib.h", "--library", "z"));
    }

    [Fact]
    public async Task Glibc_GetenvAsString_Reports_StrdupAsStringOrIntPtrDoesNot()
    {
        const string header = """
            #include <stdlib.h>
            #include <string.h>
            """;
        var manifest = ReadScanned(Infrastructure.NativeHeaders.ScanText(header, Infrastructure.NativeHeaders.DefaultTargets));
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            static class LibC
            {
                [DllImport("c")]
                public static extern {|ILNT007:string|} getenv(string name);

                [DllImport("c", EntryPoint = "strdup")]
                public static extern IntPtr StrdupPointer(string s);

                [DllImport("c")]
                public static extern string strdup(string s);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, manifest);
    }

    [Fact]
    public async Task DemoLibrary_BorrowedVersionReports_OwnedUpperIsFreedWithItsDeallocator()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            static class Demo
            {
                [DllImport("interopdemo")]
                public static extern {|ILNT007:string|} demo_version();

                [DllImport("interopdemo")]
                public static extern {|ILNT007:string|} demo_strdup_upper(string s);

                [DllImport("interopdemo")]
                public static extern void demo_string_free(IntPtr s);
            }
            """;
        const string fixedSource = """
            using System;
            using System.Runtime.InteropServices;

            static class Demo
            {
                [DllImport("interopdemo", EntryPoint = "demo_version")]
                private static extern nint demo_versionNative();

                public static string demo_version() => Marshal.PtrToStringUTF8(demo_versionNative());

                [DllImport("interopdemo", EntryPoint = "demo_strdup_upper")]
                private static extern nint demo_strdup_upperNative(string s);

                public static string demo_strdup_upper(string s)
                {
                    var native = demo_strdup_upperNative(s);
                    try
                    {
                        return Marshal.PtrToStringUTF8(native);
                    }
                    finally
                    {
                        demo_string_free(native);
                    }
                }

                [DllImport("interopdemo")]
                public static extern void demo_string_free(IntPtr s);
            }
            """;
        var manifest = OwnershipManifests.Scan("native/include/interopdemo.h", "--library", "interopdemo");
        await Verify.VerifyCodeFixAsync(source, fixedSource, manifest);
    }

    private static string ReadScanned(string json)
    {
        var manifest = InteropLint.Manifest.ManifestReader.Read(json);
        foreach (var abi in manifest.Abis)
        {
            InteropLint.Scanner.OwnershipInference.Infer(abi);
        }

        return InteropLint.Manifest.ManifestWriter.Write(manifest);
    }
}
