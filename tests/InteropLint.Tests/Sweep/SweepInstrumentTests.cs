using System.Globalization;
using InteropLint.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace InteropLint.Tests.Sweep;

/// <summary>
/// The sweep's zero is only worth something if the same pipeline finds a bug planted in the same binding:
/// these tests break one declaration of a generated binding and expect the rule that owns it to say so.
/// </summary>
[Trait("Category", "RealHeaderSweep")]
public class SweepInstrumentTests
{
    [SweepFact]
    public async Task PlantedSizeTAsUInt_InSodiumBinding_IsFoundByIlnt001()
    {
        var binding = BindingGenerator.Generate(SweepScans.Get(SweepHeaderSet.All.Single(s => s.Name == "libsodium")), BindingStyle.TypedPointers);

        // crypto_generichash_bytes returns size_t: a uint return is 4 bytes short on every 64-bit ABI.
        const string correct = "public static extern nuint crypto_generichash_bytes()";
        Assert.Contains(correct, binding.Source, StringComparison.Ordinal);
        var planted = binding.Source.Replace(correct, "public static extern uint crypto_generichash_bytes()", StringComparison.Ordinal);

        var findings = await Analyze(binding, planted);

        var found = findings.Where(f => f.Rule == "ILNT001" && f.CSharpLine.Contains("crypto_generichash_bytes", StringComparison.Ordinal)).ToList();
        Assert.True(found.Count == 1, "the planted ILNT001 was not found exactly once:\n" + FindingReport.Describe("planted", findings));
        Assert.Contains("linux-x64", found[0].Abis);
    }

    [SweepFact]
    public async Task PlantedStructFieldDrift_InUsbBinding_IsFoundByIlnt003()
    {
        var binding = BindingGenerator.Generate(SweepScans.Get(SweepHeaderSet.All.Single(s => s.Name == "libusb")), BindingStyle.TypedPointers);

        // libusb_version's 'micro' is a uint16_t: an int moves every field after it.
        var start = binding.Source.IndexOf("public unsafe struct libusb_version", StringComparison.Ordinal);
        Assert.True(start >= 0, "libusb_version not bound");
        var field = binding.Source.IndexOf("public ushort micro;", start, StringComparison.Ordinal);
        Assert.True(field >= 0, "libusb_version.micro not bound as ushort");
        var planted = binding.Source[..field] + "public int micro;" + binding.Source[(field + "public ushort micro;".Length)..];

        var findings = await Analyze(binding, planted);

        Assert.True(findings.Any(f => f.Rule == "ILNT003" && f.Message.Contains("libusb_version", StringComparison.Ordinal)), "the planted ILNT003 was not found:\n" + FindingReport.Describe("planted", findings));
    }

    private static async Task<List<SweepFinding>> Analyze(GeneratedBinding binding, string source)
    {
        var scan = SweepScans.Get(binding.Set);
        var tree = CSharpSyntaxTree.ParseText(source, AnalysisHarness.ParseOptions, path: binding.Path);
        var compilation = CSharpCompilation.Create("Planted", new[] { tree }, AnalysisHarness.References, AnalysisHarness.CompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        var outcome = await AnalysisHarness.AnalyzeAsync(compilation, RealHeaderSweep.ManifestFiles(new[] { scan }));
        var planted = binding with { Source = source };
        var byPath = new Dictionary<string, GeneratedBinding> { [binding.Path] = planted };
        return outcome.Diagnostics.Where(d => !RealHeaderSweep.IsToolDiagnostic(d.Id)).Select(d => FindingReport.ToFinding(d, byPath)).ToList();
    }
}
