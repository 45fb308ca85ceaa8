using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// One per-P/Invoke signature rule run alone (tests, and a reader who wants one rule): its descriptor and its
    /// registration, written once for the eight rules. The compiler host runs them all through
    /// <see cref="PInvokeSignatureAnalyzer"/>, the one class carrying <see cref="DiagnosticAnalyzerAttribute"/>; a
    /// rule's analyzer holds its <see cref="PInvokeRule"/> and the check itself, in the rule's own folder.
    /// </summary>
    public abstract class PInvokeRuleAnalyzer : DiagnosticAnalyzer
    {
        private readonly ImmutableArray<PInvokeRule> _rule;

        private protected PInvokeRuleAnalyzer(PInvokeRule rule)
        {
            _rule = ImmutableArray.Create(rule);
            SupportedDiagnostics = ImmutableArray.Create(rule.Descriptor);
        }

        public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(UserCode.DeclarationRuleFlags); // a LibraryImport looks generated: the driver skips generated code (UserCode)
            PInvokeSignatureAnalyzer.Register(context, _rule);
        }
    }
}
