using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace InteropLint.Tests.Infrastructure;

/// <summary>
/// Runs analyzers on a source and a manifest and returns their diagnostics, for tests that check facts in
/// a message (a header's name, a suggested function) rather than a whole message from a real header.
/// </summary>
public static class AnalyzerRunner
{
    public static async Task<ImmutableArray<Diagnostic>> RunAsync(string source, string manifestJson, params DiagnosticAnalyzer[] analyzers)
    {
        var compilation = CSharpCompilation.Create(
            "Test",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
            Basic.Reference.Assemblies.Net80.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS8795").ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("test source does not compile:\n" + string.Join("\n", errors));
        }

        var options = new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(new InMemoryText("native.interoplint.json", manifestJson)));
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create(analyzers), options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
