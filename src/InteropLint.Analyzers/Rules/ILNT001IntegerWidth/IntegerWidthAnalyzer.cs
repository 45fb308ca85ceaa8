using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using InteropLint.Analyzers.Infrastructure;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// ILNT001: an integer or pointer-sized C# type whose width differs from the C type's on some ABI —
    /// by value, and behind <c>ref</c>/<c>out</c>/<c>in</c>, pointers and arrays.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class IntegerWidthAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: the slot (<c>-1</c> return, else parameter index).</summary>
        public const string SlotProperty = "Slot";

        /// <summary>Diagnostic property: how many indirections deep the wrong width is (0 the value, 1 behind ref/pointer).</summary>
        public const string DepthProperty = "Depth";

        /// <summary>Diagnostic property: the C# type that is right on every ABI checked, or absent.</summary>
        public const string ReplacementProperty = "Replacement";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.ILNT001);

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

                start.RegisterSymbolAction(c => AnalyzeMethod(c, interop), SymbolKind.Method);
            });
        }

        private static void AnalyzeMethod(SymbolAnalysisContext context, InteropContext interop)
        {
            var method = (IMethodSymbol)context.Symbol;
            var bound = interop.Bind(method);
            if (bound is null)
            {
                return;
            }

            var pinvoke = bound.PInvoke;
            var match = bound.Function;

            if (!pinvoke.IsLibraryImport && (method.MethodImplementationFlags & System.Reflection.MethodImplAttributes.PreserveSig) == 0)
            {
                return; // the C function returns HRESULT and takes the result as a last pointer: another shape
            }

            foreach (var slot in bound.Slots)
            {
                var mismatch = FindMismatch(slot.Type, slot.RefKind, slot.Native, interop.Types, 0);
                if (mismatch is null)
                {
                    continue;
                }

                var replacement = ChooseReplacement(mismatch, interop.Types, out var replacementNote);
                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                properties[SlotProperty] = slot.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
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

        private static string? ChooseReplacement(WidthMismatch mismatch, InteropTypes types, out string note)
        {
            note = "";
            var portable = TypeWidths.PortableInteger(mismatch.Native);
            if (portable is null)
            {
                note = "; no single C# type has this width on every ABI checked";
                return null;
            }

            if (!types.Has(portable))
            {
                note = "; " + portable.Name + " is not available in this compilation (it needs .NET 6 or later): declare one P/Invoke per OS";
                return null;
            }

            return types.Spell(portable);
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
