using InteropLint.Analyzers;
using InteropLint.Manifest;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.Robustness;

/// <summary>
/// Issue 10 item 1 (c): the real zlib and sqlite3 manifests cut, corrupted, from another format version, and
/// with strange but readable content, under every analyzer and fix. Unreadable manifests give one ILNT902 that
/// names the file; nothing escapes.
/// </summary>
public sealed class ManifestFuzzTests
{
    private readonly ITestOutputHelper _output;

    public ManifestFuzzTests(ITestOutputHelper output) => _output = output;

    /// <summary>How many corpus sources go into the probe compilation (each analyzer run rebinds all of them).</summary>
    private const int ProbeSources = 30;

    /// <summary>Up to <paramref name="count"/> items spread evenly over the list, so every rule's tests are represented.</summary>
    internal static IReadOnlyList<T> Spread<T>(IReadOnlyList<T> items, int count) =>
        items.Count <= count ? items : Enumerable.Range(0, count).Select(i => items[i * items.Count / count]).ToList();

    /// <summary>Corpus sources (spread over the corpus) in one compilation, each in its own namespace so their types do not collide.</summary>
    internal static Compilation ProbeCompilation()
    {
        var sources = Spread(FuzzCorpus.AllSources, ProbeSources).Select((s, i) => Namespaced(s.Text, "Probe" + i)).ToList();
        var topLevel = sources.Where(s => s.TopLevel).Take(1);
        return AnalysisHarness.Compile(sources.Where(s => !s.TopLevel).Concat(topLevel).Select(s => s.Text), "Probe");
    }

    [Fact]
    public async Task UnreadableManifests_GiveOneILNT902_AndNothingThrows()
    {
        var probe = ProbeCompilation();
        var variants = ManifestMutations.Unreadable("zlib", RealHeaders.Zlib, cuts: 20)
            .Concat(ManifestMutations.Unreadable("sqlite3", RealHeaders.Sqlite, cuts: 20))
            .ToList();
        // What the rules say without any manifest: an unreadable one must add exactly one ILNT902 to that.
        var baseline = (await AnalysisHarness.AnalyzeAsync(probe, Array.Empty<ManifestFile>())).Diagnostics.Select(Render).OrderBy(x => x, StringComparer.Ordinal).ToList();
        var failures = new List<string>();
        var unreadable = 0;
        await Parallel.ForEachAsync(variants, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (variant, _) =>
        {
            var readable = true;
            try
            {
                ManifestReader.Read(variant.Json);
            }
            catch (ManifestFormatException)
            {
                readable = false;
            }
            catch (Exception ex)
            {
                lock (failures)
                {
                    failures.Add(variant.Name + ": the reader threw " + ex.GetType().Name + " instead of ManifestFormatException: " + ex.Message);
                }
            }

            var file = new ManifestFile("broken.interoplint.json", variant.Json);
            var outcome = await AnalysisHarness.AnalyzeAsync(probe, new[] { file });
            lock (failures)
            {
                failures.AddRange(outcome.Exceptions.Select(e => variant.Name + ": " + e));
                if (!readable)
                {
                    unreadable++;
                    var ilnt902 = outcome.Diagnostics.Where(d => d.Id == RuleIdentifiers.ILNT902ManifestUnreadable).ToList();
                    if (ilnt902.Count != 1 || !ilnt902[0].GetMessage().Contains("broken.interoplint.json", StringComparison.Ordinal))
                    {
                        failures.Add(variant.Name + ": expected one ILNT902 naming the file, got " + string.Join(" | ", outcome.Diagnostics.Select(d => d.Id + " " + d.GetMessage())));
                    }

                    var others = outcome.Diagnostics.Where(d => d.Id != RuleIdentifiers.ILNT902ManifestUnreadable).Select(Render).OrderBy(x => x, StringComparer.Ordinal).ToList();
                    if (!others.SequenceEqual(baseline))
                    {
                        failures.Add(variant.Name + ": an unreadable manifest changed the other diagnostics: " + string.Join(" | ", others.Except(baseline).Take(2)));
                    }
                }
            }
        });

        _output.WriteLine($"unreadable-manifest fuzz: {variants.Count} manifests ({unreadable} unreadable) x {RuleCatalog.Analyzers.Length} analyzers over {probe.SyntaxTrees.Count()} sources; failures: {failures.Count}");
        failures.Take(20).ToList().ForEach(f => _output.WriteLine("FAIL " + f));
        Assert.True(unreadable > variants.Count / 2, "most variants should be unreadable");
        Assert.Empty(failures);
    }

