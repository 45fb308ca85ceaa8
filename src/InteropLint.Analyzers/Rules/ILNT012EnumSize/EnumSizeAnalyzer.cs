using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// ILNT012: a C# enum or integer standing for a C enum (by value, behind <c>ref</c>/pointers, array elements)
    /// whose size differs from the C enum's on some ABI — enums with enumerators beyond 32 bits (8 bytes on
    /// LP64 with GCC/Clang, still 4 with MSVC), packed (<c>-fshort-enums</c>) and C23 typed enums.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1001", Justification = "Runs this rule alone (tests); the compiler host runs it through PInvokeSignatureAnalyzer, which carries the attribute")]
    public sealed class EnumSizeAnalyzer : PInvokeRuleAnalyzer
    {
        public EnumSizeAnalyzer()
            : base(Rule)
        {
        }

        /// <summary>Diagnostic property: the C# integer type with the C enum's size on every ABI (<c>long</c>, <c>uint</c>, …); absent when none.</summary>
        public const string UnderlyingProperty = "Underlying";

        /// <summary>Diagnostic property: present when the C# type is an enum (the fix changes its underlying type, not the parameter).</summary>
        public const string IsEnumProperty = "IsEnum";

        /// <summary>ILNT012's check; <see cref="PInvokeSignatureAnalyzer"/> runs it with the other signature rules on each P/Invoke bound once.</summary>
        internal static readonly PInvokeRule Rule = new PInvokeRule(
            Descriptors.ILNT012,
            (compilation, interop) => (c, method, bound) => AnalyzeMethod(c, interop, bound!));

        private static void AnalyzeMethod(SymbolAnalysisContext context, InteropContext interop, BoundPInvoke bound)
        {
            var method = (IMethodSymbol)context.Symbol;
            var match = bound.Function;

            foreach (var slot in bound.Slots)
            {
                var (element, indirect) = Element(slot);
                if (element is null)
                {
                    continue;
                }

                var wrong = new List<(string Target, long NativeSize, int ManagedSize)>();
                var perAbi = new List<(string Target, CType Type, AbiManifest Abi)>();
                foreach (var (target, type, abi) in slot.Native)
                {
                    var level = indirect ? ValueShapes.Pointee(type) : type;
                    if (level is null || level.Kind != CTypeKind.Enum || level.Size <= 0)
                    {
                        wrong.Clear();
                        break;
                    }

                    var managed = TypeWidths.ManagedIntegerSize(element, target, interop.Types);
                    if (managed is null)
                    {
                        wrong.Clear();
                        break;
                    }

                    perAbi.Add((target, level, abi));
                    if (managed.Value != level.Size)
                    {
                        wrong.Add((target, level.Size, managed.Value));
                    }
                }

                if (wrong.Count > 0)
                {
                    Report(context, slot, match, element, perAbi, wrong);
                }
            }
        }

        private static (ITypeSymbol? Element, bool Indirect) Element(SignatureSlot slot)
        {
            if (slot.RefKind != RefKind.None)
            {
                return (slot.Type, true);
            }

            return slot.Type switch
            {
                IPointerTypeSymbol p => (p.PointedAtType, true),
                IArrayTypeSymbol a => (a.ElementType, true),
                _ => (slot.Type, false),
            };
        }

        private static void Report(SymbolAnalysisContext context, SignatureSlot slot, NativeMatch<FunctionDecl> match, ITypeSymbol element, List<(string Target, CType Type, AbiManifest Abi)> perAbi, List<(string Target, long NativeSize, int ManagedSize)> wrong)
        {
            var c = perAbi[0].Type;
            var isEnum = element.TypeKind == TypeKind.Enum;
            var managedName = element.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            var underlying = isEnum && element is INamedTypeSymbol named && named.EnumUnderlyingType != null
                ? named.EnumUnderlyingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)
                : null;

            var sizes = new SortedDictionary<long, List<string>>();
            foreach (var (target, type, _) in perAbi)
            {
                if (!sizes.TryGetValue(type.Size, out var list))
                {
                    sizes[type.Size] = list = new List<string>();
                }

                list.Add(target);
            }

            string? replacement = null;
            if (sizes.Count == 1)
            {
                replacement = PortableInteger.Exact(c.Size, IsSigned(perAbi))?.Name;
            }

            var sb = new StringBuilder();
            sb.Append(slot.Describe()).Append(" is '").Append(slot.ManagedDisplay()).Append('\'');
            sb.Append(underlying != null ? " (enum : " + underlying + ", " : " (").Append(MessageText.Bytes(wrong[0].ManagedSize)).Append(')');
            sb.Append(" but C enum '").Append(c.DeclName ?? c.Spelling).Append("' (").Append(match.First.Name).Append(", ").Append(MessageText.Where(match.First)).Append(") is ");
            var i = 0;
            foreach (var pair in sizes)
            {
                sb.Append(i++ == 0 ? "" : " and ").Append(MessageText.Bytes(pair.Key));
                if (sizes.Count > 1 || wrong.Count < perAbi.Count)
                {
                    sb.Append(" on ").Append(MessageText.Abis(pair.Value));
                }
            }

            if (replacement != null)
            {
                sb.Append(isEnum ? "; declare the enum ': " + replacement + "'" : "; use '" + replacement + "'");
            }
            else
            {
                sb.Append("; no C# type has its size on every ABI (GCC and Clang widen an enum with enumerators beyond 32 bits, MSVC does not): declare the P/Invoke per OS, or change the C API to a fixed-width integer");
            }

            sb.Append(MessageText.NotChecked(match.NotChecked));
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[DiagnosticProperties.Slot] = DiagnosticProperties.Integer(slot.Index);
            if (replacement != null)
            {
                properties[UnderlyingProperty] = replacement;
            }

            if (isEnum)
            {
                properties[IsEnumProperty] = "true";
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT012, slot.Location, properties.ToImmutable(), sb.ToString()));
        }

        /// <summary>A C enum is signed when its integer type is (MSVC: int; GCC/Clang: unsigned when no enumerator is negative).</summary>
        private static bool IsSigned(List<(string Target, CType Type, AbiManifest Abi)> perAbi)
        {
            foreach (var (_, type, abi) in perAbi)
            {
                var declaration = type.DeclName is null ? null : abi.FindEnum(type.DeclName);
                if (declaration != null ? declaration.IntegerType.IsSigned : type.IsSigned)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
