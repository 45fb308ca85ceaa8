using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Xunit;

namespace InteropLint.Tests.ILNT006EntryPoint;

/// <summary>A function the library declares only for a platform outside the checked ABIs is not "not declared" (issue 14, item 6).</summary>
public sealed class PlatformOnlyTests
{
    [Fact]
    public async Task FunctionInABlockSkippedForEveryCheckedAbi_IsNotReported_AnUndeclaredOneStillIs()
    {
        var folder = Path.Combine(Path.GetTempPath(), "interoplint-tests", "platform-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        var header = Path.Combine(folder, "plat.h");
        File.WriteAllText(header, """
            #ifdef __ANDROID__
            void *plat_android_activity(void);
            #define PLAT_HELPER(x) plat_helper_macro(x)
            #endif
            #if defined(__WINRT__)
            int plat_winrt_only(int mode);
            #endif
            void plat_common(void);
            """);
        var manifest = NativeHeaders.Scan(header, NativeHeaders.DefaultTargets, "--library", "plat");
        const string source = """
            using System.Runtime.InteropServices;
            public static class P
            {
                [DllImport("plat")] public static extern nint plat_android_activity();
                [DllImport("plat")] public static extern int plat_winrt_only(int mode);
                [DllImport("plat")] public static extern void plat_common();
                [DllImport("plat")] public static extern void plat_never_declared();
                [DllImport("plat")] public static extern void plat_helper_macro(int x);
            }
            """;
        var diagnostics = await AnalyzerRunner.RunAsync(new EntryPointAnalyzer(), source, manifest);
        // A name used only inside a skipped #define is no declaration: it stays reported, as does one written nowhere.
        Assert.Equal(
            new[] { "plat_helper_macro", "plat_never_declared" },
            diagnostics.Select(d => d.GetMessage().Split('\'')[1]).OrderBy(n => n, StringComparer.Ordinal).ToArray());
    }
}
