using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace InteropLint.Tests.Infrastructure;

/// <summary>Which framework's reference assemblies a test compiles against (all offline, from Basic.Reference.Assemblies).</summary>
public enum TestFramework
{
    /// <summary>.NET 8: has CLong/CULong, LibraryImport, nint.</summary>
    Net80,

    /// <summary>netstandard2.0: no CLong, no LibraryImport — what a library targeting old frameworks sees.</summary>
    NetStandard20,
}

/// <summary>
/// An analyzer/code-fix test with a native manifest in AdditionalFiles, compiled against offline reference
/// assemblies with unsafe code allowed. Use <see cref="InteropVerifier{TAnalyzer, TFix}"/> to build one.
/// </summary>
public sealed class InteropTest<TAnalyzer, TFix> : CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFix : CodeFixProvider, new()
{
    public InteropTest(TestFramework framework = TestFramework.Net80)
    {
        // No package to download: the references come from Basic.Reference.Assemblies.
        ReferenceAssemblies = new ReferenceAssemblies("offline");
        var references = framework == TestFramework.Net80
            ? Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>().ToImmutableArray()
            : Basic.Reference.Assemblies.NetStandard20.References.All.Cast<MetadataReference>().ToImmutableArray();
        SolutionTransforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            var options = ((CSharpCompilationOptions)project.CompilationOptions!).WithAllowUnsafe(true);
            return solution
                .WithProjectCompilationOptions(projectId, options)
                .AddMetadataReferences(projectId, references);
        });
    }

    /// <summary>Adds a manifest (the scanner's output) as the build targets would: an AdditionalFile named *.interoplint.json.</summary>
    public InteropTest<TAnalyzer, TFix> WithManifest(string manifestJson, string name = "native.interoplint.json")
    {
        TestState.AdditionalFiles.Add((name, manifestJson));
        FixedState.AdditionalFilesFactories.Clear();
        return this;
    }
}

/// <summary>Entry points for rule tests; markup as in roslyn-sdk: <c>{|ILNT001:uint|}</c> or <c>{|#0:uint|}</c>.</summary>
public static class InteropVerifier<TAnalyzer, TFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFix : CodeFixProvider, new()
{
    /// <summary>A diagnostic of rule <paramref name="id"/> at the rule's default severity (ILNT004 is a suggestion).</summary>
    public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, DefaultSeverity(id));

    private static DiagnosticSeverity DefaultSeverity(string id) =>
        typeof(InteropLint.Analyzers.StructLayoutAnalyzer).Assembly.GetType("InteropLint.Analyzers.Descriptors")
            ?.GetField(id, System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)
            ?.GetValue(null) is Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor
            ? descriptor.DefaultSeverity
            : DiagnosticSeverity.Warning;

    /// <summary>Checks the diagnostics in <paramref name="source"/>'s markup; no fix is applied.</summary>
    public static Task VerifyAnalyzerAsync(string source, string? manifest, params DiagnosticResult[] expected) =>
        VerifyAnalyzerAsync(source, manifest, TestFramework.Net80, expected);

    public static Task VerifyAnalyzerAsync(string source, string? manifest, TestFramework framework, params DiagnosticResult[] expected)
    {
        var test = new InteropTest<TAnalyzer, TFix>(framework) { TestCode = source };
        if (manifest != null)
        {
            test.WithManifest(manifest);
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Checks the diagnostics, the fix, and Fix All (the framework runs both and checks nothing fixable remains).</summary>
    public static Task VerifyCodeFixAsync(string source, string fixedSource, string? manifest, params DiagnosticResult[] expected) =>
        VerifyCodeFixAsync(source, fixedSource, manifest, TestFramework.Net80, expected);

    public static Task VerifyCodeFixAsync(string source, string fixedSource, string? manifest, TestFramework framework, params DiagnosticResult[] expected)
    {
        var test = new InteropTest<TAnalyzer, TFix>(framework) { TestCode = source, FixedCode = fixedSource };
        if (manifest != null)
        {
            test.WithManifest(manifest);
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}

/// <summary>An analyzer-only verifier (no fix provider).</summary>
public static class InteropVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task VerifyAnalyzerAsync(string source, string? manifest, params DiagnosticResult[] expected) =>
        InteropVerifier<TAnalyzer, EmptyCodeFixProvider>.VerifyAnalyzerAsync(source, manifest, expected);

    public static Task VerifyAnalyzerAsync(string source, string? manifest, TestFramework framework, params DiagnosticResult[] expected) =>
        InteropVerifier<TAnalyzer, EmptyCodeFixProvider>.VerifyAnalyzerAsync(source, manifest, framework, expected);
}
