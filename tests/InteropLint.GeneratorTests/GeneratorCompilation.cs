using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.InteropServices;
using InteropLint.Manifest;
using InteropLint.Scanner;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace InteropLint.GeneratorTests;

/// <summary>
/// A binding compiled the way <c>dotnet build</c> compiles it: against the running runtime's reference assemblies,
/// with the runtime's own LibraryImport generator (from the SDK's targeting pack, found from the running runtime,
/// not from a fixed path) run first; then every InteropLint analyzer over the result, with the manifest of a header.
/// </summary>
public static class GeneratorCompilation
{
    private static readonly Lazy<TargetingPack> Pack = new(TargetingPack.Find);

    public sealed record Outcome(Compilation Compilation, ImmutableArray<Diagnostic> Findings, ImmutableArray<Diagnostic> GeneratorDiagnostics);

    /// <summary>Scans <paramref name="headerText"/> (an in-memory header) for <paramref name="targets"/>, compiles <paramref name="source"/> with the generator and runs every analyzer.</summary>
    public static async Task<Outcome> RunAsync(string headerText, string library, string source, params string[] targets)
    {
        var request = new ScanRequest();
        var headerPath = Path.Combine(Path.GetTempPath(), "interoplint-generator-tests", library + ".h");
        request.UnsavedFiles[headerPath] = headerText;
        request.Headers.Add(new ManifestHeader { Path = headerPath, Library = library });
        request.Targets.AddRange(targets.Length > 0 ? targets : new[] { "linux-x64", "win-x64", "osx-arm64" });
        var manifest = ManifestWriter.Write(HeaderScanner.Scan(request).Manifest);

        var compilation = CSharpCompilation.Create(
            "Binding",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "/src/Binding.cs") },
            Pack.Value.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        var driver = CSharpGeneratorDriver.Create(Pack.Value.LibraryImportGenerator);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics);

        var additional = ImmutableArray.Create<AdditionalText>(new ManifestText("/obj/" + library + ".interoplint.json", manifest));
        var diagnostics = await generated
            .WithAnalyzers(Analyzers.Value, new AnalyzerOptions(additional))
            .GetAnalyzerDiagnosticsAsync();
        return new Outcome(generated, diagnostics, generatorDiagnostics);
    }

    private static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> Analyzers = new(() =>
        typeof(InteropLint.Analyzers.StructLayoutAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray());

    private sealed class ManifestText : AdditionalText
    {
        private readonly SourceText _text;

        public ManifestText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>The targeting pack of the running runtime's major version: its reference assemblies and its LibraryImport generator.</summary>
    private sealed class TargetingPack
    {
        private TargetingPack(ImmutableArray<MetadataReference> references, ISourceGenerator generator)
        {
            References = references;
            LibraryImportGenerator = generator;
        }

        public ImmutableArray<MetadataReference> References { get; }

        public ISourceGenerator LibraryImportGenerator { get; }

        public static TargetingPack Find()
        {
            // <dotnet root>/shared/Microsoft.NETCore.App/<version>/ holds the running runtime.
            var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
            var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
            var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
            var major = Environment.Version.Major;
            var pack = Directory.EnumerateDirectories(packs)
                .Select(d => (Path: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
                .Where(p => p.Version != null && p.Version.Major == major)
                .OrderByDescending(p => p.Version)
                .Select(p => p.Path)
                .FirstOrDefault()
                ?? throw new InvalidOperationException("no Microsoft.NETCore.App.Ref " + major + ".x under " + packs);
            var refFolder = Directory.EnumerateDirectories(Path.Combine(pack, "ref")).Single();
            var references = Directory.EnumerateFiles(refFolder, "*.dll")
                .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))
                .ToImmutableArray();
            var generatorPath = Path.Combine(pack, "analyzers", "dotnet", "cs", "Microsoft.Interop.LibraryImportGenerator.dll");
            var generatorType = Assembly.LoadFrom(generatorPath).GetType("Microsoft.Interop.LibraryImportGenerator", throwOnError: true)!;
            var generator = ((IIncrementalGenerator)Activator.CreateInstance(generatorType)!).AsSourceGenerator();
            return new TargetingPack(references, generator);
        }
    }
}
