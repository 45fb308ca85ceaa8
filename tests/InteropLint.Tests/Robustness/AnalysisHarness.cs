using System.Collections.Concurrent;
using System.Collections.Immutable;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Tests.Robustness;

/// <summary>A manifest as the build passes it: an AdditionalFile named <c>*.interoplint.json</c>.</summary>
public sealed record ManifestFile(string Name, string Json)
{
    public AdditionalText ToAdditionalText() => new AnalyzerRunner.InMemoryAdditionalText("obj/" + Name, Json);
}

/// <summary>What one run of every analyzer over one compilation gave.</summary>
public sealed class AnalysisOutcome
{
    public AnalysisOutcome(ImmutableArray<Diagnostic> diagnostics, IReadOnlyList<string> exceptions)
    {
        Diagnostics = diagnostics;
        Exceptions = exceptions;
    }

    /// <summary>The analyzers' diagnostics (ILNT…).</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>Exceptions that escaped an analyzer (each would be an AD0001 for the user).</summary>
    public IReadOnlyList<string> Exceptions { get; }
}

/// <summary>Compiles sources against offline .NET 8 references and runs every shipped analyzer, collecting what escapes.</summary>
public static class AnalysisHarness
{
    private static readonly ImmutableArray<MetadataReference> Net80 =
        Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>().ToImmutableArray();

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static IReadOnlyList<MetadataReference> References => Net80;

    public static CSharpCompilationOptions CompilationOptions(OutputKind kind) =>
        new(kind, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable);

    /// <summary>One compilation of the given sources (top-level statements make it an executable).</summary>
    public static CSharpCompilation Compile(IEnumerable<string> sources, string assemblyName = "Fuzz")
    {
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: "Source" + i + ".cs")).ToList();
        return CSharpCompilation.Create(assemblyName, trees, Net80, CompilationOptions(KindFor(trees)));
    }

    public static OutputKind KindFor(IEnumerable<SyntaxTree> trees) =>
        trees.Any(t => t.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any()) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;

    public static Task<AnalysisOutcome> AnalyzeAsync(Compilation compilation, IEnumerable<ManifestFile> manifests, bool concurrent = true) =>
        AnalyzeAsync(compilation, new AnalyzerOptions(manifests.Select(m => m.ToAdditionalText()).ToImmutableArray()), RuleCatalog.Analyzers, concurrent);

    public static async Task<AnalysisOutcome> AnalyzeAsync(Compilation compilation, AnalyzerOptions options, ImmutableArray<DiagnosticAnalyzer> analyzers, bool concurrent = true, CancellationToken cancellationToken = default)
    {
        var exceptions = new ConcurrentQueue<string>();
        var withAnalyzers = compilation.WithAnalyzers(
            analyzers,
            new CompilationWithAnalyzersOptions(
                options,
                onAnalyzerException: (ex, analyzer, _) => exceptions.Enqueue(analyzer.GetType().Name + ": " + ex),
                concurrentAnalysis: concurrent,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: false,
                analyzerExceptionFilter: null));
        ImmutableArray<Diagnostic> diagnostics;
        try
        {
            diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            exceptions.Enqueue("the analyzer driver threw: " + ex);
            diagnostics = ImmutableArray<Diagnostic>.Empty;
        }

        foreach (var d in diagnostics.Where(d => d.Id == "AD0001"))
        {
            exceptions.Enqueue(d.GetMessage());
        }

        return new AnalysisOutcome(diagnostics.Where(d => d.Id != "AD0001").ToImmutableArray(), exceptions.ToList());
    }

    /// <summary>The compiler's errors as "id: message", for comparing before and after a fix regardless of where they moved.</summary>
    /// <remarks>
    /// Parameter lists inside messages are elided: an error that was there before about <c>Z.Bound(uint)</c> is the
    /// same error after a fix made it <c>Z.Bound(CULong)</c> (e.g. CS8795, a LibraryImport partial method without
    /// the generator, which these compilations do not run).
    /// </remarks>
    public static List<string> Errors(Compilation compilation) =>
        compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.Id + ": " + System.Text.RegularExpressions.Regex.Replace(d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), @"'([^'(]*)\([^']*\)'", "'$1(…)'"))
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();

    /// <summary>Errors in <paramref name="after"/> that were not in <paramref name="before"/> (as multisets).</summary>
    public static List<string> NewErrors(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var remaining = before.GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());
        var added = new List<string>();
        foreach (var e in after)
        {
            if (remaining.TryGetValue(e, out var n) && n > 0)
            {
                remaining[e] = n - 1;
            }
            else
            {
                added.Add(e);
            }
        }

        return added;
    }
}
