using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Text;
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
    /// ILNT007: renames the P/Invoke to <c>XxxNative</c> returning a pointer (pinning its entry point) and adds a
    /// <c>string</c> wrapper with the original name and signature that converts with <c>Marshal.PtrToString*</c>
    /// — and, for a result owned through another allocator, frees it with the header's deallocator in a
    /// <c>finally</c>. Call sites keep compiling unchanged.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BorrowedStringCodeFixProvider))]
    [Shared]
    public sealed class BorrowedStringCodeFixProvider : RuleCodeFixProvider
    {
        public BorrowedStringCodeFixProvider()
            : base(RuleIdentifiers.ILNT007BorrowedString)
        {
        }

        private const string EquivalenceKey = "ILNT007.ReturnPointerWithWrapper";

        private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
        {
            var method = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>();
            if (method is null || method.Parent is not TypeDeclarationSyntax
                || !diagnostic.Properties.TryGetText(BorrowedStringAnalyzer.ConversionProperty, out var conversion)
                || !diagnostic.Properties.TryGetText(BorrowedStringAnalyzer.EntryPointProperty, out var entryPoint))
            {
                return;
            }

            diagnostic.Properties.TryGetValue(BorrowedStringAnalyzer.KindProperty, out var kind);
            diagnostic.Properties.TryGetValue(BorrowedStringAnalyzer.DeallocatorMethodProperty, out var deallocator);
            if (kind == "foreign" && deallocator is null)
            {
                return; // converting without freeing would trade heap corruption for a leak
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Return a pointer and convert it in a string wrapper",
                    ct => FixAsync(context.Document, method, entryPoint, conversion, deallocator, ct),
                    EquivalenceKey),
                diagnostic);
        }

        private static async Task<Document> FixAsync(Document document, MethodDeclarationSyntax method, string entryPoint, string conversion, string? deallocator, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null || method.Parent is not TypeDeclarationSyntax type)
            {
                return document;
            }

            var nativeName = UniqueName(type, method.Identifier.ValueText + "Native");
            var useNint = ((CSharpParseOptions)method.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp9;
            var pointerType = useNint
                ? SyntaxFactory.IdentifierName("nint")
                : (TypeSyntax)SyntaxFactory.ParseTypeName("System.IntPtr").WithAdditionalAnnotations(Simplifier.Annotation);

            var extern_ = method
                .WithIdentifier(SyntaxFactory.Identifier(nativeName))
                .WithReturnType(pointerType.WithTriviaFrom(method.ReturnType))
                .WithAttributeLists(PinEntryPoint(RemoveReturnAttributes(method.AttributeLists), entryPoint, method.Identifier.ValueText))
                .WithModifiers(MakePrivate(method.Modifiers));

            var wrapper = BuildWrapper(method, model, nativeName, conversion, deallocator);
            var newType = type.ReplaceNode(method, new MemberDeclarationSyntax[] { extern_, wrapper });
            return document.WithSyntaxRoot(root.ReplaceNode(type, newType));
        }

        private static MemberDeclarationSyntax BuildWrapper(MethodDeclarationSyntax method, SemanticModel model, string nativeName, string conversion, string? deallocator)
        {
            var returnType = method.ReturnType is NullableTypeSyntax
                || (model.GetNullableContext(method.SpanStart) & NullableContext.AnnotationsEnabled) != 0
                ? "string?"
                : "string";
            var modifiers = string.Join(" ", method.Modifiers
                .Where(m => !m.IsKind(SyntaxKind.ExternKeyword) && !m.IsKind(SyntaxKind.PartialKeyword))
                .Select(m => m.Text));
            var parameters = SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(
                method.ParameterList.Parameters.Select(p => p.WithAttributeLists(default))));
            var arguments = string.Join(", ", method.ParameterList.Parameters.Select(Argument));
            var call = nativeName + "(" + arguments + ")";
            var marshal = "System.Runtime.InteropServices.Marshal." + conversion;

            var text = new StringBuilder();
            text.Append(modifiers).Append(' ').Append(returnType).Append(' ').Append(method.Identifier.ValueText)
                .Append(method.TypeParameterList?.ToString() ?? "").Append(parameters.ToString());
            if (deallocator is null)
            {
                text.Append(" => ").Append(marshal).Append('(').Append(call).Append(");");
            }
            else
            {
                var local = UniqueLocal(method, "native");
                text.Append("\n{\n    var ").Append(local).Append(" = ").Append(call).Append(";\n")
                    .Append("    try\n    {\n        return ").Append(marshal).Append('(').Append(local).Append(");\n    }\n")
                    .Append("    finally\n    {\n        ").Append(deallocator).Append('(').Append(local).Append(");\n    }\n}");
            }

            var endOfLine = method.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            if (endOfLine == default)
            {
                endOfLine = SyntaxFactory.ElasticCarriageReturnLineFeed;
            }

            var member = SyntaxFactory.ParseMemberDeclaration(text.ToString())!;
            return member
                .WithLeadingTrivia(endOfLine)
                .WithTrailingTrivia(endOfLine)
                .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);
        }

        private static string Argument(ParameterSyntax parameter)
        {
            var name = parameter.Identifier.Text;
            foreach (var modifier in parameter.Modifiers)
            {
                if (modifier.IsKind(SyntaxKind.RefKeyword))
                {
                    return "ref " + name;
                }

                if (modifier.IsKind(SyntaxKind.OutKeyword))
                {
                    return "out " + name;
                }

                if (modifier.IsKind(SyntaxKind.InKeyword))
                {
                    return "in " + name;
                }
            }

            return name;
        }

        private static SyntaxList<AttributeListSyntax> RemoveReturnAttributes(SyntaxList<AttributeListSyntax> lists)
        {
            var kept = new List<AttributeListSyntax>();
            foreach (var list in lists)
            {
                if (list.Target is null || !list.Target.Identifier.IsKind(SyntaxKind.ReturnKeyword))
                {
                    kept.Add(list);
                }
            }

            return SyntaxFactory.List(kept);
        }

        /// <summary>The method is renamed, so the C name must be written down: adds <c>EntryPoint = "name"</c> unless one is there.</summary>
        private static SyntaxList<AttributeListSyntax> PinEntryPoint(SyntaxList<AttributeListSyntax> lists, string entryPoint, string methodName)
        {
            var result = new List<AttributeListSyntax>();
            foreach (var list in lists)
            {
                var attributes = new List<AttributeSyntax>();
                foreach (var attribute in list.Attributes)
                {
                    var name = attribute.Name.ToString();
                    var isImport = name.EndsWith("DllImport", System.StringComparison.Ordinal) || name.EndsWith("DllImportAttribute", System.StringComparison.Ordinal)
                        || name.EndsWith("LibraryImport", System.StringComparison.Ordinal) || name.EndsWith("LibraryImportAttribute", System.StringComparison.Ordinal);
                    var hasEntryPoint = attribute.ArgumentList?.Arguments.Any(a => a.NameEquals?.Name.Identifier.ValueText == "EntryPoint") == true;
                    if (isImport && !hasEntryPoint)
                    {
                        var argument = SyntaxFactory.AttributeArgument(
                            SyntaxFactory.NameEquals("EntryPoint"),
                            null,
                            SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(entryPoint.Length > 0 ? entryPoint : methodName)));
                        var list2 = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
                        attributes.Add(attribute.WithArgumentList(list2.AddArguments(argument)));
                    }
                    else
                    {
                        attributes.Add(attribute);
                    }
                }

                result.Add(list.WithAttributes(SyntaxFactory.SeparatedList(attributes)));
            }

            return SyntaxFactory.List(result);
        }

        private static SyntaxTokenList MakePrivate(SyntaxTokenList modifiers)
        {
            var kept = modifiers.Where(m => !m.IsKind(SyntaxKind.PublicKeyword) && !m.IsKind(SyntaxKind.InternalKeyword)
                && !m.IsKind(SyntaxKind.ProtectedKeyword) && !m.IsKind(SyntaxKind.PrivateKeyword)).ToList();
            var leading = modifiers.Count > 0 ? modifiers[0].LeadingTrivia : default;
            var result = SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword).WithLeadingTrivia(leading).WithTrailingTrivia(SyntaxFactory.Space));
            foreach (var m in kept)
            {
                result = result.Add(m.WithLeadingTrivia(default(SyntaxTriviaList)));
            }

            return result;
        }

        private static string UniqueName(TypeDeclarationSyntax type, string name)
        {
            var taken = new HashSet<string>(type.Members.OfType<MethodDeclarationSyntax>().Select(m => m.Identifier.ValueText));
            var candidate = name;
            for (var i = 2; taken.Contains(candidate); i++)
            {
                candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return candidate;
        }

        private static string UniqueLocal(MethodDeclarationSyntax method, string name)
        {
            var taken = new HashSet<string>(method.ParameterList.Parameters.Select(p => p.Identifier.ValueText));
            var candidate = name;
            for (var i = 2; taken.Contains(candidate); i++)
            {
                candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return candidate;
        }
    }
}
