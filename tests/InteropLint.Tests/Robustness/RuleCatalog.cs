using System.Collections.Immutable;
using System.Reflection;
using InteropLint.Analyzers;
using InteropLint.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Tests.Robustness;

/// <summary>
/// Every analyzer and code fix the package ships, found by reflection, so that a rule added later is
/// fuzzed without anyone registering it here.
/// </summary>
public static class RuleCatalog
{
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = Discover<DiagnosticAnalyzer, DiagnosticAnalyzerAttribute>(typeof(IntegerWidthAnalyzer).Assembly);

    public static ImmutableArray<CodeFixProvider> FixProviders { get; } = Discover<CodeFixProvider, ExportCodeFixProviderAttribute>(typeof(IntegerWidthCodeFixProvider).Assembly);

    /// <summary>Fix providers by the diagnostic id they fix.</summary>
    public static IEnumerable<CodeFixProvider> FixersFor(string diagnosticId) =>
        FixProviders.Where(p => p.FixableDiagnosticIds.Contains(diagnosticId));

    /// <summary>Diagnostic ids some fix provider offers to fix.</summary>
    public static ImmutableHashSet<string> FixableIds { get; } = FixProviders.SelectMany(p => p.FixableDiagnosticIds).ToImmutableHashSet();

    /// <summary>Fresh instances (for tests that must not share analyzer objects).</summary>
    public static ImmutableArray<DiagnosticAnalyzer> NewAnalyzers() =>
        Analyzers.Select(a => (DiagnosticAnalyzer)Activator.CreateInstance(a.GetType())!).ToImmutableArray();

    private static ImmutableArray<T> Discover<T, TAttribute>(Assembly assembly)
        where T : class
        where TAttribute : Attribute
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = ex.Types.Where(t => t != null).ToArray()!;
        }

        return types
            .Where(t => !t.IsAbstract && typeof(T).IsAssignableFrom(t) && t.GetCustomAttribute<TAttribute>() != null && t.GetConstructor(Type.EmptyTypes) != null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToImmutableArray();
    }
}
