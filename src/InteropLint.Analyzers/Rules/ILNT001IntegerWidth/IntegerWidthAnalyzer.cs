using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// ILNT001: an integer or pointer-sized C# type whose width differs from the C type's on some ABI —
    /// by value, and behind <c>ref</c>/<c>out</c>/<c>in</c>, pointers and arrays.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1001", Justification = "Runs this rule alone (tests); the compiler host runs it through PInvokeSignatureAnalyzer, which carries the attribute")]
    public sealed class IntegerWidthAnalyzer : PInvokeRuleAnalyzer
    {
        public IntegerWidthAnalyzer()
            : base(Rule)
        {
        }

        /// <summary>Diagnostic property: how many indirections deep the wrong width is (0 the value, 1 behind ref/pointer).</summary>
        public const string DepthProperty = "Depth";

        /// <summary>Diagnostic property: the C# type that is right on every ABI checked, or absent.</summary>
        public const string ReplacementProperty = "Replacement";

        /// <summary>ILNT001's check; <see cref="PInvokeSignatureAnalyzer"/> runs it with the other signature rules on each P/Invoke bound once.</summary>
        internal static readonly PInvokeRule Rule = new PInvokeRule(
            Descriptors.ILNT001,
            (compilation, interop) => (c, method, bound) => AnalyzeMethod(c, interop, bound!));

        private static void AnalyzeMethod(SymbolAnalysisContext context, InteropContext interop, BoundPInvoke bound)
        {
            var method = (IMethodSymbol)context.Symbol;
            var pinvoke = bound.PInvoke;
            var match = bound.Function;

            if (!pinvoke.IsLibraryImport && (method.MethodImplementationFlags & System.Reflection.MethodImplAttributes.PreserveSig) == 0)
            {
                return; // the C function returns HRESULT and takes the result as a last pointer: another shape
            }

            foreach (var slot in bound.Slots)
            {
                var mismatch = FindMismatch(slot.Type, slot.RefKind, slot.Native, interop.Types, 0);
                if (mismatch is null || IsBufferWithLength(mismatch, slot, match.First))
                {
                    continue;
                }

                var replacement = ChooseReplacement(mismatch, interop.Types, out var replacementNote);
                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                properties[DiagnosticProperties.Slot] = DiagnosticProperties.Integer(slot.Index);
                properties[DepthProperty] = mismatch.Depth.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (replacement != null)
                {
                    properties[ReplacementProperty] = replacement;
                }

                var message = Compose(slot, match, mismatch, replacement, replacementNote);
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT001, slot.Location, properties.ToImmutable(), message));
            }
        }

        /// <summary>The first level of indirection at which the widths differ, with the ABIs where they do.</summary>
        internal static WidthMismatch? FindMismatch(ITypeSymbol type, RefKind refKind, IReadOnlyList<(string Target, CType Type, AbiManifest Abi)> native, InteropTypes types, int depth)
        {
            if (depth > 8 || native.Count == 0)
            {
                return null;
            }

            if (depth == 0 && refKind == RefKind.None && type is IPointerTypeSymbol { PointedAtType.SpecialType: SpecialType.System_Void }
                && native.All(n => TypeWidths.IsPlainInteger(n.Type)))
            {
                // void* for an integer handle such as pthread_t: the same register class, so only the width can differ.
                List<(string Target, long NativeSize, int ManagedSize)>? wrongWidth = null;
                foreach (var (target, cType, _) in native)
                {
                    var pointerSize = AbiTargets.PointerSize(target);
                    if (cType.Size > 0 && cType.Size != pointerSize)
                    {
                        (wrongWidth ??= new List<(string, long, int)>()).Add((target, cType.Size, pointerSize));
                    }
                }

                return wrongWidth is null ? null : new WidthMismatch(depth, type, native, wrongWidth);
            }

            var inner = refKind != RefKind.None
                ? type
                : type is IPointerTypeSymbol pointer ? pointer.PointedAtType
                : type is IArrayTypeSymbol array ? array.ElementType
                : null;

            if (inner != null)
            {
                var pointees = new List<(string, CType, AbiManifest)>(native.Count);
                foreach (var (target, cType, abi) in native)
                {
                    var pointee = cType.Kind == CTypeKind.Pointer ? cType.Pointee : cType.Kind == CTypeKind.Array ? cType.Element : null;
                    if (pointee is null || pointee.Kind == CTypeKind.Void)
                    {
                        return null; // by-value against pointer, or void*: the signature rule's business
                    }

                    pointees.Add((target, pointee, abi));
                }

                return FindMismatch(inner, RefKind.None, pointees, types, depth + 1);
            }

            List<(string Target, long NativeSize, int ManagedSize)>? wrong = null;
            foreach (var (target, cType, _) in native)
            {
                var managedSize = TypeWidths.ManagedIntegerSize(type, target, types);
                if (managedSize is null)
                {
                    return null;
                }

                if (cType.Kind != CTypeKind.Pointer && !TypeWidths.IsPlainInteger(cType))
                {
                    return null; // enums, bool, characters, floats, records: other rules
                }

                if (cType.Size > 0 && cType.Size != managedSize.Value)
                {
                    (wrong ??= new List<(string, long, int)>()).Add((target, cType.Size, managedSize.Value));
                }
            }

            return wrong is null ? null : new WidthMismatch(depth, type, native, wrong);
        }

        /// <summary>
        /// A C# value passed where C takes an untyped byte buffer (<c>const unsigned char *in</c>, <c>uint8_t *out</c>) next to
        /// a length parameter: C reads or writes that many bytes, so the width of what C# keeps there is not a mismatch.
        /// </summary>
        private static bool IsBufferWithLength(WidthMismatch mismatch, SignatureSlot slot, FunctionDecl function)
        {
            if (mismatch.Depth != 1 || slot.IsReturn || !mismatch.Native.All(n => ValueShapes.IsUntypedBytes(n.Type)))
            {
                return false;
            }

            for (var i = 0; i < function.Parameters.Count; i++)
            {
                var other = function.Parameters[i].Type;
                if (i != slot.Index && TypeWidths.IsPlainInteger(other) && other.Size >= 4)
                {
                    return true;
                }
            }

            return false;
        }

        private static string? ChooseReplacement(WidthMismatch mismatch, InteropTypes types, out string note)
        {
            note = "";
            var portable = PortableInteger.For(mismatch.Native);
            if (portable is null)
            {
                note = "; no single C# type has this width on every ABI checked";
                return null;
            }

            if (!portable.ExistsIn(types))
            {
                note = "; " + types.MissingReason(portable) + ": declare one P/Invoke per OS";
                return null;
            }

            return portable.SpellIn(types);
        }

        private static string Compose(SignatureSlot slot, NativeMatch<FunctionDecl> match, WidthMismatch mismatch, string? replacement, string replacementNote)
        {
            var managed = mismatch.ManagedType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            var first = mismatch.Native.First(n => n.Target == mismatch.Wrong[0].Target).Type;
            var sb = new StringBuilder();
            sb.Append(slot.Describe()).Append(" is '").Append(slot.ManagedDisplay()).Append("' but C '");
            if (mismatch.Depth == 0)
            {
                sb.Append(first.Spelling).Append("' is ");
            }
            else
            {
                // The slot's C type on the ABI quoted: a function's arity may differ per ABI (#ifdef _WIN32), so
                // match.First need not have this parameter at all.
                var outer = slot.Native.First(n => n.Target == mismatch.Wrong[0].Target).Type;
                sb.Append(outer.Spelling).Append("' points to ");
            }

            var groups = mismatch.Wrong.GroupBy(w => (w.NativeSize, w.ManagedSize)).ToList();
            for (var i = 0; i < groups.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(", and ");
                }

                sb.Append(MessageText.Bytes(groups[i].Key.NativeSize))
                    .Append(mismatch.Depth == 0 ? "" : " ('" + first.Spelling + "')")
                    .Append(" on ").Append(MessageText.Abis(groups[i].Select(g => g.Target)))
                    .Append(" where '").Append(managed).Append("' is ").Append(groups[i].Key.ManagedSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            sb.Append(" (").Append(match.First.Name).Append(", ").Append(MessageText.Where(match.First)).Append(')');
            if (replacement != null)
            {
                sb.Append("; use ").Append(replacement);
            }

            sb.Append(replacementNote).Append(MessageText.NotChecked(match.NotChecked));
            return sb.ToString();
        }

        internal sealed class WidthMismatch
        {
            public WidthMismatch(int depth, ITypeSymbol managedType, IReadOnlyList<(string Target, CType Type, AbiManifest Abi)> native, List<(string Target, long NativeSize, int ManagedSize)> wrong)
            {
                Depth = depth;
                ManagedType = managedType;
                Native = native;
                Wrong = wrong;
            }

            /// <summary>0: the value itself; 1: what a ref/pointer/array points to; …</summary>
            public int Depth { get; }

            /// <summary>The C# type at that depth (<c>uint</c> in <c>ref uint</c>).</summary>
            public ITypeSymbol ManagedType { get; }

            /// <summary>The C types at that depth, per ABI.</summary>
            public IReadOnlyList<(string Target, CType Type, AbiManifest Abi)> Native { get; }

            public List<(string Target, long NativeSize, int ManagedSize)> Wrong { get; }
        }
    }
}
