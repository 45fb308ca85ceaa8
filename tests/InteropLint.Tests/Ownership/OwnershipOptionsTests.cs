using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Xunit;
using static InteropLint.Tests.Ownership.OwnershipManifests;

namespace InteropLint.Tests.Ownership;

public sealed class OwnershipOptionsTests
{
    [Fact]
    public void OwnershipPairs_ParseTrimmedPairs_SkipMalformedItems_FirstPairWins()
    {
        var pairs = InteropLintOptions.ParsePairs(" a_new : a_free, broken, :x, y:, b_open:b_close; a_new:other ");
        Assert.Equal(2, pairs.Count);
        Assert.Equal("a_free", pairs["a_new"]);
        Assert.Equal("b_close", pairs["b_open"]);
    }

    [Fact]
    public void RetainingFunctions_ParseCommaOrSpaceSeparatedNames()
    {
        var names = InteropLintOptions.ParseNames("x_watch, y_listen  z_on");
        Assert.Equal(new[] { "x_watch", "y_listen", "z_on" }, names.OrderBy(n => n));
    }

    [Fact]
    public async Task OwnershipPairs_FromGlobalConfig_AreRead()
    {
        var manifest = Build(Function("x_describe", CharPointer(isConst: false), ("id", Int())));
        var test = new InteropTest<InteropLint.Analyzers.BorrowedStringAnalyzer, InteropLint.CodeFixes.BorrowedStringCodeFixProvider>
        {
            TestCode = """
                using System.Runtime.InteropServices;

                static class Native
                {
                    [DllImport("x")]
                    public static extern {|ILNT007:string|} x_describe(int id);
                }
                """,
        };
        test.WithManifest(manifest);
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\ninteroplint.ownership_pairs = x_describe:x_release\n"));
        await test.RunAsync();
    }

    [Fact]
    public async Task BorrowedStringFixOutput_IsCleanForTheAllocationRule()
    {
        // The ILNT007 fix for a caller-owned result (demo_strdup_upper) must itself satisfy ILNT002.
        const string fixedByIlnt007 = """
            using System;
            using System.Runtime.InteropServices;

            static class Demo
            {
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
        await InteropVerifier<InteropLint.Analyzers.AllocationLifetimeAnalyzer>.VerifyAnalyzerAsync(
            fixedByIlnt007, OwnershipManifests.Scan("native/include/interopdemo.h", "--library", "interopdemo"));
    }
}
