using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InteropLint.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace InteropLint.CodeFixes
{
    /// <summary>
    /// ILNT005: rewrites the P/Invoke from the C prototype — the analyzer's plan says which parameters keep their
    /// C# declaration, which get a new type and which C adds — keeping the user's names and attributes. The fix
    /// is offered only when the rewritten project still compiles (call sites included).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SignatureMismatchCodeFixProvider))]
    [Shared]
    public sealed class SignatureMismatchCodeFixProvider : RuleCodeFixProvider
    {
        public SignatureMismatchCodeFixProvider()
            : base(RuleIdentifiers.ILNT005SignatureMismatch)
        {
        }

        public const string EquivalenceKey = "ILNT005.RewriteFromPrototype";

        private protected override async Task RegisterFixesAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetText(SignatureMismatchAnalyzer.PlanProperty, out var plan))
            {
                return;
            }

            var method = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>();
            if (method is null || method.ContainsDiagnostics)
            {
                return; // a declaration that does not parse is not rewritten
            }

            var rewritten = Rewrite(method, plan);
            if (rewritten is null)
            {
                return;
            }

            var updated = context.Document.WithSyntaxRoot(root.ReplaceNode(method, rewritten));
            if (!await PInvokeSyntax.CompilesAsWellAsync(context.Document.Project, updated.Project, context.CancellationToken).ConfigureAwait(false))
            {
                return; // a call site would break: the message already says what to change
            }

            context.RegisterCodeFix(
                CodeAction.Create("Rewrite the declaration from the C prototype", ct => PInvokeSyntax.AddImportsAsync(updated, ct), EquivalenceKey),
                diagnostic);
        }

        /// <summary>The declaration rewritten by the plan, or null when the plan does not fit the declaration.</summary>
        internal static MethodDeclarationSyntax? Rewrite(MethodDeclarationSyntax method, string plan)
        {
            var oldParameters = method.ParameterList.Parameters;
            var parameters = new List<ParameterSyntax>();
            var result = method;
            foreach (var line in plan.Split('\n'))
            {
                var fields = line.Split('\t');
                switch (fields[0])
                {
                    case "R" when fields.Length == 2:
                        result = result.WithReturnType(TypeSyntaxFor(fields[1]).WithTriviaFrom(method.ReturnType))
                            .WithAttributeLists(RemoveReturnMarshalAs(result.AttributeLists));
                        break;
                    case "K" when fields.Length == 2 && TryIndex(fields[1], oldParameters.Count, out var keep):
                        parameters.Add(oldParameters[keep]);
                        break;
                    case "T" when fields.Length == 3 && TryIndex(fields[1], oldParameters.Count, out var retype):
                        parameters.Add(Retype(oldParameters[retype], fields[2]));
                        break;
                    case "C" when fields.Length == 2:
                        var import = PInvokeSyntax.FindImportAttribute(result);
                        if (import is null)
                        {
                            return null;
                        }

                        var value = SyntaxFactory.ParseExpression("System.Runtime.InteropServices.CallingConvention." + fields[1])
                            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
                        result = result.ReplaceNode(import, PInvokeSyntax.WithNamedArgument(import, "CallingConvention", value));
                        break;
                    case "N" when fields.Length == 3:
                        var (modifier, type) = SplitModifier(fields[2]);
                        var added = SyntaxFactory.Parameter(SyntaxFactory.Identifier(SafeName(fields[1]))).WithType(TypeSyntaxFor(type).WithTrailingTrivia(SyntaxFactory.Space));
                        parameters.Add(modifier is null ? added : added.WithModifiers(SyntaxFactory.TokenList(modifier.Value)));
                        break;
                    default:
                        return null;
                }
            }

            // The user's commas keep their comments; commas for added parameters are new.
            var oldSeparators = oldParameters.GetSeparators().ToList();
            var separators = Enumerable.Range(0, System.Math.Max(0, parameters.Count - 1))
                .Select(i => i < oldSeparators.Count ? oldSeparators[i] : SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
            var list = result.ParameterList.WithParameters(SyntaxFactory.SeparatedList(parameters, separators));
            return result.WithParameterList(list);
        }

        private static ParameterSyntax Retype(ParameterSyntax parameter, string typeText)
        {
            var (modifier, type) = SplitModifier(typeText);
            var attributes = new SyntaxList<AttributeListSyntax>();
            foreach (var list in parameter.AttributeLists)
            {
                // The old type's marshalling does not belong to the new type.
                var kept = list.Attributes.Where(a => !PInvokeSyntax.IsMarshalAs(a)).ToList();
                if (kept.Count > 0)
                {
                    attributes = attributes.Add(list.WithAttributes(SyntaxFactory.SeparatedList(kept)));
                }
            }

            var modifiers = SyntaxFactory.TokenList(parameter.Modifiers.Where(m => !m.IsKind(SyntaxKind.RefKeyword) && !m.IsKind(SyntaxKind.OutKeyword) && !m.IsKind(SyntaxKind.InKeyword)));
            if (modifier != null)
            {
                modifiers = modifiers.Add(modifier.Value);
            }

            // Comments written after a removed ref/out/in stay in front of the type.
            var carried = new List<SyntaxTrivia>();
            foreach (var removed in parameter.Modifiers)
            {
                if (removed.IsKind(SyntaxKind.RefKeyword) || removed.IsKind(SyntaxKind.OutKeyword) || removed.IsKind(SyntaxKind.InKeyword))
                {
                    carried.AddRange(removed.TrailingTrivia.Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia)));
                }
            }

            var oldType = parameter.Type;
            var newType = TypeSyntaxFor(type);
            newType = oldType is null
                ? newType.WithTrailingTrivia(SyntaxFactory.Space)
                : newType.WithLeadingTrivia(carried.Concat(oldType.GetLeadingTrivia())).WithTrailingTrivia(oldType.GetTrailingTrivia());
            var result = parameter.WithAttributeLists(attributes).WithModifiers(modifiers).WithType(newType);

            // When the first token went away (a removed attribute or modifier), its leading trivia moves to the new first token.
            var leading = parameter.GetLeadingTrivia();
            var now = result.GetLeadingTrivia();
            return now.ToFullString().StartsWith(leading.ToFullString(), System.StringComparison.Ordinal)
                ? result
                : result.WithLeadingTrivia(leading.AddRange(now));
        }

        private static (SyntaxToken? Modifier, string Type) SplitModifier(string text)
        {
            foreach (var (prefix, kind) in new[] { ("ref ", SyntaxKind.RefKeyword), ("out ", SyntaxKind.OutKeyword), ("in ", SyntaxKind.InKeyword) })
            {
                if (text.StartsWith(prefix, System.StringComparison.Ordinal))
                {
                    return (SyntaxFactory.Token(kind).WithTrailingTrivia(SyntaxFactory.Space), text.Substring(prefix.Length));
                }
            }

            return (null, text);
        }

        private static TypeSyntax TypeSyntaxFor(string text) =>
            SyntaxFactory.ParseTypeName(text).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

        private static SyntaxList<AttributeListSyntax> RemoveReturnMarshalAs(SyntaxList<AttributeListSyntax> lists)
        {
            var marshalAs = PInvokeSyntax.FindMarshalAs(lists, returnTarget: true);
            if (marshalAs is null)
            {
                return lists;
            }

            var list = (AttributeListSyntax)marshalAs.Parent!;
            return list.Attributes.Count == 1 ? lists.Remove(list) : lists.Replace(list, list.WithAttributes(list.Attributes.Remove(marshalAs)));
        }

        private static bool TryIndex(string text, int count, out int index) =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out index) && index >= 0 && index < count;

        private static string SafeName(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
    }
}
