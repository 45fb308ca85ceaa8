using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace InteropLint.CodeFixes
{
    /// <summary>
    /// One rule's fix provider: the id it fixes, Fix All by batch unless the rule needs its own, and the walk every
    /// fixer starts with (the document's root, each diagnostic in turn). A rule's fixer says only what it offers for
    /// one diagnostic, reading what the analyzer knew from <see cref="Diagnostic.Properties"/>.
    /// </summary>
    public abstract class RuleCodeFixProvider : CodeFixProvider
    {
        private protected RuleCodeFixProvider(string diagnosticId)
        {
            FixableDiagnosticIds = ImmutableArray.Create(diagnosticId);
        }

        public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

        public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                await RegisterFixesAsync(context, root, diagnostic).ConfigureAwait(false);
            }
        }

        /// <summary>Offers the fixes for one diagnostic: none when the fix would not be safe. Override this or <see cref="RegisterFixes"/>.</summary>
        private protected virtual Task RegisterFixesAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
        {
            RegisterFixes(context, root, diagnostic);
            return Task.CompletedTask;
        }

        /// <summary>The same, for a fix that needs nothing asynchronous to decide.</summary>
        private protected virtual void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
        {
        }
    }
}
