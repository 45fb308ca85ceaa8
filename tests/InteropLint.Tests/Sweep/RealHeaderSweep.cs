using System.Collections.Immutable;
using System.Text;
using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using InteropLint.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Tests.Sweep;

/// <summary>Everything the sweep tests share, computed once per test run: the scans, and each style's bindings and findings.</summary>
public static class RealHeaderSweep
{
    private static readonly Lazy<(IReadOnlyList<SweepScan> Scans, IReadOnlyList<string> Failures)> AllScans = new(ScanAll);

    private static readonly Dictionary<BindingStyle, Lazy<Task<SweepRun>>> Runs = Enum.GetValues<BindingStyle>()
        .ToDictionary(style => style, style => new Lazy<Task<SweepRun>>(() => RunAsync(style)));

    public static IReadOnlyList<SweepScan> Scans => AllScans.Value.Scans;

    /// <summary>Header sets the scanner's command line failed on (no manifest at all), with its output.</summary>
    public static IReadOnlyList<string> ScanFailures => AllScans.Value.Failures;

    /// <summary>Header sets not installed on this machine (scripts/install-prerequisites.sh installs them).</summary>
    public static IEnumerable<SweepHeaderSet> Missing => SweepHeaderSet.Selected.Where(s => !s.IsInstalled);

    /// <summary>
    /// Where the generated bindings, the manifests and the report are written for people to read: one folder per checkout,
    /// so a sweep of another checkout on the same machine does not delete the LibraryImport projects this one is building.
    /// </summary>
    public static string OutputDirectory { get; } = Path.Combine(Path.GetTempPath(), "interoplint-tests", "sweep", "out",
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(NativeHeaders.RepositoryRoot)))[..12]);

    public static Task<SweepRun> Run(BindingStyle style) => Runs[style].Value;

    public static IEnumerable<ManifestFile> ManifestFiles(IEnumerable<SweepScan> scans) =>
        scans.Select(s => new ManifestFile(s.Set.Name + ManifestCache.FileSuffix, s.Json));

    private static (IReadOnlyList<SweepScan>, IReadOnlyList<string>) ScanAll()
    {
        var scans = new List<SweepScan>();
        var failures = new List<string>();
        foreach (var set in SweepHeaderSet.Selected.Where(s => s.IsInstalled))
        {
            try
            {
                scans.Add(SweepScans.Get(set));
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                failures.Add(set.Name + ": " + ex.Message);
            }
        }

        return (scans, failures);
    }

    private static async Task<SweepRun> RunAsync(BindingStyle style)
    {
        var bindings = Scans.Select(scan => BindingGenerator.Generate(scan, style, Scans)).ToList();
        Directory.CreateDirectory(OutputDirectory);
        foreach (var binding in bindings)
        {
            File.WriteAllText(Path.Combine(OutputDirectory, binding.Path), binding.Source);
        }

        if (style == BindingStyle.LibraryImportSpans)
        {
            var build = LibraryImportBuild.Run(bindings, Scans, Path.Combine(OutputDirectory, style.ToString()));
            var built = new SweepRun(style, bindings, build.Errors, build.AnalyzerExceptions, Sort(build.Findings));
            File.WriteAllText(Path.Combine(OutputDirectory, "report." + style + ".txt"), built.Describe());
            return built;
        }

        var trees = bindings.Select(b => CSharpSyntaxTree.ParseText(b.Source, AnalysisHarness.ParseOptions, path: b.Path)).ToList();
        var compilation = CSharpCompilation.Create("Sweep" + style, trees, AnalysisHarness.References, AnalysisHarness.CompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.Location.GetLineSpan().Path + ":" + (d.Location.GetLineSpan().StartLinePosition.Line + 1) + ": " + d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        var outcome = await AnalysisHarness.AnalyzeAsync(compilation, ManifestFiles(Scans));
        var byPath = bindings.ToDictionary(b => b.Path, b => b, StringComparer.Ordinal);
        var findings = Sort(outcome.Diagnostics.Where(d => !IsToolDiagnostic(d.Id)).Select(d => FindingReport.ToFinding(d, byPath)));
        var run = new SweepRun(style, bindings, errors, outcome.Exceptions, findings);
        File.WriteAllText(Path.Combine(OutputDirectory, "report." + style + ".txt"), run.Describe());
        return run;
    }

    private static List<SweepFinding> Sort(IEnumerable<SweepFinding> findings) =>
        findings.OrderBy(f => f.Set, StringComparer.Ordinal).ThenBy(f => f.Rule, StringComparer.Ordinal).ThenBy(f => f.Location, StringComparer.Ordinal).ToList();

    public static bool IsToolDiagnostic(string id) => id.StartsWith("ILNT9", StringComparison.Ordinal);
}

/// <summary>One style's bindings of every header set, what the compiler and the analyzers said about them.</summary>
public sealed record SweepRun(BindingStyle Style, IReadOnlyList<GeneratedBinding> Bindings, IReadOnlyList<string> CompileErrors, IReadOnlyList<string> AnalyzerExceptions, IReadOnlyList<SweepFinding> Findings)
{
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(FindingReport.Describe("InteropLint on correct " + Style + " bindings of real headers", Findings));
        text.AppendLine("Bound from " + SweepHeaderSet.HostTarget + " facts (functions / records / enums bound, declarations skipped):");
        foreach (var b in Bindings)
        {
            text.AppendLine($"  {b.Set.Name,-20} {b.Functions,5} / {b.Records,4} / {b.Enums,4}   skipped {b.Skipped.Count}: "
                + string.Join("; ", b.Skipped.GroupBy(s => s.Kind + ": " + ReasonKind(s.Reason)).OrderByDescending(g => g.Count()).Take(4).Select(g => g.Count() + " " + g.Key)));
        }

        text.Append(CheckedTable.Describe(CheckedTable.Rows(RealHeaderSweep.Scans)));
        text.AppendLine("Generated sources, manifests and this report: " + RealHeaderSweep.OutputDirectory);
        text.AppendLine("Scans: " + string.Join(", ", RealHeaderSweep.Scans.Select(s => s.Set.Name + (s.FromCache ? " (cached)" : $" {s.Elapsed.TotalSeconds:0.0} s"))));
        text.AppendLine("Reproduce: dotnet test tests/InteropLint.Tests --filter \"Category=RealHeaderSweep\"");
        return text.ToString();
    }

    private static string ReasonKind(string reason)
    {
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        var head = colon > 0 ? reason[..colon] : reason;
        return head.StartsWith("parameter ", StringComparison.Ordinal) || head.StartsWith("field ", StringComparison.Ordinal) ? reason[(colon + 1)..].Trim().Split('\'')[0].Trim() : head;
    }
}
