using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using InteropLint.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace InteropLint.CodeFixes
{
    /// <summary>ILNT013: gives the C# constant or enum member the header's value.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ConstantDriftCodeFixProvider))]
    [Shared]
    public sealed class ConstantDriftCodeFixProvider : RuleCodeFixProvider
    {
        public ConstantDriftCodeFixProvider()
            : base(RuleIdentifiers.ILNT013ConstantDrift)
        {
        }

        public const string EquivalenceKey = "ILNT013.HeaderValue";

        private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetText(ConstantDriftAnalyzer.ValueProperty, out var literal))
            {
                return;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var target = (SyntaxNode?)node.FirstAncestorOrSelf<EnumMemberDeclarationSyntax>() ?? node.FirstAncestorOrSelf<VariableDeclaratorSyntax>();
            if (target is null)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Use the header's value " + literal, ct => FixAsync(context.Document, target, literal, ct), EquivalenceKey),
                diagnostic);
        }

        private static async Task<Document> FixAsync(Document document, SyntaxNode target, string literal, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var value = SyntaxFactory.ParseExpression(literal);
            SyntaxNode updated;
            switch (target)
            {
                case EnumMemberDeclarationSyntax member when member.EqualsValue is null:
                    updated = member.WithIdentifier(member.Identifier.WithoutTrivia())
                        .WithEqualsValue(SyntaxFactory.EqualsValueClause(value)
                            .WithEqualsToken(SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space))
                            .WithTrailingTrivia(member.Identifier.TrailingTrivia));
                    break;
                case EnumMemberDeclarationSyntax member:
                    updated = member.WithEqualsValue(member.EqualsValue!.WithValue(value.WithTriviaFrom(member.EqualsValue.Value)));
                    break;
                case VariableDeclaratorSyntax declarator when declarator.Initializer != null:
                    updated = declarator.WithInitializer(declarator.Initializer.WithValue(value.WithTriviaFrom(declarator.Initializer.Value)));
                    break;
                default:
                    return document;
            }

            return document.WithSyntaxRoot(root.ReplaceNode(target, updated));
        }
    }
}
