using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace InteropLint.Analyzers.Infrastructure
{
    /// <summary>What kind of value a loop-invariant argument is.</summary>
    internal enum InvariantKind
    {
        /// <summary>Changes (or may change) inside the loop.</summary>
        Variant,

        /// <summary>A string literal.</summary>
        Literal,

        /// <summary>Any other compile-time constant: a <c>const</c>, <c>nameof</c>, a concatenation of constants.</summary>
        Constant,

        /// <summary>A local not assigned inside the loop.</summary>
        Local,

        /// <summary>A by-value parameter not assigned inside the loop.</summary>
        Parameter,

        /// <summary>A <c>readonly</c> field read outside its type's constructors.</summary>
        ReadOnlyField,
    }

    /// <summary>
    /// Whether a value stays the same across the iterations of a loop. Only the forms that can be proven from the
    /// code are invariant: literals and constants, locals and by-value parameters that nothing in the loop (nor a
    /// lambda or local function elsewhere, nor a <c>ref</c> alias) assigns, and <c>readonly</c> fields outside constructors.
    /// Everything else — properties, calls, mutable fields, interpolated strings — counts as changing.
    /// </summary>
    internal static class LoopInvariance
    {
        /// <summary>The kind of value <paramref name="value"/> is, ignoring loops (<see cref="InvariantKind.Variant"/> when it is none of the forms).</summary>
        public static InvariantKind KindOf(IOperation value)
        {
            if (value.ConstantValue.HasValue)
            {
                return value.ConstantValue.Value is string
                    ? value is ILiteralOperation ? InvariantKind.Literal : InvariantKind.Constant
                    : InvariantKind.Variant; // null: nothing is marshalled
            }

            switch (value)
            {
                case ILocalReferenceOperation local when !local.Local.IsRef:
                    return InvariantKind.Local;
                case IParameterReferenceOperation parameter when parameter.Parameter.RefKind == RefKind.None:
                    return InvariantKind.Parameter;
                case IFieldReferenceOperation field when field.Field.IsReadOnly
                                                         && (field.Instance is null || field.Instance is IInstanceReferenceOperation)
                                                         && !InConstructor(value):
                    return InvariantKind.ReadOnlyField;
                default:
                    return InvariantKind.Variant;
            }
        }

        /// <summary>Whether <paramref name="value"/> (of kind <paramref name="kind"/>) has the same value on every iteration of the loop whose region is given.</summary>
        public static bool IsInvariantIn(IOperation value, InvariantKind kind, SyntaxNode loopRegion, SemanticModel model, CancellationToken cancellationToken)
        {
            ISymbol symbol;
            switch (kind)
            {
                case InvariantKind.Literal:
                case InvariantKind.Constant:
                case InvariantKind.ReadOnlyField:
                    return true;
                case InvariantKind.Local:
                    symbol = ((ILocalReferenceOperation)value).Local;
                    break;
                case InvariantKind.Parameter:
                    symbol = ((IParameterReferenceOperation)value).Parameter;
                    break;
                default:
                    return false;
            }

            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == loopRegion.SyntaxTree && loopRegion.Span.Contains(reference.Span))
                {
                    return false; // declared per iteration (foreach variable, lambda parameter, local in the body)
                }
            }

            var flow = Analyze(model, loopRegion);
            if (flow is null || !flow.Succeeded)
            {
                return false;
            }

            foreach (var written in flow.WrittenInside)
            {
                if (SymbolEqualityComparer.Default.Equals(written, symbol))
                {
                    return false;
                }
            }

            return !WrittenElsewhereBehindTheLoopsBack(symbol, loopRegion, model, cancellationToken);
        }

        /// <summary>
        /// A lambda or local function outside the loop that assigns the variable (the loop may call it), or a
        /// <c>ref</c> alias of the variable anywhere in the member.
        /// </summary>
        private static bool WrittenElsewhereBehindTheLoopsBack(ISymbol symbol, SyntaxNode loopRegion, SemanticModel model, CancellationToken cancellationToken)
        {
            // Top-level statements share their locals across global statements: search the whole file then.
            var member = loopRegion.FirstAncestorOrSelf<SyntaxNode>(n => (n is MemberDeclarationSyntax && n is not GlobalStatementSyntax) || n is AccessorDeclarationSyntax)
                ?? loopRegion.SyntaxTree.GetRoot(cancellationToken);

            foreach (var node in member.DescendantNodes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                SyntaxNode? body = null;
                switch (node)
                {
                    case RefExpressionSyntax refExpression when refExpression.Expression is IdentifierNameSyntax name && name.Identifier.ValueText == symbol.Name:
                        return true;
                    case AnonymousFunctionExpressionSyntax lambda when !lambda.Span.Contains(loopRegion.Span) && !loopRegion.Span.Contains(lambda.Span):
                        body = lambda.Body;
                        break;
                    case LocalFunctionStatementSyntax function when !function.Span.Contains(loopRegion.Span) && !loopRegion.Span.Contains(function.Span):
                        body = (SyntaxNode?)function.Body ?? function.ExpressionBody?.Expression;
                        break;
                }

                if (body is null)
                {
                    continue;
                }

                var flow = Analyze(model, body);
                if (flow is null || !flow.Succeeded)
                {
                    return true;
                }

                foreach (var written in flow.WrittenInside)
                {
                    if (SymbolEqualityComparer.Default.Equals(written, symbol))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static DataFlowAnalysis? Analyze(SemanticModel model, SyntaxNode node)
        {
            switch (node)
            {
                case StatementSyntax statement:
                    return model.AnalyzeDataFlow(statement);
                case ExpressionSyntax expression:
                    return model.AnalyzeDataFlow(expression);
                default:
                    return null;
            }
        }

        /// <summary>Constructors may assign readonly fields, so a read there is not taken as invariant (any constructor: cheap and conservative).</summary>
        private static bool InConstructor(IOperation operation) =>
            operation.Syntax.FirstAncestorOrSelf<ConstructorDeclarationSyntax>() != null;
    }
}
