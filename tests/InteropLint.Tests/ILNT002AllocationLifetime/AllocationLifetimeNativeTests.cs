using InteropLint.Tests.Ownership;
using Xunit;
using static InteropLint.Tests.Ownership.OwnershipManifests;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.AllocationLifetimeAnalyzer, InteropLint.CodeFixes.AllocationLifetimeCodeFixProvider>;

namespace InteropLint.Tests.ILNT002AllocationLifetime;

/// <summary>ILNT002 on P/Invoke results the header says the caller owns.</summary>
public sealed class AllocationLifetimeNativeTests
{
    private static string DemoManifest => OwnershipManifests.Scan("native/include/interopdemo.h", "--library", "interopdemo");

    [Fact]
    public async Task DemoBufferCreatedNeverDestroyed_Reports_AndFixDestroysInFinally()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            static class Demo
            {
                [DllImport("interopdemo")]
                public static extern IntPtr demo_buffer_create(nuint capacity);

                [DllImport("interopdemo")]
                public static extern nuint demo_buffer_append(IntPtr buffer, byte[] data, nuint len);

                [DllImport("interopdemo")]
                public static extern void demo_buffer_destroy(IntPtr buffer);

                static void Fill(byte[] data)
                {
                    var buffer = {|#0:demo_buffer_create(64)|};
                    demo_buffer_append(buffer, data, (nuint)data.Length);
                }
            }
            """;
        const string fixedSource = """
            using System;
            using System.Runtime.InteropServices;

            static class Demo
            {
                [DllImport("interopdemo")]
                public static extern IntPtr demo_buffer_create(nuint capacity);

                [DllImport("interopdemo")]
                public static extern nuint demo_buffer_append(IntPtr buffer, byte[] data, nuint len);

                [DllImport("interopdemo")]
                public static extern void demo_buffer_destroy(IntPtr buffer);

                static void Fill(byte[] data)
                {
                    var buffer = demo_buffer_create(64);
                    try
                    {
                        demo_buffer_append(buffer, data, (nuint)data.Length);
                    }
                    finally
                    {
                        demo_buffer_destroy(buffer);
                    }
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, DemoManifest,
            Verify.Diagnostic("ILNT002").WithLocation(0).WithArguments(
                "'demo_buffer_create' result in 'buffer' is never freed (the caller owns it: interopdemo.h:172, name pair in the header); free it with demo_buffer_destroy in a finally"));
    }

    [Fact]
    public async Task DemoOwnedString_ReadWithoutFree_Reports_FreedInFinally_DoesNot()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            static class Demo
            {
                [DllImport("interopdemo")]
                public static extern IntPtr demo_strdup_upper(string s);

                [DllImport("interopdemo")]
                public static extern void demo_string_free(IntPtr s);

                [DllImport("interopdemo")]
                public static extern IntPtr demo_version();

                static string? Leaks(string s) => Marshal.PtrToStringUTF8({|ILNT002:demo_strdup_upper(s)|});

                static string? Borrowed() => Marshal.PtrToStringUTF8(demo_version());

                static string? Right(string s)
                {
                    var p = demo_strdup_upper(s);
                    try
                    {
                        return Marshal.PtrToStringUTF8(p);
                    }
                    finally
                    {
                        demo_string_free(p);
                    }
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, DemoManifest);
    }

    [Fact]
    public async Task GlibcStrdupAsPointer_FreedWithFree_OrNot_GetenvIsNotOwned()
    {
        const string header = """
            #include <string.h>
            #include <stdlib.h>
            """;
        var manifest = Infrastructure.NativeHeaders.ScanText(header);
        manifest = InteropLint.Manifest.ManifestWriter.Write(Infer(InteropLint.Manifest.ManifestReader.Read(manifest)));
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            static class LibC
            {
                [DllImport("c")]
                public static extern IntPtr strdup(string s);

                [DllImport("c")]
                public static extern void free(IntPtr p);

                [DllImport("c")]
                public static extern IntPtr getenv(string name);

                static string? Home() => Marshal.PtrToStringUTF8(getenv("HOME"));

                static int Leaks(string s)
                {
                    var copy = {|#0:strdup(s)|};
                    return Marshal.ReadByte(copy);
                }

                static int Right(string s)
                {
                    var copy = strdup(s);
                    try
                    {
                        return Marshal.ReadByte(copy);
                    }
                    finally
                    {
                        free(copy);
                    }
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, manifest,
            Verify.Diagnostic("ILNT002").WithLocation(0).WithArguments(
                "'strdup' result in 'copy' is never freed (the caller owns it: string.h:187, C library); free it with free in a finally"));
    }

    [Fact]
    public async Task SqliteMalloc_IsFreedWithSqliteFree()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            static class Sqlite
            {
                [DllImport("sqlite3")]
                public static extern IntPtr sqlite3_malloc(int n);

                [DllImport("sqlite3")]
                public static extern void sqlite3_free(IntPtr p);

                static void M()
                {
                    var p = {|ILNT002:sqlite3_malloc(16)|};
                    Marshal.Copy(new byte[] { 1 }, 0, p, 1);
                    sqlite3_free(p);
                }
            }
            """;
        const string fixedSource = """
            using System;
            using System.Runtime.InteropServices;

            static class Sqlite
            {
                [DllImport("sqlite3")]
                public static extern IntPtr sqlite3_malloc(int n);

                [DllImport("sqlite3")]
                public static extern void sqlite3_free(IntPtr p);

                static void M()
                {
                    var p = sqlite3_malloc(16);
                    try
                    {
                        Marshal.Copy(new byte[] { 1 }, 0, p, 1);
                    }
                    finally
                    {
                        sqlite3_free(p);
                    }
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, OwnershipManifests.Scan("/usr/include/sqlite3.h", "--library", "sqlite3"));
    }

    [Fact]
    public async Task Bzip2ReadHandle_ClosedByAFunctionWhosePointerIsNotFirst()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            static class Bzip2
            {
                [DllImport("bz2")]
                public static extern IntPtr BZ2_bzReadOpen(out int bzerror, IntPtr file, int verbosity, int small, IntPtr unused, int nUnused);

                [DllImport("bz2")]
                public static extern int BZ2_bzRead(out int bzerror, IntPtr b, byte[] buf, int len);

                [DllImport("bz2")]
                public static extern void BZ2_bzReadClose(out int bzerror, IntPtr b);

                static int Right(IntPtr file, byte[] buffer)
                {
                    var b = BZ2_bzReadOpen(out var error, file, 0, 0, IntPtr.Zero, 0);
                    try
                    {
                        return BZ2_bzRead(out error, b, buffer, buffer.Length);
                    }
                    finally
                    {
                        BZ2_bzReadClose(out error, b);
                    }
                }

                static int Leaks(IntPtr file, byte[] buffer)
                {
                    var b = {|#0:BZ2_bzReadOpen(out var error, file, 0, 0, IntPtr.Zero, 0)|};
                    var read = BZ2_bzRead(out error, b, buffer, buffer.Length);
                    if (error != 0) return -1;
                    BZ2_bzReadClose(out error, b);
                    return read;
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, OwnershipManifests.Scan("/usr/include/bzlib.h", "--library", "bz2"),
            Verify.Diagnostic("ILNT002").WithLocation(0).WithArguments(
                "'BZ2_bzReadOpen' result in 'b' is not freed on the path that returns at line 32 (the caller owns it: bzlib.h:139, name pair in the header); free it with BZ2_bzReadClose in a finally"));
    }

    [Fact]
    public async Task OwnershipPairFromEditorConfig_MakesAPInvokeASource()
    {
        var manifest = Build(Function("x_describe", CharPointer(isConst: false), ("id", Int())), Function("x_release", Void(), ("p", CharPointer(isConst: false))));
        var test = new Infrastructure.InteropTest<InteropLint.Analyzers.AllocationLifetimeAnalyzer, InteropLint.CodeFixes.AllocationLifetimeCodeFixProvider>
        {
            TestCode = """
                using System;
                using System.Runtime.InteropServices;

                static class Native
                {
                    [DllImport("x")]
                    public static extern IntPtr x_describe(int id);

                    static void M() => Marshal.PtrToStringUTF8({|ILNT002:x_describe(1)|});
                }
                """,
        };
        test.WithManifest(manifest);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\ninteroplint.ownership_pairs = x_describe:x_release\n"));
        await test.RunAsync();
    }

    [Fact]
    public async Task WithoutOwnershipFact_PInvokeResultIsNotJudged()
    {
        var manifest = Build(Function("x_describe", CharPointer(isConst: false), ("id", Int())));
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("x")]
                public static extern IntPtr x_describe(int id);

                static void M() => Marshal.PtrToStringUTF8(x_describe(1));
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, manifest);
    }

    private static InteropLint.Manifest.NativeManifest Infer(InteropLint.Manifest.NativeManifest manifest)
    {
        foreach (var abi in manifest.Abis)
        {
            InteropLint.Scanner.OwnershipInference.Infer(abi);
        }

        return manifest;
    }
}
