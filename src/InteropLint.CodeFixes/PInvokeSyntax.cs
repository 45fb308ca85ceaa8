using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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
    }
}
