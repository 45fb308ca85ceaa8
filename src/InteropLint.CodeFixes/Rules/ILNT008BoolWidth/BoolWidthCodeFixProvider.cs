using System.Collections.Immutable;
using System.Composition;
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
    /// ILNT008: puts the <c>[MarshalAs]</c> the header asks for on the bool — <c>U1</c> (or <c>I1</c>) for a 1-byte C
    /// <c>bool</c>, <c>Bool</c> only for a 4-byte C integer — and never the other way round.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BoolWidthCodeFixProvider))]
    [Shared]
    public sealed class BoolWidthCodeFixProvider : RuleCodeFixProvider
    {
        public BoolWidthCodeFixProvider()
            : base(RuleIdentifiers.ILNT008BoolWidth)
        {
        }

        public const string EquivalenceKey = "ILNT008.MarshalAs";

        private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetText(BoolWidthAnalyzer.MarshalAsProperty, out var member)
                || !diagnostic.TryGetSlot(out var slot))
            {
                return;
            }

            var isArray = diagnostic.Properties.ContainsKey(BoolWidthAnalyzer.ArrayProperty);
            var method = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>();
            if (method is null)
            {
                return;
            }

            var title = isArray
                ? "Marshal elements as UnmanagedType." + member
                : "Add [" + (slot < 0 ? "return: " : "") + "MarshalAs(UnmanagedType." + member + ")]";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => FixAsync(context.Document, method, slot, member, isArray, ct), EquivalenceKey),
                diagnostic);
        }

        private static async Task<Document> FixAsync(Document document, MethodDeclarationSyntax method, int slot, string member, bool isArray, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var attribute = isArray ? PInvokeSyntax.MarshalAs("LPArray", member) : PInvokeSyntax.MarshalAs(member);
            var updated = document.WithSyntaxRoot(root.ReplaceNode(method, PInvokeSyntax.WithMarshalAs(method, slot, attribute)));
            return await PInvokeSyntax.AddImportsAsync(updated, cancellationToken).ConfigureAwait(false);
        }
    }
}
