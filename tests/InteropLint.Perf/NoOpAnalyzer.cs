using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Perf;

/// <summary>
/// Registers what InteropLint's rules register and does nothing but read each P/Invoke's attributes: what the analyzer
/// driver itself costs. A real build always pays it (the SDK's own analyzers run in every compile), so InteropLint's
/// cost is measured above it.
/// </summary>
/// <remarks>
/// Why it reads attributes: in-process, <see cref="CompilationWithAnalyzers"/> analyses a clone of the compilation, so
/// the first analyzer to read a P/Invoke's <c>[DllImport]</c> binds it again, while csc runs analyzers on the very
/// compilation it emits and binds each attribute once for both. Reading them here charges that binding to the
/// reference, as csc would, instead of to whichever InteropLint rule asks first.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoOpAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new("PERF000", "never reported", "never reported", "Performance", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start => start.RegisterSymbolAction(
            c =>
            {
                if (c.Symbol is IMethodSymbol { IsExtern: true } method)
                {
                    _ = method.GetDllImportData();
                }
            },
            SymbolKind.Method));
    }
}
