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
    /// ILNT010: keeps the delegate in a static field of the calling type. A delegate that captures nothing goes into a
    /// <c>static readonly</c> field initialised once; one that captures locals or <c>this</c> is assigned to a static field
    /// at the call (<c>(s_field = …)</c>), so the latest registration stays rooted, as the native side holds the latest.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CallbackLifetimeCodeFixProvider))]
    [Shared]
    public sealed class CallbackLifetimeCodeFixProvider : RuleCodeFixProvider
    {
        public CallbackLifetimeCodeFixProvider()
            : base(RuleIdentifiers.ILNT010CallbackLifetime)
        {
        }

        private const string EquivalenceKey = "ILNT010.StaticField";

        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

        private protected override async Task RegisterFixesAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var nullable = await IsNullableEnabledAsync(context.Document, node, context.CancellationToken).ConfigureAwait(false);
            if (TryFix(root, diagnostic, node, nullable) is null)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Keep the delegate alive in a static field",
                    async ct => await FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct).ConfigureAwait(false) ?? context.Document,
                    EquivalenceKey),
                diagnostic);
        }

        private static Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics) =>
            FixDocumentAsync(document, diagnostics, context.CancellationToken);

        private static async Task<Document?> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var ordered = diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
            var nodes = ordered.Select(d => root.FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true)).ToList();
            var nullable = new List<bool>();
            foreach (var node in nodes)
            {
                nullable.Add(await IsNullableEnabledAsync(document, node, cancellationToken).ConfigureAwait(false));
            }

            root = root.TrackNodes(nodes);
            for (var i = 0; i < ordered.Count; i++)
            {
                var current = root.GetCurrentNode(nodes[i]);
                if (current != null && TryFix(root, ordered[i], current, nullable[i]) is SyntaxNode fixedRoot)
                {
                    root = fixedRoot;
                }
            }

            return document.WithSyntaxRoot(root);
        }

        private static async Task<bool> IsNullableEnabledAsync(Document document, SyntaxNode node, CancellationToken cancellationToken)
        {
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            return model != null && (model.GetNullableContext(node.SpanStart) & NullableContext.AnnotationsEnabled) != 0;
        }

        private static SyntaxNode? TryFix(SyntaxNode root, Diagnostic diagnostic, SyntaxNode node, bool nullableEnabled)
        {
            var properties = diagnostic.Properties;
            if (!properties.TryGetValue(CallbackLifetimeAnalyzer.ShapeProperty, out var shape) || shape != "created"
                || !properties.TryGetText(CallbackLifetimeAnalyzer.FieldNameProperty, out var fieldName)
                || !properties.TryGetText(CallbackLifetimeAnalyzer.DelegateTypeProperty, out var delegateType))
            {
                return null;
            }

            var argument = node.FirstAncestorOrSelf<ArgumentSyntax>();
            var type = argument?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (argument is null || type is null || type is InterfaceDeclarationSyntax)
            {
                return null;
            }

            var name = UniqueName(type, fieldName);
            var capturesNothing = properties.TryGetValue(CallbackLifetimeAnalyzer.CapturesNothingProperty, out var c) && c == "1";
            var fieldType = (TypeSyntax)SyntaxFactory.ParseTypeName(delegateType).WithAdditionalAnnotations(Simplifier.Annotation);
            var expression = argument.Expression.WithoutTrivia();
            FieldDeclarationSyntax field;
            ExpressionSyntax replacement;
            if (capturesNothing)
            {
                field = SyntaxFactory.FieldDeclaration(
                        SyntaxFactory.VariableDeclaration(fieldType, SyntaxFactory.SingletonSeparatedList(
                            SyntaxFactory.VariableDeclarator(name).WithInitializer(SyntaxFactory.EqualsValueClause(expression)))))
                    .WithModifiers(SyntaxFactory.TokenList(
                        SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.StaticKeyword), SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)));
                replacement = SyntaxFactory.IdentifierName(name);
            }
            else
            {
                field = SyntaxFactory.FieldDeclaration(
                        SyntaxFactory.VariableDeclaration(
                            nullableEnabled ? SyntaxFactory.NullableType(fieldType) : fieldType,
                            SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(name))))
                    .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.StaticKeyword)));
                replacement = SyntaxFactory.ParenthesizedExpression(
                    SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName(name), expression));
            }

            field = field.WithAdditionalAnnotations(Formatter.Annotation);
            var newType = type.ReplaceNode(argument, argument.WithExpression(replacement.WithTriviaFrom(argument.Expression)));
            // after the static fields at the top (earlier fixes' fields included), so Fix All keeps source order
            var position = 0;
            while (position < newType.Members.Count && newType.Members[position] is FieldDeclarationSyntax existing && existing.Modifiers.Any(SyntaxKind.StaticKeyword))
            {
                position++;
            }

            newType = newType.WithMembers(newType.Members.Insert(position, field));
            return root.ReplaceNode(type, newType);
        }

        private static string UniqueName(TypeDeclarationSyntax type, string name)
        {
            var taken = new HashSet<string>();
            foreach (var member in type.Members)
            {
                switch (member)
                {
                    case BaseFieldDeclarationSyntax field:
                        foreach (var v in field.Declaration.Variables)
                        {
                            taken.Add(v.Identifier.ValueText);
                        }

                        break;
                    case MethodDeclarationSyntax method:
                        taken.Add(method.Identifier.ValueText);
                        break;
                    case PropertyDeclarationSyntax property:
                        taken.Add(property.Identifier.ValueText);
                        break;
                    case BaseTypeDeclarationSyntax nested:
                        taken.Add(nested.Identifier.ValueText);
                        break;
                }
            }

            var candidate = name;
            for (var i = 2; taken.Contains(candidate); i++)
            {
                candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return candidate;
        }
    }
}
