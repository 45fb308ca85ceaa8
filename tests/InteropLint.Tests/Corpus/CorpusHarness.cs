using System.Collections.Immutable;
using System.Text.RegularExpressions;
using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using InteropLint.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Tests.Corpus;

/// <summary>
/// The idioms corpus: hand-written bindings in Corpus/Bindings/*.cs (not compiled into the tests) in the
/// styles real projects use, each checked against the real headers it names by every analyzer the
/// package ships. A binding file says what it binds in its first comment lines:
/// <code>
/// // corpus-header: /usr/include/zlib.h --library z      (one line per header; the rest are scanner arguments)
/// // corpus-targets: linux-x64;win-x64;osx-arm64          (optional; NativeHeaders.DefaultTargets otherwise)
/// </code>
/// and what it must be told, at the end of the line where the finding starts:
/// <code>
/// [DllImport("z")] static extern int deflate(IntPtr strm); // expect: ILNT005 "flush"
/// </code>
/// (several <c>expect:</c> per line allowed; the quoted text must occur in the message). A file without
/// <c>expect:</c> must get no finding at all. Planted bugs are either a <c>.Planted.cs</c> copy with its
/// <c>expect:</c> lines, or an edit of a correct file (<see cref="RunAsync"/>'s <c>edit</c>, StructIdiomsCorpusTests).
/// </summary>
public static partial class CorpusHarness
{
    public static string BindingsFolder => Path.Combine(NativeHeaders.RepositoryRoot, "tests", "InteropLint.Tests", "Corpus", "Bindings");

    /// <summary>Every binding file, by its name relative to the bindings folder.</summary>
    public static IReadOnlyList<string> BindingFiles() =>
        Directory.EnumerateFiles(BindingsFolder, "*.cs", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(BindingsFolder, file).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();

    public sealed record Expectation(int Line, string Id, string? MessagePart);

    public sealed record Finding(int Line, string Id, string Message);

    public sealed record Outcome(ImmutableArray<Expectation> Expected, ImmutableArray<Finding> Found);

    /// <summary>
    /// Scans the file's headers, runs every shipped analyzer and returns what was expected and what was found;
    /// <paramref name="edit"/> plants a bug in the source first (its directives stay).
    /// </summary>
    public static async Task<Outcome> RunAsync(string relativePath, Func<string, string>? edit = null)
    {
        var path = Path.Combine(BindingsFolder, relativePath);
        var source = await File.ReadAllTextAsync(path);
        if (edit != null)
        {
            source = edit(source);
        }

        var lines = source.Split('\n');
        var targets = NativeHeaders.DefaultTargets;
        var headers = new List<string[]>();
        var expected = ImmutableArray.CreateBuilder<Expectation>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var header = HeaderDirective().Match(line);
            if (header.Success)
            {
                headers.Add(header.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                continue;
            }

            var target = TargetsDirective().Match(line);
            if (target.Success)
            {
                targets = target.Groups[1].Value.Trim();
                continue;
            }

            foreach (Match m in ExpectDirective().Matches(line))
            {
                expected.Add(new Expectation(i + 1, m.Groups[1].Value, m.Groups[2].Success ? m.Groups[2].Value : null));
            }
        }

        if (headers.Count == 0)
        {
            throw new InvalidOperationException(relativePath + " names no header (// corpus-header: ...)");
        }

        var manifests = headers.Select(h => NativeHeaders.Scan(h[0], targets, h.Skip(1).ToArray())).ToList();
        var found = await AnalyzeAsync(source, relativePath, manifests);
        return new Outcome(expected.ToImmutable(), found);
    }

    /// <summary>
    /// Every shipped analyzer over one source and its manifests. A binding that does not compile, or an analyzer
    /// exception, fails the run: a corpus binding is code a project could ship.
    /// </summary>
    public static async Task<ImmutableArray<Finding>> AnalyzeAsync(string source, string fileName, IReadOnlyList<string> manifests)
    {
        var compilation = CSharpCompilation.Create(
            "Corpus",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: fileName) },
            Basic.Reference.Assemblies.Net80.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        // CS8795 (a partial method without its implementation) is the LibraryImport generator's part, not run here.
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS8795").ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(fileName + " does not compile: " + string.Join("; ", errors));
        }

        var additional = manifests
            .Select((m, i) => (AdditionalText)new AnalyzerRunner.InMemoryAdditionalText("obj/corpus" + i + ManifestCache.FileSuffix, m))
            .ToImmutableArray();
        var diagnostics = await compilation
            .WithAnalyzers(RuleCatalog.NewAnalyzers(), new AnalyzerOptions(additional))
            .GetAnalyzerDiagnosticsAsync();
        var thrown = diagnostics.FirstOrDefault(d => d.Id == "AD0001");
        if (thrown != null)
        {
            throw new InvalidOperationException("analyzer threw: " + thrown.GetMessage());
        }

        return diagnostics
            .Where(d => d.Id.StartsWith("ILNT", StringComparison.Ordinal) && d.Severity != DiagnosticSeverity.Hidden)
            .Select(d => new Finding(d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Id, d.GetMessage()))
            .OrderBy(f => f.Line).ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>What differs between expectation and findings, one line each; empty when they agree.</summary>
    public static ImmutableArray<string> Differences(Outcome outcome)
    {
        var problems = ImmutableArray.CreateBuilder<string>();
        var unmatched = outcome.Found.ToList();
        foreach (var e in outcome.Expected)
        {
            // Several findings of one rule on a line: each expectation takes the one whose message it names, if any.
            var match = unmatched.FirstOrDefault(f => f.Line == e.Line && f.Id == e.Id && e.MessagePart != null && f.Message.Contains(e.MessagePart, StringComparison.Ordinal))
                ?? unmatched.FirstOrDefault(f => f.Line == e.Line && f.Id == e.Id);
            if (match == null)
            {
                problems.Add($"line {e.Line}: expected {e.Id}{(e.MessagePart is null ? "" : " \"" + e.MessagePart + "\"")}, not reported");
                continue;
            }

            unmatched.Remove(match);
            if (e.MessagePart != null && !match.Message.Contains(e.MessagePart, StringComparison.Ordinal))
            {
                problems.Add($"line {e.Line}: {e.Id} reported without \"{e.MessagePart}\": {match.Message}");
            }
        }

        problems.AddRange(unmatched.Select(f => $"line {f.Line}: unexpected {f.Id}: {f.Message}"));
        return problems.ToImmutable();
    }

    [GeneratedRegex(@"^\s*//\s*corpus-header:\s*(.+)$")]
    private static partial Regex HeaderDirective();

    [GeneratedRegex(@"^\s*//\s*corpus-targets:\s*(.+)$")]
    private static partial Regex TargetsDirective();

    [GeneratedRegex(@"expect:\s*(ILNT\d+)(?:\s+""([^""]*)"")?")]
    private static partial Regex ExpectDirective();
}
