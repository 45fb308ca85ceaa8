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
    /// ILNT008: a C# <c>bool</c> marshalled with a width the C type does not have — DllImport's default 4-byte
    /// BOOL (or <c>UnmanagedType.Bool</c>) against a 1-byte C <c>bool</c>/<c>lzma_bool</c>, <c>U1</c>/<c>I1</c>
    /// against a 4-byte <c>int</c>/<c>BOOL</c>, LibraryImport's <c>bool</c> without <c>[MarshalAs]</c>, and an
    /// integer wider than a C <c>bool</c> return value. By value, behind <c>ref</c>/<c>out</c>/<c>in</c>, and array elements.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1001", Justification = "Runs this rule alone (tests); the compiler host runs it through PInvokeSignatureAnalyzer, which carries the attribute")]
    public sealed class BoolWidthAnalyzer : PInvokeRuleAnalyzer
    {
        public BoolWidthAnalyzer()
            : base(Rule)
        {
        }

        /// <summary>Diagnostic property: the <c>UnmanagedType</c> member to use (<c>U1</c>, <c>I1</c>, <c>Bool</c>), absent when no fix is safe.</summary>
        public const string MarshalAsProperty = "MarshalAs";

        /// <summary>Diagnostic property: present when the bool is an array element (the fix sets <c>ArraySubType</c>).</summary>
        public const string ArrayProperty = "Array";

        /// <summary>ILNT008's check; <see cref="PInvokeSignatureAnalyzer"/> runs it with the other signature rules on each P/Invoke bound once.</summary>
        internal static readonly PInvokeRule Rule = new PInvokeRule(
            Descriptors.ILNT008,
            (compilation, interop) => (c, method, bound) => AnalyzeMethod(c, interop, bound!, interop.Marshalling));

        private static void AnalyzeMethod(SymbolAnalysisContext context, InteropContext interop, BoundPInvoke bound, MarshallingInfoParser marshalling)
        {
            var method = (IMethodSymbol)context.Symbol;
            var pinvoke = bound.PInvoke;
            var match = bound.Function;

            foreach (var slot in bound.Slots)
            {
                var element = slot.Type;
                var isArray = false;
                var indirect = slot.RefKind != RefKind.None;
                if (!indirect && slot.Type is IArrayTypeSymbol array)
                {
                    element = array.ElementType;
                    isArray = indirect = true;
                }

                var native = NativeAt(slot.Native, indirect);
                if (native is null)
                {
                    continue;
                }

                if (element.SpecialType == SpecialType.System_Boolean)
                {
                    var info = slot.IsReturn ? marshalling.Return(pinvoke) : marshalling.Parameter(pinvoke, slot.Parameter!);
                    CheckBool(context, slot, match, native, info, isArray);
                }
                else if (slot.IsReturn && !indirect)
                {
                    CheckIntegerForBoolReturn(context, slot, match, native, interop.Types);
                }
            }
        }

        private static void CheckBool(SymbolAnalysisContext context, SignatureSlot slot, NativeMatch<FunctionDecl> match, List<(string Target, CType Type)> native, MarshallingInfo info, bool isArray)
        {
            var blittableBool = info.RuntimeMarshallingDisabled && !info.IsLibraryImport;
            var given = isArray ? info.ArraySubType : info.MarshalAs;
            var managedWidth = info.BoolWidth;
            if (info.HasForeignBoolMarshalAs)
            {
                return; // an UnmanagedType that is not a bool's: the runtime rejects it, not our business
            }

            // A by-value argument wider than the C bool is read from its low byte, which holds 0 or 1: right on every ABI.
            // (Returns, pointers and fields are not: there the wider side reads bytes the narrower never wrote.)
            var byValueArgument = !slot.IsReturn && !isArray && slot.RefKind == RefKind.None;

            List<string>? wrong = null;
            long wrongSize = 0;
            var sizes = new HashSet<long>();
            foreach (var (target, type) in native)
            {
                sizes.Add(type.Size);
                if (managedWidth is null || (type.Size != managedWidth.Value && !(byValueArgument && managedWidth.Value > type.Size)))
                {
                    (wrong ??= new List<string>()).Add(target);
                    wrongSize = type.Size;
                }
            }

            if (wrong is null)
            {
                return;
            }

            var c = native[0].Type;
            string? replacement = null;
            if (sizes.Count == 1 && !blittableBool)
            {
                replacement = c.Size == 1 ? (c.Kind == CTypeKind.Char && c.IsSigned && !ValueShapes.IsFlagTypedef(c) ? "I1" : "U1")
                    : c.Size == 4 ? "Bool"
                    : null;
            }

            var sb = new StringBuilder();
            sb.Append(slot.Describe()).Append(isArray ? " has 'bool' elements" : " is '" + slot.ManagedDisplay() + "'");
            sb.Append(managedWidth is null ? " without [MarshalAs], which LibraryImport does not marshal" : " marshalled as " + How(managedWidth.Value, given, blittableBool));
            sb.Append(", but C '").Append(c.Spelling).Append("' (").Append(match.First.Name).Append(", ").Append(MessageText.Where(match.First)).Append(") is ")
                .Append(MessageText.Bytes(wrongSize));
            if (wrong.Count < native.Count)
            {
                sb.Append(" on ").Append(MessageText.Abis(wrong));
            }

            if (slot.IsReturn && managedWidth > wrongSize)
            {
                sb.Append(" (C sets only the low byte of the return register; the rest is garbage)");
            }

            if (replacement != null)
            {
                sb.Append("; use ").Append(isArray ? "[MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType." + replacement + ")]" : "[MarshalAs(UnmanagedType." + replacement + ")]");
            }
            else if (blittableBool && wrongSize == 4)
            {
                sb.Append("; runtime marshalling is disabled, so declare it 'int'");
            }
            else
            {
                sb.Append("; no bool marshalling has this width on every ABI: declare the exact integer type");
            }

            sb.Append(MessageText.NotChecked(match.NotChecked));
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[DiagnosticProperties.Slot] = DiagnosticProperties.Integer(slot.Index);
            if (replacement != null)
            {
                properties[MarshalAsProperty] = replacement;
            }

            if (isArray)
            {
                properties[ArrayProperty] = "true";
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT008, slot.Location, properties.ToImmutable(), sb.ToString()));
        }

        /// <summary>An <c>int</c> return for a C <c>bool</c>: C sets AL only. (A 1-byte flag typedef is an integer to ILNT001.)</summary>
        private static void CheckIntegerForBoolReturn(SymbolAnalysisContext context, SignatureSlot slot, NativeMatch<FunctionDecl> match, List<(string Target, CType Type)> native, InteropTypes types)
        {
            List<string>? wrong = null;
            var managed = 0;
            foreach (var (target, type) in native)
            {
                if (type.Kind != CTypeKind.Bool)
                {
                    return;
                }

                var size = TypeWidths.ManagedIntegerSize(slot.Type, target, types);
                if (size is null)
                {
                    return;
                }

                if (size.Value != type.Size)
                {
                    (wrong ??= new List<string>()).Add(target);
                    managed = size.Value;
                }
            }

            if (wrong is null)
            {
                return;
            }

            var c = native[0].Type;
            var message = slot.Describe() + " is '" + slot.ManagedDisplay() + "' (" + MessageText.Bytes(managed) + ") but C '" + c.Spelling + "' ("
                + match.First.Name + ", " + MessageText.Where(match.First) + ") is " + MessageText.Bytes(c.Size)
                + ": C sets only the low byte of the return register, the rest is garbage; declare 'byte', or 'bool' with [return: MarshalAs(UnmanagedType.U1)]"
                + MessageText.NotChecked(match.NotChecked);
            var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Slot, DiagnosticProperties.Integer(slot.Index));
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT008, slot.Location, properties, message));
        }

        /// <summary>The C type at the level the bool stands for on each ABI, or null when that level is not an integer-like scalar.</summary>
        private static List<(string Target, CType Type)>? NativeAt(IReadOnlyList<(string Target, CType Type, AbiManifest Abi)> slot, bool indirect)
        {
            var result = new List<(string, CType)>(slot.Count);
            foreach (var (target, type, _) in slot)
            {
                var level = indirect ? ValueShapes.Pointee(type) : type;
                if (level is null)
                {
                    return null;
                }

                var shape = ValueShapes.Of(level);
                if (!(shape == ValueShape.Bool || shape == ValueShape.Character || shape == ValueShape.Integer) || level.Size <= 0)
                {
                    return null; // enums, wide characters, floats, pointers, records: other rules
                }

                result.Add((target, level));
            }

            return result.Count == 0 ? null : result;
        }

        private static string How(int width, UnmanagedType? given, bool blittable)
        {
            if (blittable)
            {
                return "1 byte (runtime marshalling is disabled)";
            }

            return given is null
                ? "a 4-byte Win32 BOOL (DllImport's default)"
                : MessageText.Bytes(width) + " ([MarshalAs(UnmanagedType." + MarshallingInfo.Name(given.Value) + ")])";
        }
    }
}
