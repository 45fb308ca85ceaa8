using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InteropLint.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace InteropLint.CodeFixes
{
    /// <summary>
    /// ILNT004: marshal a loop-invariant string once. Literals become compile-time UTF-8 (<c>"…\0"u8</c>) passed to an
    /// <c>in byte</c> overload; other values are encoded once before the loop into a buffer freed in <c>finally</c> and
    /// passed to an <c>IntPtr</c> overload. The overload is added beside the P/Invoke when it does not exist.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StringInLoopCodeFixProvider))]
    [Shared]
    public sealed class StringInLoopCodeFixProvider : RuleCodeFixProvider
    {
        public StringInLoopCodeFixProvider()
            : base(RuleIdentifiers.ILNT004StringInLoop)
        {
        }

        internal const string EquivalenceKey = "ILNT004.MarshalOnce";

        /// <summary>The same fix, with literals also encoded into a buffer before the loop.</summary>
        internal const string HoistEquivalenceKey = "ILNT004.MarshalOnce.BeforeLoop";

        // Fixes touch shared places (the overload, the statement around a loop), so Fix All applies them one at a time.
        public override FixAllProvider GetFixAllProvider() => StringInLoopFixAllProvider.Instance;

        private protected override async Task RegisterFixesAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
        {
            if (!TryFindNodes(root, diagnostic, out var value, out var hoistTarget))
            {
                return;
            }

            var solution = context.Document.Project.Solution;
            var plan = await MarshalOncePlan.CreateAsync(context.Document, value, hoistTarget, diagnostic.Properties, preferHoist: false, context.CancellationToken).ConfigureAwait(false);
            if (plan is null)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create(plan.Title, ct => StringInLoopRewriter.ApplyAsync(solution, plan, ct), EquivalenceKey),
                diagnostic);

            // For a literal, the buffer before the loop is the alternative: it costs one encoding per run of the
            // loop and takes the marshalling stub out of every call (see docs/rules/ILNT004.md, Benchmark).
            if (plan.Shape == MarshalOnceShape.Utf8Literal)
            {
                var hoisted = await MarshalOncePlan.CreateAsync(context.Document, value, hoistTarget, diagnostic.Properties, preferHoist: true, context.CancellationToken).ConfigureAwait(false);
                if (hoisted != null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(hoisted.Title, ct => StringInLoopRewriter.ApplyAsync(solution, hoisted, ct), HoistEquivalenceKey),
                        diagnostic);
                }
            }
        }

        internal static bool TryFindNodes(SyntaxNode root, Diagnostic diagnostic, out ExpressionSyntax value, out SyntaxNode hoistTarget)
        {
            value = null!;
            hoistTarget = null!;
            if (diagnostic.AdditionalLocations.Count == 0
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not { } target)
            {
                return false;
            }

            value = (node as ExpressionSyntax) ?? (node as ArgumentSyntax)?.Expression!;
            hoistTarget = target;
            return value != null;
        }
    }

    /// <summary>
    /// Applies every ILNT004 fix in the scope one after the other, each planned against the solution the previous one
    /// produced: two calls in one loop then share the overload and, for the same value, the hoisted buffer.
    /// </summary>
    internal sealed class StringInLoopFixAllProvider : FixAllProvider
    {
        public static readonly StringInLoopFixAllProvider Instance = new StringInLoopFixAllProvider();

        private const string ValueKind = "InteropLint.ILNT004.Value";
        private const string TargetKind = "InteropLint.ILNT004.Target";

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
            new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var documents = new List<Document>();
            switch (fixAllContext.Scope)
            {
                case FixAllScope.Document when fixAllContext.Document != null:
                    documents.Add(fixAllContext.Document);
                    break;
                case FixAllScope.Project:
                    documents.AddRange(fixAllContext.Project.Documents);
                    break;
                case FixAllScope.Solution:
                    documents.AddRange(fixAllContext.Solution.Projects.SelectMany(p => p.Documents));
                    break;
            }

            var work = new List<(DocumentId Document, ImmutableArray<Diagnostic> Diagnostics)>();
            foreach (var document in documents)
            {
                var diagnostics = await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
                if (!diagnostics.IsEmpty)
                {
                    work.Add((document.Id, diagnostics));
                }
            }

            return work.Count == 0
                ? null
                : CodeAction.Create(
                    "Marshal loop-invariant strings once",
                    ct => FixAllAsync(fixAllContext.Solution, work, fixAllContext.CodeActionEquivalenceKey == StringInLoopCodeFixProvider.HoistEquivalenceKey, ct),
                    fixAllContext.CodeActionEquivalenceKey);
        }

        private static async Task<Solution> FixAllAsync(Solution solution, List<(DocumentId Document, ImmutableArray<Diagnostic> Diagnostics)> work, bool preferHoist, CancellationToken cancellationToken)
        {
            // Mark every argument and hoisting target first: the marks follow the nodes through the edits.
            var pending = new List<(DocumentId Document, string Id, ImmutableDictionary<string, string?> Properties)>();
            foreach (var (documentId, diagnostics) in work)
            {
                var document = solution.GetDocument(documentId);
                var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root is null)
                {
                    continue;
                }

                var marks = new Dictionary<SyntaxNode, List<SyntaxAnnotation>>();
                foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
                {
                    if (!StringInLoopCodeFixProvider.TryFindNodes(root, diagnostic, out var value, out var target))
                    {
                        continue;
                    }

                    var id = pending.Count.ToString(CultureInfo.InvariantCulture);
                    Add(marks, value, new SyntaxAnnotation(ValueKind, id));
                    Add(marks, target, new SyntaxAnnotation(TargetKind, id));
                    pending.Add((documentId, id, diagnostic.Properties));
                }

                root = root.ReplaceNodes(marks.Keys, (original, current) => current.WithAdditionalAnnotations(marks[original]));
                solution = solution.WithDocumentSyntaxRoot(documentId, root);
            }

            foreach (var (documentId, id, properties) in pending)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var document = solution.GetDocument(documentId);
                var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var value = root?.GetAnnotatedNodes(ValueKind).FirstOrDefault(n => n.GetAnnotations(ValueKind).Any(a => a.Data == id)) as ExpressionSyntax;
                var target = root?.GetAnnotatedNodes(TargetKind).FirstOrDefault(n => n.GetAnnotations(TargetKind).Any(a => a.Data == id));
                if (document is null || value is null || target is null)
                {
                    continue;
                }

                var plan = await MarshalOncePlan.CreateAsync(document, value, target, properties, preferHoist, cancellationToken).ConfigureAwait(false);
                if (plan != null)
                {
                    solution = await StringInLoopRewriter.ApplyAsync(solution, plan, cancellationToken).ConfigureAwait(false);
                }
            }

            return solution;
        }

        private static void Add(Dictionary<SyntaxNode, List<SyntaxAnnotation>> marks, SyntaxNode node, SyntaxAnnotation annotation)
        {
            if (!marks.TryGetValue(node, out var list))
            {
                marks[node] = list = new List<SyntaxAnnotation>();
            }

            list.Add(annotation);
        }
    }
}
