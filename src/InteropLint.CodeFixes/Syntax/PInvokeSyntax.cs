using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace InteropLint.CodeFixes
{
    /// <summary>Syntax edits the P/Invoke fixes share: the import attribute, its named arguments, MarshalAs.</summary>
    internal static class PInvokeSyntax
    {
        /// <summary>The method's <c>[DllImport]</c> or <c>[LibraryImport]</c> attribute, however it is qualified.</summary>
        public static AttributeSyntax? FindImportAttribute(MethodDeclarationSyntax method)
        {
            foreach (var list in method.AttributeLists)
            {
                foreach (var attribute in list.Attributes)
                {
                    var name = SimpleName(attribute.Name);
                    if (name == "DllImport" || name == "DllImportAttribute" || name == "LibraryImport" || name == "LibraryImportAttribute")
                    {
                        return attribute;
                    }
                }
            }

            return null;
        }

        /// <summary>The rightmost identifier of a possibly qualified name: <c>MarshalAs</c> for <c>System.Runtime.InteropServices.MarshalAs</c>.</summary>
        public static string SimpleName(NameSyntax name) => name switch
        {
            QualifiedNameSyntax q => q.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
            SimpleNameSyntax s => s.Identifier.ValueText,
            _ => name.ToString(),
        };

        /// <summary>The attribute with <c>Name = value</c> set: replaced when present, appended otherwise.</summary>
        public static AttributeSyntax WithNamedArgument(AttributeSyntax attribute, string name, ExpressionSyntax value)
        {
            var arguments = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
            foreach (var argument in arguments.Arguments)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == name)
                {
                    return attribute.ReplaceNode(argument.Expression, value.WithTriviaFrom(argument.Expression));
                }
            }

            var added = SyntaxFactory.AttributeArgument(value).WithNameEquals(SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName(name)));
            return attribute.WithArgumentList(arguments.AddArguments(added));
        }

        public static bool IsMarshalAs(AttributeSyntax attribute)
        {
            var name = SimpleName(attribute.Name);
            return name == "MarshalAs" || name == "MarshalAsAttribute";
        }

        /// <summary><c>System.Runtime.InteropServices.UnmanagedType.U1</c>, annotated so cleanup adds the using and shortens it.</summary>
        public static ExpressionSyntax UnmanagedType(string member) =>
            SyntaxFactory.ParseExpression("System.Runtime.InteropServices.UnmanagedType." + member)
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

        /// <summary>A <c>MarshalAs(UnmanagedType.X[, ArraySubType = UnmanagedType.Y])</c> attribute.</summary>
        public static AttributeSyntax MarshalAs(string unmanagedType, string? arraySubType = null)
        {
            var name = SyntaxFactory.ParseName("System.Runtime.InteropServices.MarshalAs")
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            var attribute = SyntaxFactory.Attribute(name, SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.AttributeArgument(UnmanagedType(unmanagedType)))));
            return arraySubType is null ? attribute : WithNamedArgument(attribute, "ArraySubType", UnmanagedType(arraySubType));
        }

        /// <summary>The document's line ending, as the nearest end-of-line trivia shows it.</summary>
        public static string DetectEndOfLine(SyntaxNode node)
        {
            foreach (var trivia in node.DescendantTrivia())
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return trivia.ToString();
                }
            }

            return "\n";
        }

        /// <summary>Adds the usings that annotated names need, then the framework's cleanup shortens the names.</summary>
        public static System.Threading.Tasks.Task<Document> AddImportsAsync(Document document, System.Threading.CancellationToken cancellationToken) =>
            Microsoft.CodeAnalysis.Editing.ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken);

        /// <summary>The <c>[MarshalAs]</c> among attribute lists (for a return value: lists with the <c>return:</c> target only).</summary>
        public static AttributeSyntax? FindMarshalAs(SyntaxList<AttributeListSyntax> lists, bool returnTarget)
        {
            foreach (var list in lists)
            {
                var isReturn = list.Target?.Identifier.IsKind(SyntaxKind.ReturnKeyword) == true;
                if (isReturn != returnTarget)
                {
                    continue;
                }

                var found = list.Attributes.FirstOrDefault(IsMarshalAs);
                if (found != null)
                {
                    return found;
                }
            }

            return null;
        }

        /// <summary>
        /// The declaration with <paramref name="marshalAs"/> on the parameter at <paramref name="slot"/> (or the return value
        /// when it is -1): an existing <c>[MarshalAs]</c> is replaced, otherwise one is added.
        /// </summary>
        public static MethodDeclarationSyntax WithMarshalAs(MethodDeclarationSyntax method, int slot, AttributeSyntax marshalAs)
        {
            if (slot < 0)
            {
                var existing = FindMarshalAs(method.AttributeLists, returnTarget: true);
                if (existing != null)
                {
                    return method.ReplaceNode(existing, marshalAs.WithTriviaFrom(existing));
                }

                var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(marshalAs))
                    .WithTarget(SyntaxFactory.AttributeTargetSpecifier(SyntaxFactory.Token(SyntaxKind.ReturnKeyword)));
                var lists = method.AttributeLists;
                if (lists.Count == 0)
                {
                    // The method's own leading trivia (indentation) moves to the new list; the modifiers get the same indentation.
                    var leading = method.GetLeadingTrivia();
                    var endOfLine = SyntaxFactory.EndOfLine(DetectEndOfLine(method));
                    var first = method.WithoutLeadingTrivia();
                    var indentation = SyntaxFactory.TriviaList(leading.Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault());
                    return first.WithAttributeLists(SyntaxFactory.SingletonList(list.WithLeadingTrivia(leading).WithTrailingTrivia(endOfLine)))
                        .WithModifiers(first.Modifiers.Count > 0 ? first.Modifiers.Replace(first.Modifiers[0], first.Modifiers[0].WithLeadingTrivia(indentation)) : first.Modifiers);
                }

                var last = lists[lists.Count - 1];
                list = list.WithLeadingTrivia(last.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
                    .WithTrailingTrivia(last.GetTrailingTrivia());
                return method.WithAttributeLists(lists.Add(list));
            }

            var parameters = method.ParameterList.Parameters;
            if (slot >= parameters.Count)
            {
                return method;
            }

            var parameter = parameters[slot];
            var current = FindMarshalAs(parameter.AttributeLists, returnTarget: false);
            ParameterSyntax updated;
            if (current != null)
            {
                updated = parameter.ReplaceNode(current, marshalAs.WithTriviaFrom(current));
            }
            else
            {
                var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(marshalAs)).WithTrailingTrivia(SyntaxFactory.Space);
                updated = parameter.WithoutLeadingTrivia().WithAttributeLists(parameter.AttributeLists.Insert(0, list.WithLeadingTrivia(parameter.GetLeadingTrivia())));
            }

            return method.WithParameterList(method.ParameterList.WithParameters(parameters.Replace(parameter, updated)));
        }

        /// <summary>Whether the changed project has no error the original did not have (call sites included).</summary>
        public static async System.Threading.Tasks.Task<bool> CompilesAsWellAsync(Project before, Project after, System.Threading.CancellationToken cancellationToken)
        {
            var beforeCompilation = await before.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            var afterCompilation = await after.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (beforeCompilation is null || afterCompilation is null)
            {
                return false;
            }

            // Every error after the change must have been there before (same id and message): a fix may remove
            // errors, never add one, even in code that did not compile to begin with.
            var errorsBefore = Errors(beforeCompilation, cancellationToken);
            foreach (var error in Errors(afterCompilation, cancellationToken))
            {
                if (!errorsBefore.TryGetValue(error.Key, out var count) || count < error.Value)
                {
                    return false;
                }
            }

            return true;
        }

        private static System.Collections.Generic.Dictionary<string, int> Errors(Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            var errors = new System.Collections.Generic.Dictionary<string, int>(System.StringComparer.Ordinal);
            foreach (var d in compilation.GetDiagnostics(cancellationToken))
            {
                if (d.Severity == DiagnosticSeverity.Error)
                {
                    var key = d.Id + ":" + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
                    errors[key] = errors.TryGetValue(key, out var n) ? n + 1 : 1;
                }
            }

            return errors;
        }
    }
}
