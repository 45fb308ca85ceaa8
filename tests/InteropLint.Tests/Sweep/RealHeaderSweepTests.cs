using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using InteropLint.Analyzers;
using InteropLint.Manifest;
using InteropLint.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.Sweep;

/// <summary>
/// InteropLint on a correct binding of a dozen real Debian headers, as a user adding it to a working binding sees it:
/// every rule together must report nothing, and every ABI that could not be scanned must say why. The failure message
/// is the instrument: findings by rule × ABI and by header set × ABI × rule, with examples.
/// </summary>
[Trait("Category", "RealHeaderSweep")]
public class RealHeaderSweepTests
{
    private readonly ITestOutputHelper _output;

    public RealHeaderSweepTests(ITestOutputHelper output) => _output = output;

    /// <summary>
    /// A zero means something only for what was checked: per header set × ABI, how many of the set's declarations the
    /// rules could check and why the others were not (printed, and written next to the reports). The bindings are written
    /// from the host's facts, so the host must check them all; every other reason must be one the table names.
    /// </summary>
    [SweepFact]
    public void EveryHeaderSetAndAbi_SaysHowManyDeclarationsWereChecked_AndWhyNotTheRest()
    {
        var rows = CheckedTable.Rows(RealHeaderSweep.Scans);
        var table = CheckedTable.Describe(rows);
        _output.WriteLine(table);
        Directory.CreateDirectory(RealHeaderSweep.OutputDirectory);
        File.WriteAllText(Path.Combine(RealHeaderSweep.OutputDirectory, "report.checked.txt"), table);

        Assert.True(rows.All(r => r.OtherReasons.Count == 0), "reasons the table does not name:\n" + table);
        var host = rows.Where(r => r.Abi == SweepHeaderSet.HostTarget && r.Checked != r.Declarations).ToList();
        Assert.True(host.Count == 0, "declarations the bindings were written from, unchecked on " + SweepHeaderSet.HostTarget + ":\n" + table);
    }

    [SweepFact]
    public void EveryHeaderSet_IsInstalled()
    {
        Assert.True(!RealHeaderSweep.Missing.Any(), "headers missing (run scripts/install-prerequisites.sh): " + string.Join(", ", RealHeaderSweep.Missing.SelectMany(s => s.Headers.Where(h => !File.Exists(h)))));
    }

    [SweepTheory]
    [InlineData(BindingStyle.TypedPointers)]
    [InlineData(BindingStyle.IntPtrEverywhere)]
    [InlineData(BindingStyle.LibraryImportSpans)]
    public async Task CorrectBinding_Compiles(BindingStyle style)
    {
        Assert.True(RealHeaderSweep.ScanFailures.Count == 0, "the scanner failed:\n" + string.Join("\n", RealHeaderSweep.ScanFailures));
        var run = await RealHeaderSweep.Run(style);
        Assert.True(run.CompileErrors.Count == 0, "the generated binding does not compile (a sweep generator bug):\n"
            + string.Join("\n", run.CompileErrors.Take(20)));
        var empty = run.Bindings.Where(b => b.Functions == 0).Select(b => b.Set.Name).ToList();
        Assert.True(empty.Count == 0, "no function bound from the " + SweepHeaderSet.HostTarget + " facts of: " + string.Join(", ", empty)
            + " (scan: " + string.Join("; ", empty.Select(n => RealHeaderSweep.Scans.First(s => s.Set.Name == n).Host.Diagnostics.FirstOrDefault()?.ToString())) + ")");
    }

    [SweepTheory]
    [InlineData(BindingStyle.TypedPointers)]
    [InlineData(BindingStyle.IntPtrEverywhere)]
    [InlineData(BindingStyle.LibraryImportSpans)]
    public async Task CorrectBinding_EveryRule_ReportsNothing(BindingStyle style)
    {
        var run = await RealHeaderSweep.Run(style);
        Assert.True(run.AnalyzerExceptions.Count == 0, "analyzers threw (AD0001):\n" + string.Join("\n", run.AnalyzerExceptions.Take(5)));
        Assert.True(run.Findings.Count == 0, run.Describe());
    }

    /// <summary>An ABI whose scan failed or had header errors is not silently unchecked: an ILNT9xx names it.</summary>
    [SweepFact]
    public async Task EveryAbiWithScanErrors_HasToolDiagnosticNamingIt()
    {
        var missing = new StringBuilder();
        var table = new StringBuilder();
        foreach (var scan in RealHeaderSweep.Scans)
        {
            var compilation = CSharpCompilation.Create("Sweep9xx", Array.Empty<SyntaxTree>(), AnalysisHarness.References, AnalysisHarness.CompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var outcome = await AnalysisHarness.AnalyzeAsync(compilation, RealHeaderSweep.ManifestFiles(new[] { scan }));
            var messages = outcome.Diagnostics.Where(d => RealHeaderSweep.IsToolDiagnostic(d.Id)).Select(d => d.Id + ": " + d.GetMessage(CultureInfo.InvariantCulture)).ToList();
            foreach (var abi in scan.Manifest.Abis)
            {
                var errors = abi.Diagnostics.Count(d => d.Severity >= ScanSeverity.Error);
                var named = messages.Where(m => FindingReport.BlamedAbis(m).Contains(abi.Target)).ToList();
                table.AppendLine(CultureInfo.InvariantCulture, $"  {scan.Set.Name,-20} {abi.Target,-12} scanned={abi.Scanned,-5} errors={errors,4} functions={abi.Functions.Count,5} records={abi.Records.Count,5}  ILNT9xx naming it: {named.Count}");
                if ((!abi.Scanned || errors > 0) && named.Count == 0)
                {
                    missing.AppendLine(CultureInfo.InvariantCulture, $"  {scan.Set.Name} {abi.Target}: {(abi.Scanned ? errors + " header errors" : "not scanned")}, first: {abi.Diagnostics.FirstOrDefault()}");
                    foreach (var m in messages.Take(3))
                    {
                        missing.AppendLine("      reported: " + m);
                    }
                }
            }
        }

        Assert.True(missing.Length == 0, "ABIs that were not (fully) scanned without an ILNT9xx naming them:\n" + missing + "\nAll scans:\n" + table);
    }
}
