using System.Collections.Immutable;
using InteropLint.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace InteropLint.Tests.Infrastructure;

/// <summary>Runs analyzers over a source and a manifest and returns what they report, for assertions on messages.</summary>
public static class AnalyzerRunner
{
    /// <summary>Runs <paramref name="analyzer"/>; verifier markup (<c>{|#0:…|}</c>, <c>{|ILNT001:…|}</c>) in <paramref name="source"/> is stripped first.</summary>
    public static Task<ImmutableArray<Diagnostic>> RunAsync(DiagnosticAnalyzer analyzer, string source, string? manifest, TestFramework framework = TestFramework.Net80) =>
        RunAsync(ImmutableArray.Create(analyzer), source, manifest, framework);

    /// <summary>Every analyzer the package ships (each public, non-abstract <see cref="DiagnosticAnalyzer"/> of the analyzers assembly).</summary>
    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers() =>
        typeof(InteropLint.Analyzers.StructLayoutAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    public static async Task<ImmutableArray<Diagnostic>> RunAsync(ImmutableArray<DiagnosticAnalyzer> analyzers, string source, string? manifest, TestFramework framework = TestFramework.Net80)
    {
        source = System.Text.RegularExpressions.Regex.Replace(source, @"\{\|[^:|{}]*:", "").Replace("|}", "");
        var references = framework == TestFramework.Net80
            ? Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>()
            : Basic.Reference.Assemblies.NetStandard20.References.All.Cast<MetadataReference>();
        var compilation = CSharpCompilation.Create(
            "Test",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Test.cs") },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        var additional = manifest is null
            ? ImmutableArray<AdditionalText>.Empty
            : ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText("obj/native" + ManifestCache.FileSuffix, manifest));
        var options = new AnalyzerOptions(additional);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAllDiagnosticsAsync();
        var ad0001 = diagnostics.Where(d => d.Id == "AD0001").ToList();
        if (ad0001.Count > 0)
        {
            throw new InvalidOperationException("analyzer threw: " + ad0001[0].GetMessage());
        }

        return diagnostics.Where(d => d.Id.StartsWith("ILNT", StringComparison.Ordinal)).ToImmutableArray();
    }

    public sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryAdditionalText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
