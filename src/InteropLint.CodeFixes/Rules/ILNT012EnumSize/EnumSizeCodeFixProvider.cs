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

namespace InteropLint.CodeFixes
{
    /// <summary>
    /// ILNT012: gives the C# enum the C enum's size (its underlying type, wherever the enum is declared), or
    /// gives an integer parameter that size. Offered only when the size is the same on every ABI and the
    /// project still compiles afterwards (enumerator values fit, call sites convert).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EnumSizeCodeFixProvider))]
    [Shared]
    public sealed class EnumSizeCodeFixProvider : RuleCodeFixProvider
    {
        public EnumSizeCodeFixProvider()
            : base(RuleIdentifiers.ILNT012EnumSize)
        {
        }

        public const string EquivalenceKey = "ILNT012.Underlying";

        private protected override async Task RegisterFixesAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
        {
            var document = context.Document;
            var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (model is null)
            {
                return;
            }

            if (!diagnostic.Properties.TryGetText(EnumSizeAnalyzer.UnderlyingProperty, out var underlying))
            {
                return;
            }

            var typeSyntax = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) as TypeSyntax;
            if (typeSyntax is null)
            {
                return;
            }

            Solution? changed;
            string title;
            if (diagnostic.Properties.ContainsKey(EnumSizeAnalyzer.IsEnumProperty))
            {
                var enumType = Element(model.GetTypeInfo(typeSyntax, context.CancellationToken).Type) as INamedTypeSymbol;
                changed = enumType is null ? null : await WithUnderlyingAsync(document.Project.Solution, enumType, underlying, context.CancellationToken).ConfigureAwait(false);
                title = "Declare '" + enumType?.Name + "' as ': " + underlying + "'";
            }
            else
            {
                var replacement = SyntaxFactory.ParseTypeName(underlying).WithTriviaFrom(typeSyntax);
                changed = document.WithSyntaxRoot(root.ReplaceNode(typeSyntax, replacement)).Project.Solution;
                title = "Use '" + underlying + "'";
            }

            if (changed is null || !await PInvokeSyntax.CompilesAsWellAsync(document.Project, changed.GetProject(document.Project.Id)!, context.CancellationToken).ConfigureAwait(false))
            {
                return;
            }

            var result = changed;
            context.RegisterCodeFix(CodeAction.Create(title, _ => Task.FromResult(result), EquivalenceKey), diagnostic);
        }

        private static ITypeSymbol? Element(ITypeSymbol? type) => type switch
        {
            IArrayTypeSymbol a => a.ElementType,
            IPointerTypeSymbol p => p.PointedAtType,
            _ => type,
        };

        private static async Task<Solution?> WithUnderlyingAsync(Solution solution, INamedTypeSymbol enumType, string underlying, CancellationToken cancellationToken)
        {
            var reference = enumType.DeclaringSyntaxReferences.FirstOrDefault();
            if (reference is null || !(await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is EnumDeclarationSyntax declaration))
            {
                return null;
            }

            var document = solution.GetDocument(declaration.SyntaxTree);
            var root = await declaration.SyntaxTree.GetRootAsync(cancellationToken).ConfigureAwait(false);
            if (document is null)
            {
                return null;
            }

            var type = SyntaxFactory.SimpleBaseType(SyntaxFactory.ParseTypeName(underlying));
            EnumDeclarationSyntax updated;
            if (declaration.BaseList is null)
            {
                var identifier = declaration.Identifier;
                updated = declaration.WithIdentifier(identifier.WithTrailingTrivia())
                    .WithBaseList(SyntaxFactory.BaseList(SyntaxFactory.SingletonSeparatedList<BaseTypeSyntax>(type))
                        .WithColonToken(SyntaxFactory.Token(SyntaxKind.ColonToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space))
                        .WithTrailingTrivia(identifier.TrailingTrivia));
            }
            else
            {
                var old = declaration.BaseList.Types[0];
                updated = declaration.WithBaseList(declaration.BaseList.WithTypes(SyntaxFactory.SingletonSeparatedList<BaseTypeSyntax>(type.WithTriviaFrom(old))));
            }

            return document.WithSyntaxRoot(root.ReplaceNode(declaration, updated)).Project.Solution;
        }
    }
}
