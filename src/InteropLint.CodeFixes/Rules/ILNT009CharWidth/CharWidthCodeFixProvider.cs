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
    /// ILNT009: marshals a string for a C <c>char*</c> as UTF-8 with <c>[MarshalAs(UnmanagedType.LPUTF8Str)]</c>, which
    /// overrides <c>CharSet</c> and <c>StringMarshalling</c> for that parameter alone. Not offered for <c>wchar_t</c>:
    /// no string marshalling has its width on every ABI (CA2101's fix, <c>CharSet.Unicode</c>, is right on Windows only).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CharWidthCodeFixProvider))]
    [Shared]
    public sealed class CharWidthCodeFixProvider : RuleCodeFixProvider
    {
        public CharWidthCodeFixProvider()
            : base(RuleIdentifiers.ILNT009CharWidth)
        {
        }

        public const string EquivalenceKey = "ILNT009.Utf8";

        private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.ContainsKey(CharWidthAnalyzer.Utf8Property)
                || !diagnostic.TryGetSlot(out var slot))
            {
                return;
            }

            var method = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>();
            if (method is null)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Marshal as UTF-8 ([MarshalAs(UnmanagedType.LPUTF8Str)])", ct => FixAsync(context.Document, method, slot, ct), EquivalenceKey),
                diagnostic);
        }

        private static async Task<Document> FixAsync(Document document, MethodDeclarationSyntax method, int slot, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var updated = document.WithSyntaxRoot(root.ReplaceNode(method, PInvokeSyntax.WithMarshalAs(method, slot, PInvokeSyntax.MarshalAs("LPUTF8Str"))));
            return await PInvokeSyntax.AddImportsAsync(updated, cancellationToken).ConfigureAwait(false);
        }
    }
}
