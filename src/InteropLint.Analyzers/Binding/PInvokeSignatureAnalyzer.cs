using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// The per-P/Invoke signature rules (ILNT001, 005, 006, 007, 008, 009, 011, 012) as the compiler runs them: one
    /// analyzer, one symbol action, each P/Invoke bound to its C function once and handed to every rule's check
    /// (issue 19). Each rule's check stays in its own folder, and its analyzer class runs that rule alone (tests, and
    /// a reader who wants one rule); only this class carries <see cref="DiagnosticAnalyzerAttribute"/>, so a compiler
    /// host loads the rules once, through here.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PInvokeSignatureAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableArray<PInvokeRule> Rules = ImmutableArray.Create(
            IntegerWidthAnalyzer.Rule,
            SignatureMismatchAnalyzer.Rule,
            EntryPointAnalyzer.Rule,
            BorrowedStringAnalyzer.Rule,
            BoolWidthAnalyzer.Rule,
            CharWidthAnalyzer.Rule,
            VariadicAnalyzer.Rule,
            EnumSizeAnalyzer.Rule);

        private static readonly ImmutableArray<DiagnosticDescriptor> AllDescriptors = Rules.Select(r => r.Descriptor).ToImmutableArray();

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => AllDescriptors;

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(UserCode.DeclarationRuleFlags); // a LibraryImport looks generated: Analyze skips generated code (UserCode)
            Register(context, Rules);
        }

        /// <summary>Registers <paramref name="rules"/> behind one symbol action (the driver, or one rule's own analyzer); the caller configures concurrency and generated code.</summary>
        internal static void Register(AnalysisContext context, ImmutableArray<PInvokeRule> rules)
        {
            InteropContext.RegisterStartAction(context, (start, interop) =>
            {
                var bound = new List<PInvokeCheck>(rules.Length);
                var unbound = new List<PInvokeCheck>(1);
                foreach (var rule in rules)
                {
                    (rule.ChecksUnbound ? unbound : bound).Add(rule.Start(start.Compilation, interop));
                }

                var boundChecks = bound.ToArray();
                var unboundChecks = unbound.ToArray();
                start.RegisterSymbolAction(c => Analyze(c, interop, boundChecks, unboundChecks), SymbolKind.Method);
            });
        }

        private static void Analyze(SymbolAnalysisContext context, InteropContext interop, PInvokeCheck[] boundChecks, PInvokeCheck[] unboundChecks)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (!PInvokeMethod.CanBe(method))
            {
                return; // most methods: decided from modifiers, once for every rule
            }

            // The compiler hands generated code too (a LibraryImport's declaration carries the generator's merged
            // [GeneratedCode]): judge only what the user wrote, decided by where the declaration is written.
            if (!UserCode.IsUserWritten(method, interop.Types, context.CancellationToken))
            {
                return;
            }

            var bound = interop.Bind(method);
            var checks = bound is null ? unboundChecks : boundChecks;
            foreach (var check in checks)
            {
                check(context, method, bound);
            }
        }
    }
}
