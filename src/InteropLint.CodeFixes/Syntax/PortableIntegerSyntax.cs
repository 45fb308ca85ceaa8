using InteropLint.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace InteropLint.CodeFixes
{
    /// <summary>
    /// The fixes' side of <see cref="PortableInteger"/>: the type a proposed name (<c>CULong</c>, <c>nuint</c>,
    /// <c>System.UIntPtr</c>, <c>uint</c>) stands for, its syntax, and the conversions into and out of it, for every
    /// fix that rewrites an integer type and adapts the code using it (ILNT001's declarations and call sites,
    /// ILNT003's struct fields and their uses).
    /// </summary>
    internal static class PortableIntegerSyntax
    {
        public static bool IsCLongFamily(string name) => PortableInteger.Named(name)?.IsCLongFamily == true;

        /// <summary>The type a proposed name stands for in <paramref name="compilation"/>, or null when it has none.</summary>
        public static ITypeSymbol? Resolve(Compilation compilation, string name)
        {
            var portable = PortableInteger.Named(name);
            if (portable is null)
            {
                return null;
            }

            if (portable.IsCLongFamily)
            {
                return compilation.GetTypeByMetadataName(portable.QualifiedName);
            }

            // 'nint' is the native-integer view of System.IntPtr: the symbol follows the spelling, as the compiler's does.
            if (portable.IsNativeInteger && !name.EndsWith("IntPtr", System.StringComparison.Ordinal))
            {
                return compilation.CreateNativeIntegerTypeSymbol(portable.IsSigned);
            }

            return compilation.GetSpecialType(portable.SpecialType);
        }

        /// <summary>
        /// The integer a value goes through on its way in or out: <c>nint</c>/<c>nuint</c> for CLong/CULong (their
        /// constructor takes it, <c>.Value</c> gives it back), the type itself otherwise.
        /// </summary>
        public static ITypeSymbol? ValueType(Compilation compilation, string name)
        {
            var portable = PortableInteger.Named(name);
            return portable != null && portable.IsCLongFamily ? compilation.CreateNativeIntegerTypeSymbol(portable.IsSigned) : Resolve(compilation, name);
        }

        /// <summary>A type a fix writes: keywords as they are, CLong/CULong through their namespace (simplified to a using).</summary>
        public static TypeSyntax Type(string name)
        {
            var portable = PortableInteger.Named(name);
            if (portable != null && portable.IsCLongFamily)
            {
                return ParseTypeName(portable.QualifiedName).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            }

            return ParseTypeName(name).WithAdditionalAnnotations(Simplifier.Annotation);
        }

        /// <summary>
        /// <paramref name="value"/> converted to the type <paramref name="name"/>: <c>new CULong(v)</c>, <c>new CULong((nuint)v)</c>,
        /// <c>(uint)v</c>, or <c>v</c> itself. <paramref name="implicitly"/>: the value converts to <see cref="ValueType"/> without a cast.
        /// </summary>
        public static ExpressionSyntax ConvertTo(ExpressionSyntax value, string name, bool implicitly)
        {
            var portable = PortableInteger.Named(name);
            if (portable != null && portable.IsCLongFamily)
            {
                var argument = implicitly ? value : CastExpression(ParseTypeName(portable.IsSigned ? "nint" : "nuint"), Parenthesize(value));
                return ObjectCreationExpression(Token(SyntaxKind.NewKeyword).WithTrailingTrivia(Space), Type(name), ArgumentList(SingletonSeparatedList(Argument(argument))), null);
            }

            return implicitly ? value : CastExpression(Type(name), Parenthesize(value));
        }

        /// <summary>The integer inside a value of the type <paramref name="name"/>: <c>v.Value</c> for CLong/CULong, <c>v</c> otherwise.</summary>
        public static ExpressionSyntax ValueOf(ExpressionSyntax value, string name) =>
            IsCLongFamily(name) ? MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Parenthesize(value), IdentifierName("Value")) : value;

        /// <summary>Parentheses around <paramref name="value"/> unless it binds tighter than a cast or a member access already.</summary>
        public static ExpressionSyntax Parenthesize(ExpressionSyntax value) =>
            value is IdentifierNameSyntax || value is LiteralExpressionSyntax || value is InvocationExpressionSyntax
            || value is MemberAccessExpressionSyntax || value is ParenthesizedExpressionSyntax || value is ElementAccessExpressionSyntax
                ? value
                : ParenthesizedExpression(value);

        /// <summary>A C# integer type (not <c>char</c>, not <c>bool</c>, not an enum, not CLong/CULong).</summary>
        public static bool IsInteger(ITypeSymbol type) => type.TypeKind != TypeKind.Enum && PortableInteger.Of(type) != null;
    }
}
