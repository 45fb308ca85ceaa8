using System.Collections.Immutable;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace InteropLint.Tests.Corpus;

/// <summary>
/// A binding of the idioms corpus: C# written the way real projects write it, against a real header's manifest.
/// The harness checks the binding compiles, then runs every analyzer the package ships over it.
/// (A minimal local harness: to be unified with the signature side's corpus harness.)
/// </summary>
public static class StructCorpusHarness
{
    private static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> Analyzers = new(AnalyzerRunner.AllAnalyzers);

    /// <summary>Every InteropLint diagnostic on <paramref name="source"/>; fails when the source does not compile.</summary>
    public static async Task<ImmutableArray<Diagnostic>> FindingsAsync(string source, string manifest)
    {
        var compilation = CSharpCompilation.Create(
            "Corpus",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Binding.cs") },
            Basic.Reference.Assemblies.Net80.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "the corpus binding does not compile: " + string.Join("; ", errors));
        return await AnalyzerRunner.RunAsync(Analyzers.Value, source, manifest);
    }

    /// <summary>The findings as lines (<c>ILNT003: message</c>), for assertion messages that show what was found.</summary>
    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(d => d.Id + " (" + d.Severity + "): " + d.GetMessage()));
}
