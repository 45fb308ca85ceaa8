using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InteropLint.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace InteropLint.CodeFixes
{
    /// <summary>
    /// ILNT002: wraps the statements after <c>var p = Alloc(…);</c> in <c>try { … } finally { Free(p); }</c>, moving a
    /// free that was a statement of the same block into the <c>finally</c>. Offered only for that shape, when the
    /// pointer never escapes the method and every existing free is such a statement (anything else risks a double free).
    /// Fix All applies the fixes of one document innermost-last, so nested allocations nest their <c>try</c>s.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AllocationLifetimeCodeFixProvider))]
    [Shared]
    public sealed class AllocationLifetimeCodeFixProvider : RuleCodeFixProvider
    {
        public AllocationLifetimeCodeFixProvider()
            : base(RuleIdentifiers.ILNT002AllocationLifetime)
        {
        }

        private const string EquivalenceKey = "ILNT002.TryFinally";

        public override FixAllProvider GetFixAllProvider() => new AllocationLifetimeFixAllProvider(FixAllProvider.Create(FixAllInDocumentAsync));

        private protected override async Task RegisterFixesAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (TryFix(root, diagnostic, node) != null)
            {
                diagnostic.Properties.TryGetValue(AllocationLifetimeAnalyzer.FreeMethodProperty, out var free);
                diagnostic.Properties.TryGetValue(AllocationLifetimeAnalyzer.FixShapeProperty, out var shape);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        shape == AllocationLifetimeAnalyzer.CatchAndRethrow
                            ? "Free it on the exception path only (catch { " + ShortName(free!) + "; throw; })"
                            : "Free it in a finally (" + ShortName(free!) + ")",
                        async ct => await FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct).ConfigureAwait(false) ?? context.Document,
                        EquivalenceKey),
                    diagnostic);
            }

            var request = await SafeHandleFix.RequestAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (request is null)
            {
                return;
            }

            var solution = context.Document.Project.Solution;
            var plan = await SafeHandlePlan.CreateAsync(solution, new[] { request }, context.CancellationToken).ConfigureAwait(false);
            if (plan.Converts(node))
            {
                // offered only when the rewrite compiles: a use of the handle the plan could not prove safe would break
                var rewritten = await SafeHandleRewrite.ApplyAsync(solution, plan, context.CancellationToken).ConfigureAwait(false);
                if (!await SafeHandleFix.AddsNoErrorsAsync(solution, rewritten, context.CancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Own it with a SafeHandle (" + request.HandleName + ", released by " + request.Deallocator.Name + ")",
                        _ => Task.FromResult(rewritten),
                        SafeHandleFix.EquivalenceKey),
                    diagnostic);
            }
        }

        private static Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics) =>
            FixDocumentAsync(document, diagnostics, context.CancellationToken)!;

        private static async Task<Document?> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            // Later allocations first: each fix rewrites only what follows its own declaration, so earlier ones keep their place.
            var ordered = diagnostics.OrderByDescending(d => d.Location.SourceSpan.Start).ToList();
            var nodes = ordered.Select(d => root.FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true)).ToList();
            root = root.TrackNodes(nodes);
            for (var i = 0; i < ordered.Count; i++)
            {
                var current = root.GetCurrentNode(nodes[i]);
                if (current is null)
                {
                    continue;
                }

                var fixedRoot = TryFix(root, ordered[i], current);
                if (fixedRoot != null)
                {
                    root = fixedRoot;
                }
            }

            return document.WithSyntaxRoot(root);
        }

        /// <summary>The root with the fix applied, or null when the shape is not one the fix handles safely.</summary>
        private static SyntaxNode? TryFix(SyntaxNode root, Diagnostic diagnostic, SyntaxNode allocation)
        {
            var properties = diagnostic.Properties;
            if (!properties.TryGetText(AllocationLifetimeAnalyzer.LocalProperty, out var local)
                || !properties.TryGetText(AllocationLifetimeAnalyzer.FreeMethodProperty, out var free))
            {
                return null;
            }

            properties.TryGetValue(AllocationLifetimeAnalyzer.FreeStyleProperty, out var style);
            properties.TryGetValue(AllocationLifetimeAnalyzer.FreeCastProperty, out var cast);
            var statement = allocation.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>();
            if (statement?.Parent is not BlockSyntax block || statement.Declaration.Variables.Count != 1
                || statement.Declaration.Variables[0].Identifier.ValueText != local)
            {
                return null;
            }

            var index = block.Statements.IndexOf(statement);
            var rest = block.Statements.Skip(index + 1).ToList();
            StatementSyntax? returnStatement = null;
            if (properties.TryGetValue(AllocationLifetimeAnalyzer.FixShapeProperty, out var shape) && shape == AllocationLifetimeAnalyzer.CatchAndRethrow)
            {
                // returned to the caller: only the statements before the block's final `return local;` are guarded
                if (rest.Count == 0 || rest[rest.Count - 1] is not ReturnStatementSyntax { Expression: IdentifierNameSyntax returned } || returned.Identifier.ValueText != local)
                {
                    return null;
                }

                returnStatement = rest[rest.Count - 1];
                rest.RemoveAt(rest.Count - 1);
                if (rest.Any(r => r.DescendantNodesAndSelf().OfType<ReturnStatementSyntax>().Any()))
                {
                    return null;
                }
            }
            var freeName = ShortName(free);
            var isInstance = style == "instance";

            // Frees already written as statements of this block move into the finally; any other free (nested in an
            // if, a lambda, another statement) or a new assignment to the local makes wrapping unsafe.
            var kept = new List<StatementSyntax>();
            foreach (var s in rest)
            {
                if (IsFreeStatement(s, local, freeName, isInstance))
                {
                    continue;
                }

                foreach (var call in s.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
                {
                    if (IsFreeCall(call, local, freeName, isInstance))
                    {
                        return null;
                    }
                }

                foreach (var assignment in s.DescendantNodesAndSelf().OfType<AssignmentExpressionSyntax>())
                {
                    if (assignment.Left is IdentifierNameSyntax id && id.Identifier.ValueText == local)
                    {
                        return null;
                    }
                }

                kept.Add(s);
            }

            ExpressionSyntax argument = SyntaxFactory.IdentifierName(local);
            if (!string.IsNullOrEmpty(cast))
            {
                argument = SyntaxFactory.ParseExpression(cast + local);
            }

            var freeCall = isInstance
                ? SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(local), SyntaxFactory.IdentifierName(free)))
                : SyntaxFactory.InvocationExpression(
                    SyntaxFactory.ParseExpression(free).WithAdditionalAnnotations(Simplifier.Annotation),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(argument))));

            var tryStatement = returnStatement is null
                ? SyntaxFactory.TryStatement(
                    SyntaxFactory.Block(kept),
                    default,
                    SyntaxFactory.FinallyClause(SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(freeCall))))
                : SyntaxFactory.TryStatement(
                    SyntaxFactory.Block(kept),
                    SyntaxFactory.SingletonList(SyntaxFactory.CatchClause().WithBlock(
                        SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(freeCall), SyntaxFactory.ThrowStatement()))),
                    null);
            tryStatement = tryStatement.WithAdditionalAnnotations(Formatter.Annotation);

            var statements = block.Statements.Take(index + 1).Concat(new StatementSyntax[] { tryStatement });
            if (returnStatement != null)
            {
                statements = statements.Concat(new[] { returnStatement });
            }

            return root.ReplaceNode(block, block.WithStatements(SyntaxFactory.List(statements)));
        }

        private static bool IsFreeStatement(StatementSyntax statement, string local, string freeName, bool isInstance) =>
            statement is ExpressionStatementSyntax expression && expression.Expression is InvocationExpressionSyntax call && IsFreeCall(call, local, freeName, isInstance);

        private static bool IsFreeCall(InvocationExpressionSyntax call, string local, string freeName, bool isInstance)
        {
            if (isInstance)
            {
                return call.Expression is MemberAccessExpressionSyntax member && member.Name.Identifier.ValueText == freeName
                    && Unwrap(member.Expression) is IdentifierNameSyntax receiver && receiver.Identifier.ValueText == local;
            }

            var name = call.Expression switch
            {
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                _ => null,
            };
            return name == freeName && call.ArgumentList.Arguments.Any(a => Unwrap(a.Expression) is IdentifierNameSyntax id && id.Identifier.ValueText == local);
        }

        private static ExpressionSyntax Unwrap(ExpressionSyntax expression)
        {
            while (true)
            {
                switch (expression)
                {
                    case CastExpressionSyntax cast:
                        expression = cast.Expression;
                        continue;
                    case ParenthesizedExpressionSyntax parenthesized:
                        expression = parenthesized.Expression;
                        continue;
                    default:
                        return expression;
                }
            }
        }

        private static string ShortName(string free)
        {
            var dot = free.LastIndexOf('.');
            return dot >= 0 ? free.Substring(dot + 1) : free;
        }
    }
}
