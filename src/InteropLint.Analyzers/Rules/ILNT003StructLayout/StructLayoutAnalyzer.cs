using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// ILNT003: a C# struct whose layout (field offsets and sizes, total size, alignment, packing, unions,
    /// arrays, bit-fields) differs from the C record it stands for, on some ABI. One diagnostic per struct.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class StructLayoutAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: <c>field=Type;…</c> field types to write (<c>bool:U1</c> adds <c>[MarshalAs(U1)]</c>).</summary>
        public const string TypesProperty = "Types";

        /// <summary>Diagnostic property: the Pack to set (<c>0</c>: remove Pack).</summary>
        public const string PackProperty = "Pack";

        /// <summary>Diagnostic property: present when the struct becomes an explicit layout with every field at 0.</summary>
        public const string UnionProperty = "Union";

        /// <summary>Diagnostic property: present when LayoutKind.Auto becomes Sequential.</summary>
        public const string SequentialProperty = "Sequential";

        /// <summary>Diagnostic property: <c>field=length;…</c> fixed-buffer lengths.</summary>
        public const string FixedLengthsProperty = "FixedLengths";

        /// <summary>Diagnostic property: <c>name=Type;…</c> fields to append.</summary>
        public const string AppendProperty = "Append";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.ILNT003);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            InteropContext.RegisterStartAction(context, (start, interop) => start.RegisterSymbolAction(c => AnalyzeType(c, interop), SymbolKind.NamedType));
        }

        private static void AnalyzeType(SymbolAnalysisContext context, InteropContext interop)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if ((type.TypeKind != TypeKind.Struct && !ManagedLayout.IsFormattedClass(type, interop.Types)) || type.IsGenericType || type.DeclaringSyntaxReferences.Length == 0)
            {
                return;
            }

            var match = interop.Structs.Find(type, context.CancellationToken);
            if (match is null)
            {
                return;
            }

            var modes = Modes(match, interop.Types);
            var drifts = new List<(string Target, LayoutMode Mode, LayoutDrift Drift)>();
            foreach (var found in match.Record.Found)
            {
                if (found.Declaration.Size <= 0)
                {
                    continue; // an incomplete (opaque) record has no layout to mirror
                }

                foreach (var mode in modes)
                {
                    context.CancellationToken.ThrowIfCancellationRequested();
                    var layout = ManagedLayout.Compute(type, found.Target, mode, interop.Types);
                    if (layout.Unsupported != null)
                    {
                        ReportNotChecked(context, match, layout.Unsupported);
                        return; // a field whose native size we do not know: say so rather than guess
                    }

                    if (layout.Fields.Count == 0 && layout.DeclaredSize is null && !match.ManagedStorage && !match.HeldInline)
                    {
                        return; // an empty struct used only behind pointers is an opaque handle, not a layout claim
                    }

                    var drift = LayoutComparer.Compare(layout, found.Declaration, found.Abi) ?? Misaligned(match, layout, found.Declaration);
                    if (drift != null)
                    {
                        drifts.Add((found.Target, mode, drift));
                    }
                }
            }

            if (drifts.Count == 0
                || ((!match.PassedToNative || (match.HandedOutByNative && !match.ManagedStorage)) && drifts.All(d => d.Drift.IsPrefix)))
            {
                // A correct prefix of the C record that C never receives (read with Marshal.PtrToStructure or
                // through a pointer C returned) reads only bytes C has: a read-only view of a versioned struct.
                // So does one C hands out and gets back only by pointer (a node view passed to the node's functions):
                // the binding never allocates it, C reads its own record.
                return;
            }

            var identifier = Identifier(type, context.CancellationToken);
            if (identifier is null)
            {
                return;
            }

            var plan = StructLayoutFixPlanner.Create(match, modes, interop.Types);
            var message = Compose(match, modes, drifts, plan.Note);
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT003, identifier, FieldLocations(type, drifts, context.CancellationToken), Properties(plan.Overrides), message));
        }

        /// <summary>
        /// C asks for more alignment than the runtime gives managed memory (8 bytes at most), and native code gets
        /// the struct's managed memory: C compilers may use aligned vector loads on it, which fault when misaligned.
        /// </summary>
        private static LayoutDrift? Misaligned(StructMatch match, ManagedLayout layout, RecordDecl record)
        {
            const long RuntimeAlignment = 8;
            if (!match.ManagedStorage || record.Align <= RuntimeAlignment || layout.Align >= record.Align)
            {
                return null;
            }

            return new LayoutDrift
            {
                Kind = DriftKind.Alignment,
                ManagedTotal = layout.Size,
                NativeTotal = record.Size,
                ManagedAlign = layout.Align,
                NativeAlign = record.Align,
            };
        }

        /// <summary>A struct a bound P/Invoke uses but whose layout is not known: an informational "not checked", with why.</summary>
        private static void ReportNotChecked(SymbolAnalysisContext context, StructMatch match, string why)
        {
            if (!match.Used)
            {
                return; // matched by name only: nothing says native code ever sees it
            }

            var identifier = Identifier(match.Type, context.CancellationToken);
            if (identifier is null)
            {
                return;
            }

            var message = (match.Type.TypeKind == TypeKind.Class ? "class '" : "struct '") + match.Type.Name + "' is not checked against C '" + match.NativeName
                + "' (" + MessageText.Where(match.Record.First) + "): " + why;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT003, identifier, DiagnosticSeverity.Info, null, null, message));
        }

        /// <summary>
        /// The copies of the struct native code sees: blittable structs have one. Also what the command-line tool's
        /// <c>dump --cs</c> lays out, so its report and this rule cannot disagree.
        /// </summary>
        internal static IReadOnlyList<LayoutMode> Modes(StructMatch match, InteropTypes types) =>
            Modes(match.Type, match.Marshalled, match.InMemory, types);

        /// <summary>The same choice for a struct known only by its uses (<paramref name="marshalled"/>, <paramref name="inMemory"/>).</summary>
        internal static IReadOnlyList<LayoutMode> Modes(INamedTypeSymbol type, bool marshalled, bool inMemory, InteropTypes types)
        {
            if (Blittability.IsBlittable(type, types))
            {
                return new[] { LayoutMode.Memory };
            }

            var modes = new List<LayoutMode>(2);
            if (marshalled)
            {
                modes.Add(LayoutMode.Marshalled);
            }

            if (inMemory)
            {
                modes.Add(LayoutMode.Memory);
            }

            return modes.Count == 0 ? new[] { LayoutMode.Marshalled } : (IReadOnlyList<LayoutMode>)modes;
        }

        private static string Compose(StructMatch match, IReadOnlyList<LayoutMode> modes, List<(string Target, LayoutMode Mode, LayoutDrift Drift)> drifts, string note)
        {
            var record = match.Record.First;
            var sb = new StringBuilder();
            sb.Append(match.Type.TypeKind == TypeKind.Class ? "class '" : "struct '").Append(match.Type.Name).Append("' does not match C '").Append(match.NativeName)
                .Append("' (").Append(MessageText.Where(record)).Append("): ");
            var groups = drifts.GroupBy(d => (d.Drift, d.Mode)).ToList();
            for (var i = 0; i < groups.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append("; and ");
                }

                sb.Append(groups[i].Key.Drift.Describe(match.NativeName))
                    .Append(" on ").Append(MessageText.Abis(groups[i].Select(g => g.Target).Distinct()));
                if (modes.Count > 1)
                {
                    sb.Append(groups[i].Key.Mode == LayoutMode.Marshalled ? " when marshalled" : " in memory (by pointer)");
                }
            }

            sb.Append(note).Append(MessageText.NotChecked(match.Record.NotChecked));
            return sb.ToString();
        }

        private static Location? Identifier(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration)
                {
                    return declaration.Identifier.GetLocation();
                }
            }

            return null;
        }

        /// <summary>The declarators of the drifting fields, for the IDE to underline with the struct.</summary>
        private static IEnumerable<Location> FieldLocations(INamedTypeSymbol type, List<(string Target, LayoutMode Mode, LayoutDrift Drift)> drifts, CancellationToken cancellationToken)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var d in drifts)
            {
                var name = d.Drift.ManagedName;
                var dot = name.IndexOf('.');
                if (name.Length > 0)
                {
                    names.Add(dot < 0 ? name : name.Substring(0, dot));
                }
            }

            var locations = new List<Location>();
            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol field && names.Contains(field.Name))
                {
                    foreach (var reference in field.DeclaringSyntaxReferences)
                    {
                        locations.Add(reference.GetSyntax(cancellationToken).GetLocation());
                    }
                }
            }

            return locations;
        }

        private static ImmutableDictionary<string, string?> Properties(LayoutOverrides? overrides)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            if (overrides is null)
            {
                return properties.ToImmutable();
            }

            if (overrides.FieldTypes.Count > 0)
            {
                properties[TypesProperty] = string.Join(";", overrides.FieldTypes.Select(p => p.Key + "=" + p.Value));
            }

            if (overrides.FixedLengths.Count > 0)
            {
                properties[FixedLengthsProperty] = string.Join(";", overrides.FixedLengths.Select(p => p.Key + "=" + p.Value.ToString(CultureInfo.InvariantCulture)));
            }

            if (overrides.Appended.Count > 0)
            {
                properties[AppendProperty] = string.Join(";", overrides.Appended.Select(p => p.Key + "=" + p.Value));
            }

            if (overrides.Pack.HasValue)
            {
                properties[PackProperty] = overrides.Pack.Value.ToString(CultureInfo.InvariantCulture);
            }

            if (overrides.UnionLayout)
            {
                properties[UnionProperty] = "1";
            }

            if (overrides.Sequential)
            {
                properties[SequentialProperty] = "1";
            }

            return properties.ToImmutable();
        }
    }
}
