using InteropLint.Manifest;
using InteropLint.Tests.Infrastructure;
using InteropLint.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace InteropLint.Tests.Sweep;

/// <summary>
/// The sweep generator's own decisions on a minimal header scanned by the real scanner for the sweep's ABIs: a wrong
/// decision there is a sweep finding that is the generator's bug, not InteropLint's.
/// </summary>
[Trait(Tier.Name, Tier.RealHeader)]
public sealed class BindingGeneratorTests
{
    /// <summary>
    /// A socket type the way libcurl and winsock declare it: <c>int</c> on Unix, a pointer-sized unsigned integer on
    /// Windows. No fixed-width C# type is right on every ABI, and it is neither a C long nor pointer-sized on every ABI.
    /// </summary>
    private const string PerAbiWidth = """
        #ifdef _WIN32
        typedef unsigned long long wt_socket_t;
        #else
        typedef int wt_socket_t;
        #endif
        #ifdef _WIN32
        #define WT_HANDLE unsigned long long
        #else
        #define WT_HANDLE int
        #endif
        WT_HANDLE wt_accept(int listener);
        typedef long wt_long_t;
        typedef unsigned int wt_flags_t;
        struct wt_waitfd { wt_socket_t fd; short events; };
        struct wt_pair { wt_flags_t flags; wt_long_t value; };
        int wt_wait(wt_socket_t fd);
        wt_socket_t wt_open(int domain);
        int wt_wait_many(struct wt_waitfd *fds, unsigned int count);
        int wt_socket_of(int handle, wt_socket_t *out);
        wt_long_t wt_tell(wt_flags_t flags, struct wt_pair pair);
        """;

    [Theory]
    [InlineData(BindingStyle.TypedPointers)]
    [InlineData(BindingStyle.IntPtrEverywhere)]
    public async Task TypedefWhoseWidthDiffersPerAbi_SkipsWhatUsesItByValue_AndTheBindingGetsNoFinding(BindingStyle style)
    {
        var json = NativeHeaders.ScanText(PerAbiWidth, SweepHeaderSet.Targets, "--library", "wt");
        var headers = Path.Combine(Path.GetTempPath(), "interoplint-tests", "headers");
        var set = new SweepHeaderSet("wt", "wt", Array.Empty<string>(), Array.Empty<string>(), new[] { headers });
        var scan = new SweepScan(set, json, ManifestReader.Read(json), TimeSpan.Zero, FromCache: false);
        Assert.Equal(8, scan.Manifest.FindAbi("win-x64")!.FindTypedef("wt_socket_t")!.Type.Size);

        var binding = BindingGenerator.Generate(scan, style);

        var skipped = binding.Skipped.ToDictionary(s => s.Kind + " " + s.Name, s => s.Reason);
        Assert.True(skipped.ContainsKey("function wt_wait"), "wt_wait was bound:\n" + binding.Source);
        Assert.Contains("is 8 bytes on win-x64", skipped["function wt_wait"], StringComparison.Ordinal);
        Assert.True(skipped.ContainsKey("function wt_open"), "wt_open (returns it) was bound");
        Assert.True(skipped.ContainsKey("record wt_waitfd"), "struct wt_waitfd (holds it) was bound");
        Assert.Contains("'wt_socket_t' is 8 bytes on win-x64", skipped["record wt_waitfd"], StringComparison.Ordinal);
        Assert.True(skipped.ContainsKey("function wt_accept"), "wt_accept (a macro, 8 bytes on win-x64) was bound");
        Assert.Contains("is 8 bytes on win-x64", skipped["function wt_accept"], StringComparison.Ordinal);

        // A pointer to it is a pointer on every ABI; a C long is CLong; a fixed-width typedef is its width.
        Assert.Equal(new[] { "wt_socket_of", "wt_tell", "wt_wait_many" }, Bound(binding));
        Assert.Contains("CLong wt_tell(uint flags, wt_pair pair)", binding.Source, StringComparison.Ordinal);
        Assert.DoesNotContain(binding.Skipped, s => s.Name == "wt_pair");

        var tree = CSharpSyntaxTree.ParseText(binding.Source, AnalysisHarness.ParseOptions, path: binding.Path);
        var compilation = CSharpCompilation.Create("Generated", new[] { tree }, AnalysisHarness.References, AnalysisHarness.CompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        var outcome = await AnalysisHarness.AnalyzeAsync(compilation, RealHeaderSweep.ManifestFiles(new[] { scan }));
        Assert.Empty(outcome.Exceptions);
        Assert.Empty(outcome.Diagnostics.Where(d => !RealHeaderSweep.IsToolDiagnostic(d.Id)).Select(d => d.ToString()));
    }

    private static string[] Bound(GeneratedBinding binding) =>
        binding.Source.Split('\n').Where(l => l.Contains("EntryPoint = \"", StringComparison.Ordinal))
            .Select(l => l.Split("EntryPoint = \"")[1].Split('"')[0]).OrderBy(n => n, StringComparer.Ordinal).ToArray();
}