    [Fact]
    public async Task OddButReadableManifests_NoAnalyzerOrFixThrows_AndFixesAddNoErrors()
    {
        var probe = ProbeCompilation();
        var variants = ManifestMutations.Odd("zlib", RealHeaders.Zlib).Concat(ManifestMutations.Odd("sqlite3", RealHeaders.Sqlite)).ToList();

        // Sources whose fixes get exercised against each odd manifest: the corpus sources the real manifests make report.
        var fixSources = FuzzCorpus.PositiveCases.Select(s => s.Text).ToList();

        var failures = new List<string>();
        var fixesApplied = 0;
        var runs = 0;
        await Parallel.ForEachAsync(variants, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (variant, _) =>
        {
            // Alone, next to the real manifest it was made from (the same names twice across files), and twice.
            var real = variant.Name.StartsWith("zlib", StringComparison.Ordinal) ? RealHeaders.Zlib : RealHeaders.Sqlite;
            var sets = new[]
            {
                new[] { new ManifestFile("odd.interoplint.json", variant.Json) },
                new[] { new ManifestFile("real.interoplint.json", real), new ManifestFile("odd.interoplint.json", variant.Json) },
                new[] { new ManifestFile("a.interoplint.json", variant.Json), new ManifestFile("b.INTEROPLINT.JSON", variant.Json) },
            };
            // Each variant under one of the three arrangements (all three for every variant costs three times as much).
            foreach (var set in new[] { sets[variants.IndexOf(variant) % sets.Length] })
            {
                var outcome = await AnalysisHarness.AnalyzeAsync(probe, set);
                Interlocked.Increment(ref runs);
                lock (failures)
                {
                    failures.AddRange(outcome.Exceptions.Select(e => variant.Name + ": " + e));
                }
            }

            foreach (var text in Spread(fixSources, 3))
            {
                var solution = FixHarness.CreateSolution(new[] { new[] { text } }, sets[0]);
                var diagnostics = await FixHarness.AnalyzeAsync(solution, failures);
                Interlocked.Add(ref fixesApplied, await FixHarness.ApplyEachFixAsync(solution, diagnostics, variant.Name, failures, maxDiagnostics: 3));
            }
        });

        _output.WriteLine($"odd-manifest fuzz: {variants.Count} manifests, {runs} analyzer runs over {probe.SyntaxTrees.Count()} sources, {fixesApplied} fixes applied on {Math.Min(3, fixSources.Count)} sources; failures: {failures.Count}");
        failures.Take(20).ToList().ForEach(f => _output.WriteLine("FAIL " + f));
        Assert.Empty(failures);
    }

    private static string Render(Diagnostic d) => d.Id + " " + d.Location.GetLineSpan() + " " + d.GetMessage();

    private static (string Text, bool TopLevel) Namespaced(string source, string name)
    {
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(source, AnalysisHarness.ParseOptions).GetRoot();
        if (root.Members.Any(m => m is GlobalStatementSyntax))
        {
            return (source, true);
        }

        if (root.Members.Any(m => m is BaseNamespaceDeclarationSyntax))
        {
            return (source, false);
        }

        var ns = SyntaxFactory.FileScopedNamespaceDeclaration(SyntaxFactory.IdentifierName(name))
            .WithMembers(root.Members)
            .WithNamespaceKeyword(SyntaxFactory.Token(SyntaxKind.NamespaceKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(SyntaxFactory.CarriageReturnLineFeed));
        return (root.WithMembers(SyntaxFactory.SingletonList<MemberDeclarationSyntax>(ns)).ToFullString(), false);
    }
}
