using System.Collections.Immutable;
using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace InteropLint.Tests.Robustness;

/// <summary>
/// The IDE after an edit: a new compilation that shares every unchanged syntax tree with the last one, analysed by
/// the same analyzer instances. What the analyzers keep across compilations (per syntax tree, per manifest) must not
/// answer the next compilation with the last one's facts.
/// </summary>
public sealed class EditTests
{
    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);

    [Fact]
    public async Task EditInAnotherFile_ThatMakesAStructReachNativeCode_ChangesILNT003InTheUnchangedFile()
    {
        // #pragma pack(1): kind 0, length 1, size 5; the C# struct without Pack puts length at 4 (size 8).
        var manifest = NativeHeaders.ScanText("""
            #pragma pack(push, 1)
            typedef struct wire { unsigned char kind; unsigned int length; } wire;
            #pragma pack(pop)
            void send_wire(const wire *w);
            """);
        var structs = CSharpSyntaxTree.ParseText("struct wire { public byte kind; public uint length; }", Parse, "Wire.cs");
        const string ManagedOnly = "static class Registry { public static int Count(wire[] items) => items.Length; }";
        const string Measured = "static class Registry { public static int Count(wire[] items) => System.Runtime.InteropServices.Marshal.SizeOf<wire>(); }";
        var user = CSharpSyntaxTree.ParseText(ManagedOnly, Parse, "Registry.cs");
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new StructLayoutAnalyzer());
        var options = Options(manifest);

        var first = Compile(structs, user);
        Assert.Empty(await InDocument(first, structs, analyzers, options)); // a managed-only struct named like the C record

        var measured = user.WithChangedText(SourceText.From(Measured));
        var second = first.ReplaceSyntaxTree(user, measured);
        var reported = await InDocument(second, structs, analyzers, options);
        Assert.Equal("ILNT003", Assert.Single(reported).Id); // Marshal.SizeOf<wire> now reads its layout: checked

        var third = second.ReplaceSyntaxTree(measured, measured.WithChangedText(SourceText.From(ManagedOnly)));
        Assert.Empty(await InDocument(third, structs, analyzers, options)); // and no longer
    }

    [Fact]
    public async Task ManifestChangedBetweenCompilations_TheSameP_InvokeIsBoundToTheNewFunction()
    {
        const string Binding = """
            static class Native
            {
                [System.Runtime.InteropServices.DllImport("demo")]
                public static extern void demo_set(int value);
            }
            """;
        var tree = CSharpSyntaxTree.ParseText(Binding, Parse, "Native.cs");
        var compilation = Compile(tree);
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new PInvokeSignatureAnalyzer());

        var narrow = Options(NativeHeaders.ScanText("void demo_set(int value);"));
        Assert.Empty(await InDocument(compilation, tree, analyzers, narrow));

        // The header changed (the same manifest path, new text): the next compilation binds demo_set to the new prototype.
        var wide = Options(NativeHeaders.ScanText("void demo_set(long long value);"));
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(Binding + "\n")));
        Assert.Equal("ILNT001", Assert.Single(await InDocument(edited, edited.SyntaxTrees.Single(), analyzers, wide)).Id);

        // And back: nothing remembered from the wide prototype.
        Assert.Empty(await InDocument(compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(Binding + "\n\n"))), null, analyzers, narrow));
    }

    private static CSharpCompilation Compile(params SyntaxTree[] trees) =>
        CSharpCompilation.Create(
            "Edited",
            trees,
            Basic.Reference.Assemblies.Net80.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));

    private static AnalyzerOptions Options(string manifest) =>
        new(ImmutableArray.Create<AdditionalText>(new AnalyzerRunner.InMemoryAdditionalText("obj/native" + ManifestCache.FileSuffix, manifest)));

    /// <summary>The IDE's analysis of one document (<paramref name="document"/>; null: the compilation's only one).</summary>
    private static async Task<List<Diagnostic>> InDocument(Compilation compilation, SyntaxTree? document, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options)
    {
        document ??= compilation.SyntaxTrees.Single();
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(document), null, CancellationToken.None);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics.Where(d => d.Id.StartsWith("ILNT", StringComparison.Ordinal) && d.Severity >= DiagnosticSeverity.Warning).ToList();
    }
}
