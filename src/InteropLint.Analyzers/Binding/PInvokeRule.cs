using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Analyzers
{
    /// <summary>What one signature rule checks on one P/Invoke: <paramref name="bound"/> is null for the rules that look at P/Invokes binding nothing.</summary>
    internal delegate void PInvokeCheck(SymbolAnalysisContext context, IMethodSymbol method, BoundPInvoke? bound);

    /// <summary>
    /// A per-P/Invoke signature rule as <see cref="PInvokeSignatureAnalyzer"/> runs it: its descriptor, and per
    /// compilation the check it makes on each P/Invoke. The check itself lives in the rule's own folder (its
    /// analyzer's <c>Rule</c>), so a reader still finds one rule in one place; the driver only binds each P/Invoke once
    /// and hands it to every rule.
    /// </summary>
    internal sealed class PInvokeRule
    {
        public PInvokeRule(DiagnosticDescriptor descriptor, Func<Compilation, InteropContext, PInvokeCheck> start, bool checksUnbound = false)
        {
            Descriptor = descriptor;
            Start = start;
            ChecksUnbound = checksUnbound;
        }

        public DiagnosticDescriptor Descriptor { get; }

        /// <summary>Once per compilation that has a manifest: the per-compilation facts the rule needs, closed over by its check.</summary>
        public Func<Compilation, InteropContext, PInvokeCheck> Start { get; }

        /// <summary>
        /// True for a rule about P/Invokes that bind no C function (ILNT006: an entry point no header declares); such a
        /// rule is called only for those, the others only for bound P/Invokes.
        /// </summary>
        public bool ChecksUnbound { get; }
    }
}
