using System.Collections.Generic;
using System.Collections.Immutable;
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
    /// <summary>ILNT002's second fix: the P/Invoke returns a <c>SafeHandle</c> subclass (see <see cref="SafeHandlePlan"/>).</summary>
    internal static class SafeHandleFix
    {
        public const string EquivalenceKey = "ILNT002.SafeHandle";

        /// <summary>What the diagnostic asks for, read from its properties and the call it is on; null when the fix is not offered.</summary>
        public static async Task<SafeHandleRequest?> RequestAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var properties = diagnostic.Properties;
            if (!properties.TryGetText(AllocationLifetimeAnalyzer.SafeHandleProperty, out var handleName)
                || !properties.TryGetText(AllocationLifetimeAnalyzer.FreeMethodProperty, out var free))
            {
                return null;
            }

            properties.TryGetValue(AllocationLifetimeAnalyzer.NativeTypeProperty, out var nativeType);
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } call
                || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol allocator)
            {
                return null;
            }

            var freeName = free.Substring(free.LastIndexOf('.') + 1);
            var deallocator = allocator.ContainingType.GetMembers(freeName).OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.Length == 1);
            return deallocator is null ? null : new SafeHandleRequest(allocator.OriginalDefinition, deallocator, handleName, nativeType ?? "");
        }

        /// <summary>Fix All: one plan for every allocator of the scope, so handles passed between them are decided together.</summary>
        public static async Task<Solution> FixAllAsync(Solution solution, IEnumerable<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
        {
            var requests = new List<SafeHandleRequest>();
            foreach (var (document, diagnostic) in diagnostics)
            {
                var request = await RequestAsync(document, diagnostic, cancellationToken).ConfigureAwait(false);
                if (request != null && !requests.Any(r => SymbolEqualityComparer.Default.Equals(r.Allocator, request.Allocator)))
                {
                    requests.Add(request);
                }
            }

            if (requests.Count == 0)
            {
                return solution;
            }

            var plan = await SafeHandlePlan.CreateAsync(solution, requests, cancellationToken).ConfigureAwait(false);
            var rewritten = await SafeHandleRewrite.ApplyAsync(solution, plan, cancellationToken).ConfigureAwait(false);
            return await AddsNoErrorsAsync(solution, rewritten, cancellationToken).ConfigureAwait(false) ? rewritten : solution;
        }

        /// <summary>
        /// Whether every document the rewrite changed or added has no more compiler errors than before: the plan proves most
        /// uses of a handle safe, and this is the net under the rest (a handle handed to code the plan does not follow).
        /// </summary>
        public static async Task<bool> AddsNoErrorsAsync(Solution before, Solution after, CancellationToken cancellationToken)
        {
            foreach (var projectChanges in after.GetChanges(before).GetProjectChanges())
            {
                foreach (var id in projectChanges.GetChangedDocuments().Concat(projectChanges.GetAddedDocuments()))
                {
                    var was = before.GetDocument(id);
                    var now = after.GetDocument(id);
                    if (now != null && await ErrorsAsync(now, cancellationToken).ConfigureAwait(false) > (was is null ? 0 : await ErrorsAsync(was, cancellationToken).ConfigureAwait(false)))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private static async Task<int> ErrorsAsync(Document document, CancellationToken cancellationToken)
        {
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            return model is null ? 0 : model.GetDiagnostics(cancellationToken: cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
        }
    }

    /// <summary>Fix All for ILNT002: the try/finally fix per document, the SafeHandle fix on the whole scope at once.</summary>
    internal sealed class AllocationLifetimeFixAllProvider : FixAllProvider
    {
        private readonly FixAllProvider _perDocument;

        public AllocationLifetimeFixAllProvider(FixAllProvider perDocument) => _perDocument = perDocument;

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => _perDocument.GetSupportedFixAllScopes();

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            if (fixAllContext.CodeActionEquivalenceKey != SafeHandleFix.EquivalenceKey)
            {
                return await _perDocument.GetFixAsync(fixAllContext).ConfigureAwait(false);
            }

            var diagnostics = new List<(Document, Diagnostic)>();
            var projects = fixAllContext.Scope == FixAllScope.Solution ? fixAllContext.Solution.Projects : new[] { fixAllContext.Project };
            foreach (var project in projects)
            {
                var found = fixAllContext.Scope == FixAllScope.Document && fixAllContext.Document != null
                    ? await fixAllContext.GetDocumentDiagnosticsAsync(fixAllContext.Document).ConfigureAwait(false)
                    : await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
                foreach (var diagnostic in found)
                {
                    var document = diagnostic.Location.SourceTree is { } tree ? project.Solution.GetDocument(tree) : null;
                    if (document != null)
                    {
                        diagnostics.Add((document, diagnostic));
                    }
                }
            }

            return CodeAction.Create(
                "Own them with SafeHandles",
                ct => SafeHandleFix.FixAllAsync(fixAllContext.Solution, diagnostics, ct),
                SafeHandleFix.EquivalenceKey);
        }
    }
}
