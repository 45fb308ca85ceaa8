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
    /// ILNT006: binds the nearest declared name by setting <c>EntryPoint</c>; the C# method keeps its name,
    /// so every call site still compiles.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EntryPointCodeFixProvider))]
    [Shared]
    public sealed class EntryPointCodeFixProvider : CodeFixProvider
    {
        /// <summary>The nearest name's action; Fix All applies it to every diagnostic.</summary>
        public const string NearestKey = "ILNT006.Nearest";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.EntryPointNotDeclared);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(EntryPointAnalyzer.SuggestionsProperty, out var joined) || string.IsNullOrEmpty(joined))
                {
                    continue;
                }

                var method = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>();
                var attribute = method is null ? null : PInvokeSyntax.FindImportAttribute(method);
                if (method is null || attribute is null)
                {
                    continue;
                }

                var names = joined!.Split(';');
                for (var i = 0; i < names.Length; i++)
                {
                    var name = names[i];
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Bind entry point '" + name + "'",
                            ct => SetEntryPointAsync(context.Document, method, name, ct),
                            i == 0 ? NearestKey : NearestKey + "." + name),
                        diagnostic);
                }
            }
        }

        private static async Task<Document> SetEntryPointAsync(Document document, MethodDeclarationSyntax method, string name, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var attribute = PInvokeSyntax.FindImportAttribute(method);
            if (root is null || attribute is null)
            {
                return document;
            }

            return document.WithSyntaxRoot(root.ReplaceNode(attribute, PInvokeSyntax.WithNamedArgument(attribute, "EntryPoint", SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name)))));
        }
    }
}
