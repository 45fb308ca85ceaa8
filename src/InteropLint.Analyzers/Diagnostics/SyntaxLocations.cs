using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace InteropLint.Analyzers.Infrastructure
{
    /// <summary>Where a P/Invoke diagnostic points when it is about the whole declaration.</summary>
    internal static class SyntaxLocations
    {
        public static MethodDeclarationSyntax? Declaration(IMethodSymbol method, CancellationToken cancellationToken)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax syntax)
                {
                    return syntax;
                }
            }

            return null;
        }

        /// <summary>The method's name as declared.</summary>
        public static Location MethodIdentifier(IMethodSymbol method, CancellationToken cancellationToken)
        {
            var syntax = Declaration(method, cancellationToken);
            if (syntax != null)
            {
                return syntax.Identifier.GetLocation();
            }

            return method.Locations.Length > 0 ? method.Locations[0] : Location.None;
        }
    }
}
