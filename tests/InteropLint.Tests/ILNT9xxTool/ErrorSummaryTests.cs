using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Xunit;

namespace InteropLint.Tests.ILNT9xxTool;

/// <summary>Issue 14, item 3: a long list of one ABI's header errors must not hide another ABI's.</summary>
public sealed class ErrorSummaryTests
{
    private static readonly string Header =
        "#ifdef __APPLE__\n" + string.Concat(Enumerable.Range(0, 14).Select(i => $"apple_missing_{i} a{i};\n")) + "#endif\n"
        + "#ifdef _WIN32\nwin_missing_t w;\nwin_missing_u w2;\n#endif\nint ok(int x);\n";

    [Fact]
    public async Task EveryAbiWithErrors_IsShown_AndTheSummaryCountsEach()
    {
        var manifest = NativeHeaders.ScanText(Header, "linux-x64;osx-arm64;win-x64", "--sysroot", "win-x64=none");
        var diagnostics = (await AnalyzerRunner.RunAsync(new ToolDiagnosticsAnalyzer(), "class C { }", manifest))
            .Where(d => d.Id == "ILNT900").Select(d => d.GetMessage()).ToList();

        // Win-x64's errors come after osx-arm64's fourteen in the manifest: one of them is still reported one by one.
        Assert.Contains(diagnostics, m => m.Contains("win_missing_t", StringComparison.Ordinal) && m.Contains("win-x64", StringComparison.Ordinal));
        var summary = Assert.Single(diagnostics, m => m.Contains("more errors", StringComparison.Ordinal));
        Assert.Contains("osx-arm64: 14", summary);
        Assert.Contains("win-x64: 2", summary);
        Assert.DoesNotContain("linux-x64", summary);
    }

    [Fact]
    public void ScanCommand_PrintsEveryErrorOfEveryAbi()
    {
        var path = Path.Combine(Path.GetTempPath(), "interoplint-tests", "summary-" + Environment.ProcessId + ".h");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Header);
        var output = Path.ChangeExtension(path, ".json");
        var (exit, stdout, _) = NativeHeaders.RunScannerCommand("scan", path, "--targets", "win-x64;osx-arm64", "--sysroot", "win-x64=none", "-o", output);
        Assert.Equal(0, exit);
        Assert.Equal(14, Enumerable.Range(0, 14).Count(i => stdout.Contains($"apple_missing_{i}", StringComparison.Ordinal)));
        Assert.Contains("win_missing_u", stdout);
    }
}
