using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.Robustness;

/// <summary>
/// Issue 10 item 1 (a, b): every analyzer over every interop source of the tests and the odd-attribute corpus,
/// whole, truncated, and with tokens deleted or duplicated; every fix offered on them. Nothing may escape an
/// analyzer or a fix provider, and no fix may add a compiler error.
/// </summary>
public sealed class SourceFuzzTests
{
    /// <summary>Analyzer runs over mutated sources, spread over the corpus (bounded so the suite stays quick).</summary>
    private const int MutationBudget = 1000;

    /// <summary>Fix applications on mutated sources.</summary>
    private const int FixBudget = 150;

    private readonly ITestOutputHelper _output;

    public SourceFuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Discovery_FindsTheShippedAnalyzersAndFixes()
    {
        _output.WriteLine("analyzers: " + string.Join(", ", RuleCatalog.Analyzers.Select(a => a.GetType().Name)));
        _output.WriteLine("fix providers: " + string.Join(", ", RuleCatalog.FixProviders.Select(p => p.GetType().Name)));
        Assert.Contains(RuleCatalog.Analyzers, a => a.GetType().Name == "PInvokeSignatureAnalyzer"); // ILNT001 and the other per-P/Invoke rules
        Assert.Contains(RuleCatalog.Analyzers, a => a.GetType().Name == "ToolDiagnosticsAnalyzer");
        Assert.Contains(RuleCatalog.FixProviders, p => p.GetType().Name == "IntegerWidthCodeFixProvider");

        // Every fix provider fixes something an analyzer reports.
        var reported = RuleCatalog.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet();
        foreach (var provider in RuleCatalog.FixProviders)
        {
            Assert.All(provider.FixableDiagnosticIds, id => Assert.Contains(id, reported));
        }
    }

    [Fact]
    public void Corpus_HasTheTestsSourcesAndHeaders()
    {
        _output.WriteLine($"{FuzzCorpus.TestSources.Count} C# sources and {FuzzCorpus.TestHeaders.Count} C headers extracted from tests/**/*.cs; {OddInteropSources.All.Count} odd-attribute sources");
        Assert.NotEmpty(FuzzCorpus.TestSources);
        Assert.All(FuzzCorpus.TestSources, s => Assert.DoesNotContain("{|", s.Text));
    }

    [Fact]
    public async Task EveryAnalyzerAndFix_OnMutatedSources_NeverThrows_AndFixesAddNoErrors()
    {
        var sources = FuzzCorpus.AllSources;
        var manifests = FuzzCorpus.Manifests;
        var perSource = Math.Max(6, MutationBudget / Math.Max(1, sources.Count));
        var inputs = new List<(string Name, string Text)>();
        foreach (var source in sources)
        {
            inputs.Add((source.Origin, source.Text));
            var truncations = perSource * 2 / 5;
            var edits = (perSource - truncations) / 2;
            inputs.AddRange(Mutations.Of(source.Text, truncations, edits, edits).Select(m => (source.Origin + " " + m.Name, m.Text)));
        }

        var failures = new List<string>();
        var reportingInputs = 0;
        var diagnosticsSeen = new ConcurrentDictionary<string, int>();
        var fixesApplied = 0;
        var fixBudget = FixBudget;
        await Parallel.ForEachAsync(inputs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (input, _) =>
        {
            var compilation = AnalysisHarness.Compile(new[] { input.Text });
            var outcome = await AnalysisHarness.AnalyzeAsync(compilation, manifests);
            if (outcome.Exceptions.Count > 0)
            {
                lock (failures)
                {
                    failures.Add(input.Name + ": " + outcome.Exceptions[0]);
                }
            }

            var ruleDiagnostics = outcome.Diagnostics.Where(d => d.Location.IsInSource).ToList();
            if (ruleDiagnostics.Count > 0)
            {
                Interlocked.Increment(ref reportingInputs);
            }

            foreach (var d in outcome.Diagnostics)
            {
                diagnosticsSeen.AddOrUpdate(d.Id, 1, (_, n) => n + 1);
            }

            if (ruleDiagnostics.Any(d => RuleCatalog.FixableIds.Contains(d.Id)) && Interlocked.Decrement(ref fixBudget) >= 0)
            {
                var solution = FixHarness.CreateSolution(new[] { new[] { input.Text } }, manifests);
                var diagnostics = await FixHarness.AnalyzeAsync(solution, failures);
                var applied = await FixHarness.ApplyEachFixAsync(solution, diagnostics, input.Name, failures, maxDiagnostics: 4);
                Interlocked.Add(ref fixesApplied, applied);
            }
        });

        _output.WriteLine($"source fuzz: {inputs.Count} inputs ({sources.Count} sources, {inputs.Count - sources.Count} mutations) x {RuleCatalog.Analyzers.Length} analyzers, {manifests.Count} manifests");
        _output.WriteLine($"  inputs with rule diagnostics: {reportingInputs}; diagnostics by id: {string.Join(", ", diagnosticsSeen.OrderBy(p => p.Key).Select(p => p.Key + "=" + p.Value))}");
        _output.WriteLine($"  fixes applied: {fixesApplied}; failures: {failures.Count}");
        foreach (var f in failures.Take(20))
        {
            _output.WriteLine("FAIL " + f);
        }

        Assert.True(reportingInputs > 0, "no input made any rule report: the corpus does not exercise the rules");
        Assert.Empty(failures);
    }
}
