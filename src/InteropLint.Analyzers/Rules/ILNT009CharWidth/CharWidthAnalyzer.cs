using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using InteropLint.Analyzers.Infrastructure;
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
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CharWidthAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: the slot (<c>-1</c> return, else parameter index).</summary>
        public const string SlotProperty = "Slot";

        /// <summary>Diagnostic property: present when <c>[MarshalAs(UnmanagedType.LPUTF8Str)]</c> is the fix (C is <c>char*</c>).</summary>
        public const string Utf8Property = "Utf8";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.ILNT009);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var interop = InteropContext.Create(start.Compilation, start.Options, start.CancellationToken);
                if (interop is null)
                {
                    return;
                }

                var marshallingDisabled = MarshalAsInfo.RuntimeMarshallingDisabled(start.Compilation);
                start.RegisterSymbolAction(c => AnalyzeMethod(c, interop, marshallingDisabled), SymbolKind.Method);
            });
        }

        private static void AnalyzeMethod(SymbolAnalysisContext context, InteropContext interop, bool marshallingDisabled)
        {
            var method = (IMethodSymbol)context.Symbol;
            var bound = interop.Bind(method);
            if (bound is null)
            {
                return;
            }

            var pinvoke = bound.PInvoke;
            var match = bound.Function;

            foreach (var slot in bound.Slots)
            {
                var marshalAs = slot.IsReturn ? MarshalAsInfo.OfReturn(method, interop.Types.MarshalAs) : MarshalAsInfo.Of(slot.Parameter!, interop.Types.MarshalAs);
                var (element, indirect, isText, blittable) = Element(slot, interop.Types);
                if (element is null)
                {
                    continue;
                }

                var wrong = new List<(string Target, long NativeSize, int ManagedSize)>();
                CType? first = null;
                var how = "";
                var firstHow = "";
                foreach (var (target, type, _) in slot.Native)
                {
                    var level = indirect ? NativeShapes.Pointee(type) : type;
                    if (level is null)
                    {
                        wrong.Clear();
                        break;
                    }

                    var shape = NativeShapes.Of(level);
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
                        : UnitWidth(pinvoke, marshalAs, isText, target, out how);
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

            if (NativeShapes.Of(type, RefKind.None, types) == ValueShape.Text)
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

        /// <summary>The code unit width the marshaller uses for a string or a char on an ABI, and how the user asked for it.</summary>
        private static int? UnitWidth(PInvokeMethod pinvoke, MarshalAsInfo marshalAs, bool isText, string target, out string how)
        {
            switch (marshalAs.Value)
            {
                case MarshalAsInfo.LPStr:
                    how = "1-byte ANSI ([MarshalAs(UnmanagedType.LPStr)])";
                    return 1;
                case MarshalAsInfo.LPUTF8Str:
                    how = "UTF-8 ([MarshalAs(UnmanagedType.LPUTF8Str)])";
                    return 1;
                case MarshalAsInfo.LPWStr:
                    how = "UTF-16 ([MarshalAs(UnmanagedType.LPWStr)])";
                    return 2;
                case MarshalAsInfo.LPTStr:
                    how = "UTF-16 ([MarshalAs(UnmanagedType.LPTStr)])";
                    return 2;
                case MarshalAsInfo.U1:
                case MarshalAsInfo.I1:
                    how = "1 byte ([MarshalAs(UnmanagedType." + MarshalAsInfo.Name(marshalAs.Value.Value) + ")])";
                    return isText ? (int?)null : 1;
                case MarshalAsInfo.U2:
                case MarshalAsInfo.I2:
                    how = "2 bytes ([MarshalAs(UnmanagedType." + MarshalAsInfo.Name(marshalAs.Value.Value) + ")])";
                    return isText ? (int?)null : 2;
                case null:
                    break;
                default:
                    how = "";
                    return null;
            }

            if (pinvoke.IsLibraryImport)
            {
                how = pinvoke.StringMarshalling == 1 ? "UTF-8 (StringMarshalling.Utf8)" : "UTF-16 (StringMarshalling.Utf16)";
                return pinvoke.StringMarshalling == 1 ? 1 : pinvoke.StringMarshalling == 2 ? 2 : (int?)null;
            }

            switch (pinvoke.CharSet)
            {
                case CharSet.Unicode:
                    how = "UTF-16 (CharSet.Unicode)";
                    return 2;
                case CharSet.Auto:
                    how = AbiTargets.IsWindows(target) ? "UTF-16 (CharSet.Auto on Windows)" : "1-byte UTF-8 (CharSet.Auto off Windows)";
                    return AbiTargets.IsWindows(target) ? 2 : 1;
                default:
                    how = "1-byte ANSI/UTF-8 (CharSet.Ansi, DllImport's default)";
                    return 1;
            }
        }

        private static void Report(SymbolAnalysisContext context, SignatureSlot slot, NativeMatch<FunctionDecl> match, List<(string Target, long NativeSize, int ManagedSize)> wrong, bool isText, string how, IReadOnlyList<(string Target, CType Type, AbiManifest Abi)> native)
        {
            var c = native[0].Type;
            var wide = false;
            var sizes = new SortedDictionary<long, List<string>>();
            foreach (var (target, type, _) in native)
            {
                var level = NativeShapes.Pointee(type) ?? type;
                wide |= NativeShapes.Of(level) == ValueShape.WideCharacter;
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
            properties[SlotProperty] = slot.Index.ToString(CultureInfo.InvariantCulture);
            if (utf8)
            {
                properties[Utf8Property] = "true";
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT009, slot.Location, properties.ToImmutable(), sb.ToString()));
        }
    }
}
