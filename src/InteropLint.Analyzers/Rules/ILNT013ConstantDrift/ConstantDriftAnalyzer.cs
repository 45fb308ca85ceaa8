using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// ILNT013: a C# <c>const</c> or enum member that mirrors a header constant but has another value. A constant
    /// mirrors a <c>#define</c> or an enumerator of exactly its name; an enum member also mirrors the enumerator
    /// whose name without the C enum's common prefix is its name (<c>DemoColor.Blue</c> ↔ <c>DEMO_BLUE</c>), but
    /// only when the C# enum is itself matched to that C enum by name (<c>DemoColor</c> ↔ <c>demo_color</c>).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ConstantDriftAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: the header's value as a C# literal of the constant's type; absent when no single value fits.</summary>
        public const string ValueProperty = "Value";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.ILNT013);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            InteropContext.RegisterStartAction(context, (start, interop) => start.RegisterSymbolAction(c => AnalyzeField(c, interop.Index.Constants), SymbolKind.Field));
        }

        private static void AnalyzeField(SymbolAnalysisContext context, NativeConstants constants)
        {
            var field = (IFieldSymbol)context.Symbol;
            if (!field.HasConstantValue || field.ConstantValue is null)
            {
                return;
            }

            var isEnumMember = field.ContainingType?.TypeKind == TypeKind.Enum;
            var type = isEnumMember ? field.ContainingType!.EnumUnderlyingType : field.Type;
            if (type is null || !TryManaged(field.ConstantValue, out var managed) || Size(type.SpecialType) is not int size)
            {
                return;
            }

            var candidates = constants.Find(field.Name);
            if (candidates.Count == 0 && isEnumMember)
            {
                candidates = FindByStrippedPrefix(field, constants);
            }

            if (candidates.Count == 0)
            {
                return;
            }

            var unsigned = IsUnsigned(type.SpecialType);
            var byTarget = new Dictionary<string, (bool Matches, NativeConstant First)>(StringComparer.Ordinal);
            foreach (var candidate in candidates)
            {
                var matches = SameValue(managed, size, unsigned, candidate.Value);
                byTarget[candidate.Target] = byTarget.TryGetValue(candidate.Target, out var seen)
                    ? (seen.Matches || matches, seen.First)
                    : (matches, candidate);
            }

            var wrong = new List<string>();
            var values = new SortedDictionary<long, List<string>>();
            NativeConstant? first = null;
            foreach (var pair in byTarget)
            {
                first ??= pair.Value.First;
                if (!values.TryGetValue(pair.Value.First.Value, out var list))
                {
                    values[pair.Value.First.Value] = list = new List<string>();
                }

                list.Add(pair.Key);
                if (!pair.Value.Matches)
                {
                    wrong.Add(pair.Key);
                }
            }

            if (wrong.Count == 0 || first is null)
            {
                return;
            }

            var literal = values.Count == 1 ? Literal(first.Value, size, unsigned, IsHex(field, context.CancellationToken)) : null;
            var message = Compose(field, isEnumMember, managed, first, values, wrong, byTarget.Count, literal);
            var properties = literal is null ? ImmutableDictionary<string, string?>.Empty : ImmutableDictionary<string, string?>.Empty.Add(ValueProperty, literal);
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT013, Locate(field, context.CancellationToken), properties, message));
        }

        /// <summary>The enumerators of the C enum matched to the member's C# enum whose name, prefix stripped, is the member's.</summary>
        private static IReadOnlyList<NativeConstant> FindByStrippedPrefix(IFieldSymbol member, NativeConstants constants)
        {
            var cEnums = constants.FindEnum(member.ContainingType.Name);
            if (cEnums.Count == 0)
            {
                return Array.Empty<NativeConstant>();
            }

            var wanted = NativeConstants.Normalize(member.Name);
            var found = new List<NativeConstant>();
            foreach (var (target, e) in cEnums)
            {
                var prefix = NativeConstants.CommonPrefix(e);
                foreach (var enumerator in e.Enumerators)
                {
                    if (NativeConstants.Normalize(enumerator.Name.Substring(prefix.Length)) == wanted)
                    {
                        found.Add(new NativeConstant(target, enumerator.Name, enumerator.Value, e, e, null));
                        break;
                    }
                }
            }

            return found;
        }

        private static string Compose(IFieldSymbol field, bool isEnumMember, long managed, NativeConstant first, SortedDictionary<long, List<string>> values, List<string> wrong, int found, string? literal)
        {
            var sb = new StringBuilder();
            sb.Append(isEnumMember ? "enum member '" + field.ContainingType.Name + "." + field.Name + "'" : "constant '" + field.Name + "'")
                .Append(" is ").Append(managed.ToString(CultureInfo.InvariantCulture)).Append(" but the header's ");
            if (first.Owner != null)
            {
                sb.Append("enumerator ").Append(first.Name).Append(" of '").Append(first.Owner.Name).Append("' (").Append(MessageText.Where(first.Where)).Append(')');
            }
            else
            {
                sb.Append("#define ").Append(first.Name).Append(" (").Append(MessageText.Where(first.Where)).Append(')');
            }

            sb.Append(" is ");
            var i = 0;
            foreach (var pair in values)
            {
                sb.Append(i++ == 0 ? "" : " and ").Append(pair.Key.ToString(CultureInfo.InvariantCulture));
                if (values.Count > 1 || wrong.Count < found)
                {
                    sb.Append(" on ").Append(MessageText.Abis(pair.Value));
                }
            }

            if (literal != null)
            {
                sb.Append("; use ").Append(literal);
            }
            else if (values.Count > 1)
            {
                sb.Append("; the value differs between ABIs, so no single C# constant is right");
            }
            else
            {
                sb.Append("; the header's value does not fit the C# type");
            }

            return sb.ToString();
        }

        private static Location Locate(IFieldSymbol field, System.Threading.CancellationToken cancellationToken)
        {
            foreach (var reference in field.DeclaringSyntaxReferences)
            {
                switch (reference.GetSyntax(cancellationToken))
                {
                    case VariableDeclaratorSyntax declarator:
                        return declarator.Initializer?.Value.GetLocation() ?? declarator.Identifier.GetLocation();
                    case EnumMemberDeclarationSyntax member:
                        return member.EqualsValue?.Value.GetLocation() ?? member.Identifier.GetLocation();
                }
            }

            return field.Locations.Length > 0 ? field.Locations[0] : Location.None;
        }

        private static bool IsHex(IFieldSymbol field, System.Threading.CancellationToken cancellationToken)
        {
            foreach (var reference in field.DeclaringSyntaxReferences)
            {
                var value = reference.GetSyntax(cancellationToken) switch
                {
                    VariableDeclaratorSyntax d => d.Initializer?.Value,
                    EnumMemberDeclarationSyntax m => m.EqualsValue?.Value,
                    _ => null,
                };
                return value != null && value.ToString().StartsWith("0x", StringComparison.OrdinalIgnoreCase);
            }

            return false;
        }

        /// <summary>The header's value as a literal of the C# type, or null when it does not fit.</summary>
        private static string? Literal(long value, int size, bool unsigned, bool hex)
        {
            var bits = size * 8;
            if (unsigned)
            {
                if (value < 0)
                {
                    if (size == 8 || value < -(1L << (bits - 1)))
                    {
                        return size == 8 ? Format(unchecked((ulong)value), hex) : null;
                    }

                    value &= (1L << bits) - 1;
                }
                else if (size < 8 && value >= 1L << bits)
                {
                    return null;
                }

                return Format(unchecked((ulong)value), hex);
            }

            if (size < 8 && (value < -(1L << (bits - 1)) || value >= 1L << (bits - 1)))
            {
                return null;
            }

            return value < 0 ? "-" + Format(unchecked((ulong)(-value)), hex) : Format((ulong)value, hex);
        }

        private static string Format(ulong value, bool hex) =>
            hex ? "0x" + value.ToString("X", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);

        /// <summary>Equal as integers, or equal in the C# type's width (<c>const uint X = 0xFFFFFFFF</c> for <c>#define X (-1)</c>).</summary>
        private static bool SameValue(long managed, int size, bool unsigned, long native)
        {
            if (managed == native)
            {
                return true;
            }

            if (size >= 8)
            {
                return false;
            }

            var bits = size * 8;
            var fits = native >= -(1L << (bits - 1)) && native < 1L << bits;
            var mask = (1L << bits) - 1;
            return fits && (managed & mask) == (native & mask);
        }

        private static bool TryManaged(object value, out long result)
        {
            switch (value)
            {
                case int i: result = i; return true;
                case uint u: result = u; return true;
                case long l: result = l; return true;
                case ulong ul: result = unchecked((long)ul); return true;
                case short s: result = s; return true;
                case ushort us: result = us; return true;
                case byte b: result = b; return true;
                case sbyte sb: result = sb; return true;
                default: result = 0; return false;
            }
        }

        private static int? Size(SpecialType type) => type switch
        {
            SpecialType.System_SByte or SpecialType.System_Byte => 1,
            SpecialType.System_Int16 or SpecialType.System_UInt16 => 2,
            SpecialType.System_Int32 or SpecialType.System_UInt32 => 4,
            SpecialType.System_Int64 or SpecialType.System_UInt64 => 8,
            _ => null,
        };

        private static bool IsUnsigned(SpecialType type) =>
            type == SpecialType.System_Byte || type == SpecialType.System_UInt16 || type == SpecialType.System_UInt32 || type == SpecialType.System_UInt64;
    }
}
