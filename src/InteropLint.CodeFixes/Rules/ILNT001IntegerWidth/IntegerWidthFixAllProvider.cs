using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace InteropLint.CodeFixes
{
    /// <summary>
    /// Fix All for ILNT001. Each fix edits a declaration and its call sites, possibly in other documents,
    /// so fixes cannot be merged as independent text changes: the targets are marked with annotations
    /// first, then fixed one after another on the evolving solution.
    /// </summary>
    internal sealed class IntegerWidthFixAllProvider : FixAllProvider
    {
        public static readonly IntegerWidthFixAllProvider Instance = new IntegerWidthFixAllProvider();

        private const string AnnotationKind = "InteropLint.ILNT001.Target";

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
            new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var diagnostics = await CollectAsync(fixAllContext).ConfigureAwait(false);
            if (diagnostics.Count == 0)
            {
                return null;
            }

            return CodeAction.Create(
                "Use the portable integer types",
                ct => FixAllAsync(fixAllContext.Solution, diagnostics, ct),
                fixAllContext.CodeActionEquivalenceKey);
        }

        private static async Task<Dictionary<DocumentId, List<Diagnostic>>> CollectAsync(FixAllContext context)
        {
            var result = new Dictionary<DocumentId, List<Diagnostic>>();
            var documents = context.Scope switch
            {
                FixAllScope.Document => context.Document is null ? Enumerable.Empty<Document>() : new[] { context.Document },
                FixAllScope.Project => context.Project.Documents,
                _ => context.Solution.Projects.SelectMany(p => p.Documents),
            };

            foreach (var document in documents)
            {
                var found = await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
                if (found.Length > 0)
                {
                    result[document.Id] = found.ToList();
                }
            }

            return result;
        }

        private static async Task<Solution> FixAllAsync(Solution solution, Dictionary<DocumentId, List<Diagnostic>> diagnostics, CancellationToken cancellationToken)
        {
            // 1. Mark every target with an annotation that carries its request.
            foreach (var pair in diagnostics)
            {
                var document = solution.GetDocument(pair.Key);
                var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root is null)
                {
                    continue;
                }

                var marks = new Dictionary<SyntaxNode, SyntaxAnnotation>();
                foreach (var diagnostic in pair.Value)
                {
                    if (IntegerWidthCodeFixProvider.TryReadRequest(diagnostic, out var request)
                        && IntegerWidthCodeFixProvider.FindTypeNode(root, diagnostic.Location.SourceSpan) is TypeSyntax node
                        && !marks.ContainsKey(node))
                    {
                        marks[node] = new SyntaxAnnotation(AnnotationKind, request.Encode());
                    }
                }

                solution = solution.WithDocumentSyntaxRoot(pair.Key, root.ReplaceNodes(marks.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marks[original])));
            }

            // 2. Fix them one by one; each fix replaces its node, so its mark goes away with it.
            var pending = diagnostics.Keys.ToList();
            foreach (var documentId in pending)
            {
                for (var guard = 0; guard < 10_000; guard++)
                {
                    var document = solution.GetDocument(documentId);
                    var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    var marked = root?.GetAnnotatedNodes(AnnotationKind).OfType<TypeSyntax>().FirstOrDefault();
                    if (root is null || marked is null)
                    {
                        break;
                    }

                    var annotation = marked.GetAnnotations(AnnotationKind).First();
                    Solution? fixedSolution = null;
                    if (WidthFixRequest.TryDecode(annotation.Data, out var request))
                    {
                        fixedSolution = await IntegerWidthRewriter.TryApplyAsync(solution, documentId, marked, request, cancellationToken).ConfigureAwait(false);
                    }

                    solution = fixedSolution ?? solution.WithDocumentSyntaxRoot(documentId, root.ReplaceNode(marked, marked.WithoutAnnotations(AnnotationKind)));
                    solution = await RemoveMarkAsync(solution, documentId, annotation, cancellationToken).ConfigureAwait(false);
                }
            }

            return solution;
        }

        private static async Task<Solution> RemoveMarkAsync(Solution solution, DocumentId documentId, SyntaxAnnotation annotation, CancellationToken cancellationToken)
        {
            var document = solution.GetDocument(documentId);
            var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var stale = root?.GetAnnotatedNodes(annotation).FirstOrDefault();
            return stale is null ? solution : solution.WithDocumentSyntaxRoot(documentId, root!.ReplaceNode(stale, stale.WithoutAnnotations(annotation)));
        }
    }
}
