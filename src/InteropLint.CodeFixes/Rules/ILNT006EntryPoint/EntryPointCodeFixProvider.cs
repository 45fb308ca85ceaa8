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
    public sealed class EntryPointCodeFixProvider : RuleCodeFixProvider
    {
        public EntryPointCodeFixProvider()
            : base(RuleIdentifiers.ILNT006EntryPoint)
        {
        }

        /// <summary>The nearest name's action; Fix All applies it to every diagnostic.</summary>
        public const string NearestKey = "ILNT006.Nearest";

        private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(EntryPointAnalyzer.SuggestionsProperty, out var joined) || string.IsNullOrEmpty(joined))
            {
                return;
            }

            var method = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>();
            var attribute = method is null ? null : PInvokeSyntax.FindImportAttribute(method);
            if (method is null || attribute is null)
            {
                return;
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
