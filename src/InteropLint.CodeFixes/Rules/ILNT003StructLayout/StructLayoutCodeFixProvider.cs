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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace InteropLint.CodeFixes
{
    /// <summary>
    /// ILNT003: rewrites a struct to the C layout as the analyzer planned (and verified) it: portable field
    /// types, <c>[MarshalAs(U1)]</c> on bools, Pack, union → explicit layout, fixed-buffer lengths, missing fields.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StructLayoutCodeFixProvider))]
    [Shared]
    public sealed class StructLayoutCodeFixProvider : RuleCodeFixProvider
    {
        public StructLayoutCodeFixProvider()
            : base(RuleIdentifiers.ILNT003StructLayout)
        {
        }

        private const string EquivalenceKey = "ILNT003.MatchCLayout";
        private const string InteropNamespace = "System.Runtime.InteropServices";

        private protected override async Task RegisterFixesAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
        {
            if (!HasPlan(diagnostic.Properties))
            {
                return;
            }

            var declaration = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<StructDeclarationSyntax>().FirstOrDefault();
            if (declaration is null || await HasErrorsAsync(context.Document, declaration, context.CancellationToken).ConfigureAwait(false))
            {
                return;
            }

            // The fix is computed now, uses of the changed fields included, and offered only when it compiles.
            var solution = await BuildAsync(context.Document, declaration, diagnostic.Properties, context.CancellationToken).ConfigureAwait(false);
            if (solution is null)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Match the C layout of '" + declaration.Identifier.ValueText + "'",
                    _ => Task.FromResult(solution),
                    EquivalenceKey),
                diagnostic);
        }

        /// <summary>
        /// A struct that does not compile yet (half typed, an attribute that does not bind) has no layout the fix can
        /// rewrite safely: rebuilding it produced new errors (fields left without FieldOffset, attributes merged).
        /// </summary>
        private static async Task<bool> HasErrorsAsync(Document document, StructDeclarationSyntax declaration, CancellationToken cancellationToken)
        {
            if (declaration.ContainsDiagnostics)
            {
                return true;
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            return model is null || model.GetDiagnostics(declaration.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error);
        }

        private static bool HasPlan(ImmutableDictionary<string, string?> properties) =>
            properties.ContainsKey(StructLayoutAnalyzer.TypesProperty) || properties.ContainsKey(StructLayoutAnalyzer.PackProperty)
            || properties.ContainsKey(StructLayoutAnalyzer.UnionProperty) || properties.ContainsKey(StructLayoutAnalyzer.SequentialProperty)
            || properties.ContainsKey(StructLayoutAnalyzer.FixedLengthsProperty) || properties.ContainsKey(StructLayoutAnalyzer.AppendProperty);

        private static async Task<Solution?> BuildAsync(Document document, StructDeclarationSyntax declaration, ImmutableDictionary<string, string?> properties, CancellationToken cancellationToken)
        {
            var types = Map(properties, StructLayoutAnalyzer.TypesProperty);
            var solution = await StructFieldUsageRewriter.RewriteAsync(document, declaration, types, d => RewriteStruct(d, properties), cancellationToken).ConfigureAwait(false);
            if (solution is null)
            {
                return null;
            }

            foreach (var change in solution.GetChanges(document.Project.Solution).GetProjectChanges())
            {
                foreach (var id in change.GetChangedDocuments())
                {
                    if (await Errors(solution.GetDocument(id)!, cancellationToken).ConfigureAwait(false)
                        > await Errors(document.Project.Solution.GetDocument(id)!, cancellationToken).ConfigureAwait(false))
                    {
                        return null;
                    }
                }
            }

            return solution;
        }

        private static async Task<int> Errors(Document document, CancellationToken cancellationToken)
        {
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            return model?.GetDiagnostics(cancellationToken: cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error) ?? int.MaxValue;
        }

        private static StructDeclarationSyntax RewriteStruct(StructDeclarationSyntax declaration, ImmutableDictionary<string, string?> properties)
        {
            var types = Map(properties, StructLayoutAnalyzer.TypesProperty);
            var lengths = Map(properties, StructLayoutAnalyzer.FixedLengthsProperty);
            var union = properties.ContainsKey(StructLayoutAnalyzer.UnionProperty);
            var updated = RewriteFields(declaration, types, lengths, union);

            var append = Map(properties, StructLayoutAnalyzer.AppendProperty);
            if (append.Count > 0)
            {
                updated = Append(updated, append, union);
            }

            if (union || properties.ContainsKey(StructLayoutAnalyzer.PackProperty) || properties.ContainsKey(StructLayoutAnalyzer.SequentialProperty))
            {
                properties.TryGetValue(StructLayoutAnalyzer.PackProperty, out var packText);
                int? pack = int.TryParse(packText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : (int?)null;
                var kind = union ? "Explicit" : properties.ContainsKey(StructLayoutAnalyzer.SequentialProperty) ? "Sequential" : null;
                updated = SetStructLayout(updated, kind, pack);
            }

            return updated.WithAdditionalAnnotations(Formatter.Annotation);
        }

        private static Dictionary<string, string> Map(ImmutableDictionary<string, string?> properties, string key)
        {
            var map = new Dictionary<string, string>(System.StringComparer.Ordinal);
            if (properties.TryGetValue(key, out var text) && text != null)
            {
                foreach (var entry in text.Split(';'))
                {
                    var eq = entry.IndexOf('=');
                    if (eq > 0)
                    {
                        map[entry.Substring(0, eq)] = entry.Substring(eq + 1);
                    }
                }
            }

            return map;
        }

        /// <summary>New field types, bool marshalling, buffer lengths and union offsets, splitting <c>uint a, b;</c> when its variables change differently.</summary>
        private static StructDeclarationSyntax RewriteFields(StructDeclarationSyntax declaration, Dictionary<string, string> types, Dictionary<string, string> lengths, bool union)
        {
            var members = new List<MemberDeclarationSyntax>();
            foreach (var member in declaration.Members)
            {
                if (!(member is FieldDeclarationSyntax field) || field.Modifiers.Any(SyntaxKind.StaticKeyword) || field.Modifiers.Any(SyntaxKind.ConstKeyword))
                {
                    members.Add(member);
                    continue;
                }

                var variables = field.Declaration.Variables;
                var changes = variables.Select(v => types.TryGetValue(v.Identifier.ValueText, out var t) ? t : null).ToList();
                if (variables.Count > 1 && changes.Distinct().Count() > 1)
                {
                    // Variables that change differently each get their own declaration.
                    for (var i = 0; i < variables.Count; i++)
                    {
                        var single = field.WithDeclaration(field.Declaration.WithVariables(SyntaxFactory.SingletonSeparatedList(variables[i])));
                        if (i > 0)
                        {
                            single = single.WithLeadingTrivia(field.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)));
                        }

                        if (i < variables.Count - 1)
                        {
                            single = single.WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
                        }

                        members.Add(RewriteField(single, changes[i], lengths, union));
                    }

                    continue;
                }

                members.Add(RewriteField(field, changes[0], lengths, union));
            }

            return declaration.WithMembers(SyntaxFactory.List(members));
        }

        private static FieldDeclarationSyntax RewriteField(FieldDeclarationSyntax field, string? newType, Dictionary<string, string> lengths, bool union)
        {
            if (newType == "bool:U1")
            {
                field = AddAttribute(field, MarshalAsU1());
            }
            else if (newType != null)
            {
                var type = PortableIntegerSyntax.Type(newType).WithTriviaFrom(field.Declaration.Type);
                field = field.WithDeclaration(field.Declaration.WithType(type));
            }

            var variables = field.Declaration.Variables;
            var rewritten = variables;
            foreach (var variable in variables)
            {
                if (lengths.TryGetValue(variable.Identifier.ValueText, out var length) && variable.ArgumentList != null && variable.ArgumentList.Arguments.Count == 1)
                {
                    var literal = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(int.Parse(length, CultureInfo.InvariantCulture)));
                    var argument = variable.ArgumentList.Arguments[0].WithExpression(literal);
                    rewritten = rewritten.Replace(rewritten.First(v => v.Identifier.ValueText == variable.Identifier.ValueText), variable.WithArgumentList(variable.ArgumentList.WithArguments(SyntaxFactory.SingletonSeparatedList(argument))));
                }
            }

            field = field.WithDeclaration(field.Declaration.WithVariables(rewritten));
            if (union)
            {
                field = RemoveAttribute(field, "FieldOffset");
                field = AddAttribute(field, SyntaxFactory.Attribute(
                    InteropName("FieldOffset"),
                    SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.AttributeArgument(
                        SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0)))))));
            }

            return field;
        }

        private static StructDeclarationSyntax Append(StructDeclarationSyntax declaration, Dictionary<string, string> append, bool union)
        {
            var template = declaration.Members.OfType<FieldDeclarationSyntax>().LastOrDefault();
            var modifiers = template?.Modifiers ?? SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword));
            var added = new List<MemberDeclarationSyntax>();
            foreach (var entry in append)
            {
                var name = SyntaxFacts.GetKeywordKind(entry.Key) != SyntaxKind.None ? "@" + entry.Key : entry.Key;
                var field = SyntaxFactory.FieldDeclaration(
                        SyntaxFactory.VariableDeclaration(PortableIntegerSyntax.Type(entry.Value), SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(name))))
                    .WithModifiers(SyntaxFactory.TokenList(modifiers.Select(m => SyntaxFactory.Token(m.Kind()))));
                added.Add(union ? RewriteField(field, null, new Dictionary<string, string>(), true) : field);
            }

            return declaration.AddMembers(added.ToArray());
        }

        private static StructDeclarationSyntax SetStructLayout(StructDeclarationSyntax declaration, string? kind, int? pack)
        {
            foreach (var list in declaration.AttributeLists)
            {
                foreach (var attribute in list.Attributes)
                {
                    if (IsNamed(attribute, "StructLayout"))
                    {
                        return declaration.ReplaceNode(attribute, UpdateStructLayout(attribute, kind, pack));
                    }
                }
            }

            var created = UpdateStructLayout(SyntaxFactory.Attribute(InteropName("StructLayout")), kind ?? "Sequential", pack);
            var lists = declaration.AttributeLists.Add(SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(created)));
            return declaration.WithAttributeLists(lists);
        }

        private static AttributeSyntax UpdateStructLayout(AttributeSyntax attribute, string? kind, int? pack)
        {
            var arguments = attribute.ArgumentList?.Arguments.ToList() ?? new List<AttributeArgumentSyntax>();
            var positional = arguments.FindIndex(a => a.NameEquals is null && a.NameColon is null);
            if (kind != null || positional < 0)
            {
                var layoutKind = SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    InteropName("LayoutKind"),
                    SyntaxFactory.IdentifierName(kind ?? "Sequential"));
                if (positional >= 0)
                {
                    arguments[positional] = arguments[positional].WithExpression(layoutKind);
                }
                else
                {
                    arguments.Insert(0, SyntaxFactory.AttributeArgument(layoutKind));
                }
            }

            if (pack.HasValue)
            {
                arguments.RemoveAll(a => a.NameEquals?.Name.Identifier.ValueText == "Pack");
                if (pack.Value > 0)
                {
                    arguments.Add(SyntaxFactory.AttributeArgument(
                        SyntaxFactory.NameEquals("Pack"),
                        null,
                        SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(pack.Value))));
                }
            }

            return attribute.WithArgumentList(SyntaxFactory.AttributeArgumentList(SyntaxFactory.SeparatedList(arguments)));
        }

        private static FieldDeclarationSyntax AddAttribute(FieldDeclarationSyntax field, AttributeSyntax attribute)
        {
            var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute));
            if (field.AttributeLists.Count == 0)
            {
                list = list.WithLeadingTrivia(field.GetLeadingTrivia());
                field = field.WithLeadingTrivia(SyntaxFactory.ElasticMarker);
            }

            return field.WithAttributeLists(field.AttributeLists.Add(list));
        }

        private static FieldDeclarationSyntax RemoveAttribute(FieldDeclarationSyntax field, string name)
        {
            var lists = new List<AttributeListSyntax>();
            foreach (var list in field.AttributeLists)
            {
                var kept = list.Attributes.Where(a => !IsNamed(a, name)).ToList();
                if (kept.Count > 0)
                {
                    lists.Add(list.WithAttributes(SyntaxFactory.SeparatedList(kept)));
                }
            }

            var leading = field.GetLeadingTrivia();
            field = field.WithAttributeLists(SyntaxFactory.List(lists));
            return lists.Count == 0 ? field.WithLeadingTrivia(leading) : field;
        }

        private static bool IsNamed(AttributeSyntax attribute, string name)
        {
            var text = attribute.Name is QualifiedNameSyntax q ? q.Right.Identifier.ValueText : attribute.Name is IdentifierNameSyntax i ? i.Identifier.ValueText : "";
            return text == name || text == name + "Attribute";
        }

        private static AttributeSyntax MarshalAsU1() =>
            SyntaxFactory.Attribute(
                InteropName("MarshalAs"),
                SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.AttributeArgument(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, InteropName("UnmanagedType"), SyntaxFactory.IdentifierName("U1"))))));

        private static NameSyntax InteropName(string name) =>
            SyntaxFactory.ParseName(InteropNamespace + "." + name).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
    }
}
