using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// ILNT009: character width and charset. A string or character marshalled with a code unit whose width
    /// differs from the C character type — UTF-16 (<c>CharSet.Unicode</c>, <c>LPWStr</c>, <c>Utf16</c>) against
    /// <c>char*</c> on every ABI, anything against <c>wchar_t</c> (2 bytes on Windows, 4 on Unix), and C#
    /// <c>char</c>/<c>char*</c>/<c>ushort</c> against <c>char</c> or <c>wchar_t</c>.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1001", Justification = "Runs this rule alone (tests); the compiler host runs it through PInvokeSignatureAnalyzer, which carries the attribute")]
    public sealed class CharWidthAnalyzer : PInvokeRuleAnalyzer
    {
        public CharWidthAnalyzer()
            : base(Rule)
        {
        }

        /// <summary>Diagnostic property: present when <c>[MarshalAs(UnmanagedType.LPUTF8Str)]</c> is the fix (C is <c>char*</c>).</summary>
        public const string Utf8Property = "Utf8";

        /// <summary>ILNT009's check; <see cref="PInvokeSignatureAnalyzer"/> runs it with the other signature rules on each P/Invoke bound once.</summary>
        internal static readonly PInvokeRule Rule = new PInvokeRule(
            Descriptors.ILNT009,
            (compilation, interop) => (c, method, bound) => AnalyzeMethod(c, interop, bound!, interop.Marshalling));

        private static void AnalyzeMethod(SymbolAnalysisContext context, InteropContext interop, BoundPInvoke bound, MarshallingInfoParser marshalling)
        {
            var marshallingDisabled = marshalling.RuntimeMarshallingDisabled;
            var method = (IMethodSymbol)context.Symbol;
            var pinvoke = bound.PInvoke;
            var match = bound.Function;

            foreach (var slot in bound.Slots)
            {
                var (element, indirect, isText, blittable) = Element(slot, interop.Types);
                if (element is null)
                {
                    continue;
                }

                var info = slot.IsReturn ? marshalling.Return(pinvoke) : marshalling.Parameter(pinvoke, slot.Parameter!);

                var wrong = new List<(string Target, long NativeSize, int ManagedSize)>();
                CType? first = null;
                var how = "";
                var firstHow = "";
                foreach (var (target, type, _) in slot.Native)
                {
                    var level = indirect ? ValueShapes.Pointee(type) : type;
                    if (level is null)
                    {
                        wrong.Clear();
                        break;
                    }

                    var shape = ValueShapes.Of(level);
                    var isCharacter = shape == ValueShape.Character || shape == ValueShape.WideCharacter;
                    if (!isCharacter && !(shape == ValueShape.Integer && !isText && element.SpecialType == SpecialType.System_Char))
                    {
                        wrong.Clear();
                        break; // void*, records, integers: other rules (an integer is ILNT001's unless C# says char)
                    }

                    if (!isText && element.SpecialType != SpecialType.System_Char && shape != ValueShape.WideCharacter)
                    {
                        continue; // ushort against char is ILNT001's
                    }

                    var notMarshalled = blittable || (!isText && (element.SpecialType != SpecialType.System_Char || marshallingDisabled));
                    var managed = notMarshalled
                        ? ManagedBlittableSize(element, target, interop.Types)
                        : UnitWidth(info, target, out how);
                    if (managed is null || level.Size <= 0)
                    {
                        continue;
                    }

                    first ??= level;
                    if (managed.Value != level.Size)
                    {
                        if (wrong.Count == 0)
                        {
                            firstHow = how;
                        }

                        wrong.Add((target, level.Size, managed.Value));
                    }
                }

                if (wrong.Count == 0 || first is null)
                {
                    continue;
                }

                var asIs = blittable || (!isText && (element.SpecialType != SpecialType.System_Char || marshallingDisabled));
                Report(context, slot, match, wrong, isText, asIs ? "" : firstHow, slot.Native);
            }
        }

        /// <summary>The C# type that stands for one C character at this slot, and whether it is behind a pointer.</summary>
        private static (ITypeSymbol? Element, bool Indirect, bool IsText, bool Blittable) Element(SignatureSlot slot, InteropTypes types)
        {
            var type = slot.Type;
            if (slot.RefKind != RefKind.None)
            {
                return IsCharLike(type) ? (type, true, false, false) : (null, false, false, false);
            }

            if (ValueShapes.Of(type, RefKind.None, types) == ValueShape.Text)
            {
                return (types.Compilation.GetSpecialType(SpecialType.System_Char), true, true, false);
            }

            switch (type)
            {
                case IPointerTypeSymbol pointer when IsCharLike(pointer.PointedAtType):
                    return (pointer.PointedAtType, true, false, true);
                case IArrayTypeSymbol array when IsCharLike(array.ElementType):
                    return (array.ElementType, true, false, false);
            }

            return IsCharLike(type) ? (type, false, false, false) : (null, false, false, false);
        }

        private static bool IsCharLike(ITypeSymbol type) =>
            type.SpecialType == SpecialType.System_Char || type.SpecialType == SpecialType.System_UInt16 || type.SpecialType == SpecialType.System_Int16
            || type.SpecialType == SpecialType.System_UInt32 || type.SpecialType == SpecialType.System_Int32
            || type.SpecialType == SpecialType.System_Byte || type.SpecialType == SpecialType.System_SByte;

        private static int? ManagedBlittableSize(ITypeSymbol element, string target, InteropTypes types) =>
            element.SpecialType == SpecialType.System_Char ? 2 : TypeWidths.ManagedIntegerSize(element, target, types);

        /// <summary>The code unit width the marshaller uses for a string or a char on an ABI (from the shared model), and how the user asked for it.</summary>
        private static int? UnitWidth(MarshallingInfo info, string target, out string how)
        {
            var width = info.CodeUnitWidth(target);
            how = "";
            if (width is null)
            {
                return null;
            }

            var given = info.Element != null ? info.ArraySubType : info.MarshalAs;
            switch (info.Encoding)
            {
                case TextEncoding.Auto:
                    how = AbiTargets.IsWindows(target) ? "UTF-16 (CharSet.Auto on Windows)" : "1-byte UTF-8 (CharSet.Auto off Windows)";
                    break;
                case TextEncoding.Ansi when given is null:
                    how = "1-byte ANSI/UTF-8 (" + info.EncodingSource + ")";
                    break;
                case TextEncoding.Ansi when given == UnmanagedType.LPStr:
                    how = "1-byte ANSI (" + info.EncodingSource + ")";
                    break;
                case TextEncoding.Utf8:
                    how = "UTF-8 (" + info.EncodingSource + ")";
                    break;
                case TextEncoding.Utf16 when given != UnmanagedType.U2 && given != UnmanagedType.I2:
                    how = "UTF-16 (" + info.EncodingSource + ")";
                    break;
                default:
                    how = MessageText.Bytes(width.Value) + " (" + info.EncodingSource + ")"; // [MarshalAs(U1/I1/U2/I2)] on a char
                    break;
            }

            return width;
        }

        private static void Report(SymbolAnalysisContext context, SignatureSlot slot, NativeMatch<FunctionDecl> match, List<(string Target, long NativeSize, int ManagedSize)> wrong, bool isText, string how, IReadOnlyList<(string Target, CType Type, AbiManifest Abi)> native)
        {
            var c = native[0].Type;
            var wide = false;
            var sizes = new SortedDictionary<long, List<string>>();
            foreach (var (target, type, _) in native)
            {
                var level = ValueShapes.Pointee(type) ?? type;
                wide |= ValueShapes.Of(level) == ValueShape.WideCharacter;
                if (!sizes.TryGetValue(level.Size, out var list))
                {
                    sizes[level.Size] = list = new List<string>();
                }

                list.Add(target);
            }

            var sb = new StringBuilder();
            sb.Append(slot.Describe()).Append(" is '").Append(slot.ManagedDisplay()).Append('\'');
            if (how.Length == 0)
            {
                sb.Append(" (").Append(wrong[0].ManagedSize.ToString(CultureInfo.InvariantCulture)).Append("-byte units, passed as they are)");
            }
            else
            {
                sb.Append(" marshalled as ").Append(how);
            }

            if (sizes.Count == 1 && wrong.Count < native.Count)
            {
                sb.Append(" on ").Append(MessageText.Abis(wrong.ConvertAll(w => w.Target)));
            }

            sb.Append(" but C '").Append(c.Spelling).Append("' (").Append(match.First.Name).Append(", ").Append(MessageText.Where(match.First)).Append(") has ");
            var i = 0;
            foreach (var pair in sizes)
            {
                sb.Append(i++ == 0 ? "" : " and ").Append(pair.Key.ToString(CultureInfo.InvariantCulture)).Append("-byte characters");
                if (sizes.Count > 1)
                {
                    sb.Append(" on ").Append(MessageText.Abis(pair.Value));
                }
            }

            var utf8 = isText && !wide && sizes.Count == 1 && sizes.ContainsKey(1);
            if (utf8)
            {
                sb.Append("; use [MarshalAs(UnmanagedType.LPUTF8Str)]");
            }
            else if (wide)
            {
                sb.Append("; no string or char marshalling is right on every ABI (wchar_t is UTF-16 on Windows and UTF-32 on Unix): pass a pointer to a buffer encoded per OS, or use a char*/char16_t* API");
            }
            else
            {
                sb.Append("; declare the C# type with the C character's width");
            }

            sb.Append(MessageText.NotChecked(match.NotChecked));
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[DiagnosticProperties.Slot] = DiagnosticProperties.Integer(slot.Index);
            if (utf8)
            {
                properties[Utf8Property] = "true";
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT009, slot.Location, properties.ToImmutable(), sb.ToString()));
        }
    }
}
