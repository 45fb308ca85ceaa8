using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace InteropLint.Analyzers
{
    /// <summary>Conditions that test whether a variable holds nothing: on that branch there is nothing to free.</summary>
    internal static class NullChecks
    {
        /// <summary><c>p == IntPtr.Zero</c>, <c>p != null</c>, <c>p is null</c>, <c>!h.IsAllocated</c>: the variable tested, and whether the condition is true when it holds nothing.</summary>
        public static (object? Holder, bool NullWhenTrue) Check(IOperation? condition)
        {
            switch (condition)
            {
                case IUnaryOperation unary when unary.OperatorKind == UnaryOperatorKind.Not:
                    var (holder, nullWhenTrue) = Check(unary.Operand);
                    return (holder, !nullWhenTrue);
                case IPropertyReferenceOperation property when property.Property.Name == "IsAllocated":
                    return (Holder(property.Instance), false);
                case IIsNullOperation isNull:
                    return (Holder(isNull.Operand), true);
                case IIsPatternOperation pattern when pattern.Pattern is IConstantPatternOperation constant && IsNullOrZero(constant.Value):
                    return (Holder(pattern.Value), true);
                case IIsPatternOperation pattern when pattern.Pattern is INegatedPatternOperation { Pattern: IConstantPatternOperation constant } && IsNullOrZero(constant.Value):
                    return (Holder(pattern.Value), false);
                case IBinaryOperation binary when binary.OperatorKind == BinaryOperatorKind.Equals || binary.OperatorKind == BinaryOperatorKind.NotEquals:
                    var tested = IsNullOrZero(binary.RightOperand) ? Holder(binary.LeftOperand) : IsNullOrZero(binary.LeftOperand) ? Holder(binary.RightOperand) : null;
                    return (tested, binary.OperatorKind == BinaryOperatorKind.Equals);
                default:
                    return (null, false);
            }
        }

        private static object? Holder(IOperation? operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                IFlowCaptureReferenceOperation capture => capture.Id,
                _ => null,
            };
        }

        private static bool IsNullOrZero(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            if (operation.ConstantValue.HasValue)
            {
                var value = operation.ConstantValue.Value;
                return value is null || (value is int i && i == 0) || (value is long l && l == 0);
            }

            return operation is IDefaultValueOperation
                || (operation is IFieldReferenceOperation field && field.Field.Name == "Zero"
                    && (field.Field.ContainingType.SpecialType == SpecialType.System_IntPtr || field.Field.ContainingType.SpecialType == SpecialType.System_UIntPtr));
        }
    }
}
