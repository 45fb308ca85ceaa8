using System.Collections.Immutable;
using InteropLint.Analyzers;
using Microsoft.CodeAnalysis;

namespace InteropLint.Tests.Infrastructure;

/// <summary>Every rule that compares a P/Invoke with its prototype, run together: correct declarations must leave all of them silent.</summary>
public static class SignatureRules
{
    public static async Task<ImmutableArray<Diagnostic>> RunAllAsync(string source, string manifest)
    {
        var all = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var analyzer in new Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer[]
        {
            new IntegerWidthAnalyzer(), new SignatureMismatchAnalyzer(), new EntryPointAnalyzer(), new BoolWidthAnalyzer(),
            new CharWidthAnalyzer(), new VariadicAnalyzer(), new EnumSizeAnalyzer(), new ConstantDriftAnalyzer(),
        })
        {
            all.AddRange(await AnalyzerRunner.RunAsync(analyzer, source, manifest));
        }

        return all.ToImmutable();
    }
}
