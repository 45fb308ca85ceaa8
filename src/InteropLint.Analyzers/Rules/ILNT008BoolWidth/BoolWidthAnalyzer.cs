using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using InteropLint.Analyzers.Infrastructure;
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
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class BoolWidthAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: the slot (<c>-1</c> return, else parameter index).</summary>
        public const string SlotProperty = "Slot";

        /// <summary>Diagnostic property: the <c>UnmanagedType</c> member to use (<c>U1</c>, <c>I1</c>, <c>Bool</c>), absent when no fix is safe.</summary>
        public const string MarshalAsProperty = "MarshalAs";

        /// <summary>Diagnostic property: present when the bool is an array element (the fix sets <c>ArraySubType</c>).</summary>
        public const string ArrayProperty = "Array";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.ILNT008);

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
                    var marshalAs = slot.IsReturn ? MarshalAsInfo.OfReturn(method, interop.Types.MarshalAs) : MarshalAsInfo.Of(slot.Parameter!, interop.Types.MarshalAs);
                    CheckBool(context, slot, match, native, marshalAs, isArray, pinvoke.IsLibraryImport, marshallingDisabled && !pinvoke.IsLibraryImport);
                }
                else if (slot.IsReturn && !indirect)
                {
                    CheckIntegerForBoolReturn(context, slot, match, native, interop.Types);
                }
            }
        }

        private static void CheckBool(SymbolAnalysisContext context, SignatureSlot slot, NativeMatch<FunctionDecl> match, List<(string Target, CType Type)> native, MarshalAsInfo marshalAs, bool isArray, bool isLibraryImport, bool blittableBool)
        {
            var given = isArray ? marshalAs.ArraySubType : marshalAs.Value;
            int? managedWidth = blittableBool ? 1 : given switch
            {
                MarshalAsInfo.U1 or MarshalAsInfo.I1 => 1,
                MarshalAsInfo.VariantBool or MarshalAsInfo.I2 or MarshalAsInfo.U2 => 2,
                MarshalAsInfo.Bool or 7 or 8 => 4, // Bool, I4, U4
                null => isLibraryImport ? (int?)null : 4,
                _ => -1,
            };
            if (managedWidth == -1)
            {
                return; // an UnmanagedType that is not a bool's: the runtime rejects it, not our business
            }

            List<string>? wrong = null;
            long wrongSize = 0;
            var sizes = new HashSet<long>();
            foreach (var (target, type) in native)
            {
                sizes.Add(type.Size);
                if (managedWidth is null || type.Size != managedWidth.Value)
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
                replacement = c.Size == 1 ? (c.Kind == CTypeKind.Char && c.IsSigned && !NativeShapes.IsFlagTypedef(c) ? "I1" : "U1")
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
            properties[SlotProperty] = slot.Index.ToString(CultureInfo.InvariantCulture);
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
            var properties = ImmutableDictionary<string, string?>.Empty.Add(SlotProperty, slot.Index.ToString(CultureInfo.InvariantCulture));
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT008, slot.Location, properties, message));
        }

        /// <summary>The C type at the level the bool stands for on each ABI, or null when that level is not an integer-like scalar.</summary>
        private static List<(string Target, CType Type)>? NativeAt(IReadOnlyList<(string Target, CType Type, AbiManifest Abi)> slot, bool indirect)
        {
            var result = new List<(string, CType)>(slot.Count);
            foreach (var (target, type, _) in slot)
            {
                var level = indirect ? NativeShapes.Pointee(type) : type;
                if (level is null)
                {
                    return null;
                }

                var shape = NativeShapes.Of(level);
                if (!(shape == ValueShape.Bool || shape == ValueShape.Character || shape == ValueShape.Integer) || level.Size <= 0)
                {
                    return null; // enums, wide characters, floats, pointers, records: other rules
                }

                result.Add((target, level));
            }

            return result.Count == 0 ? null : result;
        }

        private static string How(int width, short? given, bool blittable)
        {
            if (blittable)
            {
                return "1 byte (runtime marshalling is disabled)";
            }

            return given is null
                ? "a 4-byte Win32 BOOL (DllImport's default)"
                : MessageText.Bytes(width) + " ([MarshalAs(UnmanagedType." + MarshalAsInfo.Name(given.Value) + ")])";
        }
    }
}
