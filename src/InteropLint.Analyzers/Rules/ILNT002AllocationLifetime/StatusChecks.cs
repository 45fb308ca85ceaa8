using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// Conditions that test the status a call returns next to an out-parameter (<c>if (git_x(out var p, …) != 0) return;</c>):
    /// on the failure branch the out-parameter holds nothing to free. Which branch fails is read from C's usual status
    /// convention, 0 for success: <c>!= 0</c>, <c>is not 0</c> and <c>&lt; 0</c> fail when true, <c>== 0</c>, <c>is 0</c> and <c>&gt;= 0</c> when false,
    /// and a <c>bool</c> status fails when false. Any other test of the status (<c>&gt; 0</c>, <c>== 1</c>) is one we cannot
    /// read: the out value is then not checked on either branch.
    /// </summary>
    internal static class StatusChecks
    {
        /// <summary>The status tested (conversions removed), and whether the condition is true on failure (null: unknown convention).</summary>
        public static (IOperation? Status, bool? FailureWhenTrue) Check(IOperation? condition)
        {
            switch (condition)
            {
                case null:
                    return (null, null);
                case IConversionOperation conversion:
                    return Check(conversion.Operand);
                case IParenthesizedOperation parenthesized:
                    return Check(parenthesized.Operand);
                case IUnaryOperation unary when unary.OperatorKind == UnaryOperatorKind.Not:
                    var (status, failureWhenTrue) = Check(unary.Operand);
                    return (status, failureWhenTrue is bool b ? !b : (bool?)null);
                case IBinaryOperation binary:
                    if (IsZero(binary.RightOperand))
                    {
                        return (Strip(binary.LeftOperand), FailureWhenTrue(binary.OperatorKind, zeroOnLeft: false));
                    }

                    if (IsZero(binary.LeftOperand))
                    {
                        return (Strip(binary.RightOperand), FailureWhenTrue(binary.OperatorKind, zeroOnLeft: true));
                    }

                    return (Strip(binary.LeftOperand), null); // compared with something else: the right side is rarely the status
                case IIsPatternOperation pattern when pattern.Pattern is IConstantPatternOperation constant:
                    return (Strip(pattern.Value), IsZero(constant.Value) ? false : (bool?)null); // s is 0: fails when false
                case IIsPatternOperation pattern when pattern.Pattern is INegatedPatternOperation { Pattern: IConstantPatternOperation constant }:
                    return (Strip(pattern.Value), IsZero(constant.Value) ? true : (bool?)null); // s is not 0: fails when true
                case IIsPatternOperation pattern:
                    return (Strip(pattern.Value), null);
                case IInvocationOperation invocation when invocation.Type?.SpecialType == SpecialType.System_Boolean:
                    return (invocation, false);
                case ILocalReferenceOperation local when local.Type?.SpecialType == SpecialType.System_Boolean:
                    return (local, false);
                default:
                    return (Strip(condition), null);
            }
        }

        private static bool? FailureWhenTrue(BinaryOperatorKind kind, bool zeroOnLeft)
        {
            switch (kind)
            {
                case BinaryOperatorKind.NotEquals:
                    return true;
                case BinaryOperatorKind.Equals:
                    return false;
                case BinaryOperatorKind.LessThan:
                    return zeroOnLeft ? (bool?)null : true; // s < 0 fails; 0 < s is a count
                case BinaryOperatorKind.GreaterThanOrEqual:
                    return zeroOnLeft ? (bool?)null : false;
                case BinaryOperatorKind.GreaterThan:
                    return zeroOnLeft ? true : (bool?)null; // 0 > s: s < 0
                case BinaryOperatorKind.LessThanOrEqual:
                    return zeroOnLeft ? false : (bool?)null; // 0 <= s: s >= 0
                default:
                    return null;
            }
        }

        private static IOperation Strip(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        private static bool IsZero(IOperation operation)
        {
            operation = Strip(operation);
            if (!operation.ConstantValue.HasValue || operation.ConstantValue.Value is null)
            {
                return false;
            }

            var value = operation.ConstantValue.Value;
            return (value is int i && i == 0) || (value is long l && l == 0) || (value is uint u && u == 0) || (value is ulong ul && ul == 0);
        }
    }
}
