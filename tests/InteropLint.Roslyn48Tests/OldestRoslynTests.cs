using System.Collections.Immutable;
using System.Reflection;
using InteropLint.Manifest;
using InteropLint.Scanner;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace InteropLint.Roslyn48Tests;

/// <summary>
/// Every analyzer loads and runs, and ILNT001's fix applies, on Microsoft.CodeAnalysis 4.8 (what the package declares
/// as its floor): an API of a newer Roslyn used by mistake fails here with MissingMethodException or TypeLoadException.
/// </summary>
public sealed class OldestRoslynTests
{
    private const string Bindings = """
        using System.Runtime.InteropServices;

        internal static unsafe class ZlibNative
        {
            [DllImport("z")] public static extern uint crc32(uint crc, byte* buf, uint len);
        }
        """;

    [Fact]
    public void TheTestRunsOnRoslyn48()
    {
        Assert.Equal(new Version(4, 8, 0, 0), typeof(Compilation).Assembly.GetName().Version);
    }

    [Fact]
    public async Task EveryAnalyzerRuns_Ilnt001Reports_AndItsFixApplies()
    {
        var request = new ScanRequest();
        request.Headers.Add(new ManifestHeader { Path = "/usr/include/zlib.h", Library = "z" });
        request.Targets.AddRange(new[] { "linux-x64", "win-x64" });
        var manifest = ManifestWriter.Write(HeaderScanner.Scan(request).Manifest);

        using var workspace = new AdhocWorkspace();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.Ordinal) && !Path.GetFileName(p).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p));
        var project = workspace.AddProject("Bindings", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true))
            .WithMetadataReferences(references)
            .AddAdditionalDocument("native.interoplint.json", SourceText.From(manifest), filePath: "/obj/native.interoplint.json").Project;
        var document = project.AddDocument("ZlibNative.cs", Bindings, filePath: "/src/ZlibNative.cs");
        project = document.Project;

        var analyzers = typeof(InteropLint.Analyzers.StructLayoutAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        // a floor, not the count: the per-P/Invoke signature rules (ILNT001, 005-009, 011, 012) load as one analyzer, PInvokeSignatureAnalyzer
        Assert.True(analyzers.Length >= 7, analyzers.Length.ToString());

        var compilation = (await project.GetCompilationAsync())!;
        var withAnalyzers = compilation.WithAnalyzers(analyzers, project.AnalyzerOptions);
        var all = await withAnalyzers.GetAllDiagnosticsAsync();
        Assert.DoesNotContain(all, d => d.Id == "AD0001");
        var ilnt001 = all.Where(d => d.Id == "ILNT001").ToList();
        Assert.Equal(2, ilnt001.Count); // the return and 'crc': uLong is 8 bytes on linux-x64

        var fixer = typeof(InteropLint.CodeFixes.IntegerWidthCodeFixProvider).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds.Contains("ILNT001"))
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .Single();
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(project.GetDocument(document.Id)!, ilnt001[0], (action, _) => actions.Add(action), CancellationToken.None);
        await fixer.RegisterCodeFixesAsync(context);
        Assert.NotEmpty(actions);
        var action = actions[0];
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        var text = (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString();
        Assert.Contains("CULong", text, StringComparison.Ordinal);
    }
}
