using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// Decides what ILNT003's fix changes (field types, Pack, union layout, fixed-buffer lengths, missing
    /// trailing fields) and offers it only when the layout it produces matches C on every ABI and in every
    /// way the struct is passed: the fix is checked with the same layout engine that found the drift.
    /// </summary>
    internal static class StructLayoutFixPlanner
    {
        internal sealed class Plan
        {
            public LayoutOverrides? Overrides { get; set; }

            /// <summary>What the fix does, or why there is none, for the end of the message.</summary>
            public string Note { get; set; } = "";
        }

        public static Plan Create(StructMatch match, IReadOnlyList<LayoutMode> modes, InteropTypes types)
        {
            var plan = new Plan();
            var overrides = new LayoutOverrides();
            var notes = new List<string>();
            var type = match.Type;
            var found = match.Record.Found;
            var first = found[0].Declaration;
            var current = ManagedLayout.Compute(type, found[0].Target, modes[0], types);
            var fields = FieldPairing.InstanceFields(type);
            var pairs = FieldPairing.Pair(fields, first.Fields);

            foreach (var pair in pairs)
            {
                PlanField(pair.Key, pair.Value, match, modes, types, overrides, notes);
            }

            var packed = found.All(f => f.Declaration.IsPacked) && found.All(f => f.Declaration.Align == first.Align) && first.Align > 0;
            if (packed && current.Pack != first.Align)
            {
                overrides.Pack = (int)first.Align;
            }
            else if (!packed && current.Pack > 0 && found.Any(f => f.Declaration.Align > current.Pack))
            {
                overrides.Pack = 0;
            }

            if (first.Kind == CTypeKind.Union && current.Kind != LayoutKind.Explicit)
            {
                overrides.UnionLayout = true;
            }

            if (current.Kind == LayoutKind.Auto)
            {
                overrides.Sequential = true;
            }

            PlanMissingFields(fields, pairs, match, types, overrides);

            if (notes.Count > 0)
            {
                plan.Note = "; " + string.Join("; ", notes) + (notes.Any(n => n.StartsWith("CLong", System.StringComparison.Ordinal)) ? ": declare the struct once per OS" : "");
                return plan;
            }

            if (overrides.IsEmpty || !Verified(match, modes, types, overrides))
            {
                return plan;
            }

            plan.Overrides = overrides;
            plan.Note = "; " + Describe(overrides);
            return plan;
        }

        private static void PlanField(IFieldSymbol field, FieldDecl nativeField, StructMatch match, IReadOnlyList<LayoutMode> modes, InteropTypes types, LayoutOverrides overrides, List<string> notes)
        {
            var perAbi = new List<(string Target, CType Type, AbiManifest Abi)>();
            foreach (var f in match.Record.Found)
            {
                var c = FindField(f.Declaration, nativeField.Name);
                if (c is null || c.IsBitField)
                {
                    return;
                }

                perAbi.Add((f.Target, c.Type, f.Abi));
            }

            var cType = perAbi[0].Type;
            if (field.IsImplicitlyDeclared)
            {
                return; // an auto-property's backing field: the fix edits field declarations only
            }

            if (field.IsFixedSizeBuffer)
            {
                if (perAbi.All(p => p.Type.Kind == CTypeKind.Array && p.Type.ArrayLength == cType.ArrayLength && p.Type.Element != null) && cType.ArrayLength > 0
                    && field.FixedSize != cType.ArrayLength && field.Type is IPointerTypeSymbol element
                    && perAbi.All(p => TypeWidths.ManagedIntegerSize(element.PointedAtType, p.Target, types) == p.Type.Element!.Size))
                {
                    overrides.FixedLengths[field.Name] = cType.ArrayLength;
                }

                return;
            }

            if (field.Type.SpecialType == SpecialType.System_Boolean)
            {
                if (modes.Contains(LayoutMode.Marshalled) && perAbi.All(p => p.Type.Kind == CTypeKind.Bool && p.Type.Size == 1) && Blittability.MarshalAsOf(field, types) is null)
                {
                    overrides.FieldTypes[field.Name] = "bool:U1";
                }

                return;
            }

            if (field.Type.SpecialType == SpecialType.System_Char && TypeWidths.IsWideCharacter(cType) && perAbi.Any(p => p.Type.Size != cType.Size))
            {
                notes.Add("no C# type has the width of C '" + cType.Spelling + "' (field '" + nativeField.Name + "') on every ABI (" + Sizes(perAbi) + "): declare the struct once per OS");
                return;
            }

            if (field.Type.TypeKind == TypeKind.Enum || !perAbi.All(p => p.Type.Kind == CTypeKind.Pointer || TypeWidths.IsPlainInteger(p.Type)))
            {
                return;
            }

            var differs = false;
            foreach (var p in perAbi)
            {
                var size = TypeWidths.ManagedIntegerSize(field.Type, p.Target, types);
                if (size is null && !(field.Type is IPointerTypeSymbol) && !(field.Type is IFunctionPointerTypeSymbol))
                {
                    return;
                }

                differs |= size.HasValue && size.Value != p.Type.Size;
            }

            if (!differs)
            {
                return;
            }

            var portable = PortableInteger.For(perAbi);
            if (portable is null)
            {
                notes.Add("no C# type has the width of C '" + cType.Spelling + "' (field '" + nativeField.Name + "') on every ABI (" + Sizes(perAbi) + "): declare the struct once per OS");
            }
            else if (!portable.ExistsIn(types))
            {
                const string Prefix = "CLong/CULong are not available in this compilation (they need .NET 6 or later) for ";
                var index = notes.FindIndex(n => n.StartsWith(Prefix, System.StringComparison.Ordinal));
                if (index < 0)
                {
                    notes.Add(Prefix + "'" + nativeField.Name + "'");
                }
                else
                {
                    notes[index] += ", '" + nativeField.Name + "'";
                }
            }
            else
            {
                overrides.FieldTypes[field.Name] = portable.SpellIn(types)!;
            }
        }

        /// <summary>C fields after the last one the C# struct has, when they have a portable C# type.</summary>
        private static void PlanMissingFields(List<IFieldSymbol> fields, List<KeyValuePair<IFieldSymbol, FieldDecl>> pairs, StructMatch match, InteropTypes types, LayoutOverrides overrides)
        {
            var first = match.Record.First;
            if (first.Kind != CTypeKind.Struct || pairs.Count != fields.Count || fields.Count >= first.Fields.Count)
            {
                return;
            }

            var last = -1;
            foreach (var pair in pairs)
            {
                var index = IndexOf(first, pair.Value);
                if (index <= last)
                {
                    return; // paired out of order: not a struct that merely stops early
                }

                last = index;
            }

            var taken = new HashSet<string>(match.Type.MemberNames);
            for (var i = last + 1; i < first.Fields.Count; i++)
            {
                var c = first.Fields[i];
                if (c.IsBitField || c.Name.Length == 0 || taken.Contains(c.Name))
                {
                    return;
                }

                var perAbi = new List<(string, CType, AbiManifest)>();
                foreach (var f in match.Record.Found)
                {
                    var field = FindField(f.Declaration, c.Name);
                    if (field is null || !(field.Type.Kind == CTypeKind.Pointer || TypeWidths.IsPlainInteger(field.Type)))
                    {
                        return;
                    }

                    perAbi.Add((f.Target, field.Type, f.Abi));
                }

                var portable = PortableInteger.For(perAbi);
                if (portable is null || !portable.ExistsIn(types) || (portable.IsNativeInteger && !types.HasNativeIntegerKeywords))
                {
                    return;
                }

                overrides.Appended.Add(new KeyValuePair<string, string>(c.Name, portable.Name));
            }
        }

        private static bool Verified(StructMatch match, IReadOnlyList<LayoutMode> modes, InteropTypes types, LayoutOverrides overrides)
        {
            foreach (var f in match.Record.Found)
            {
                if (f.Declaration.Size <= 0)
                {
                    continue;
                }

                foreach (var mode in modes)
                {
                    var layout = ManagedLayout.Compute(match.Type, f.Target, mode, types, overrides);
                    if (layout.Unsupported != null || LayoutComparer.Compare(layout, f.Declaration, f.Abi) != null)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private static string Describe(LayoutOverrides overrides)
        {
            var parts = new List<string>();
            foreach (var group in overrides.FieldTypes.GroupBy(p => p.Value))
            {
                var names = string.Join(", ", group.Select(p => "'" + p.Key + "'"));
                parts.Add(group.Key == "bool:U1" ? "marshal " + names + " as a 1-byte bool" : "use " + group.Key + " for " + names);
            }

            foreach (var fixedLength in overrides.FixedLengths)
            {
                parts.Add("make '" + fixedLength.Key + "' " + fixedLength.Value.ToString(CultureInfo.InvariantCulture) + " elements long");
            }

            if (overrides.Pack.HasValue)
            {
                parts.Add(overrides.Pack.Value == 0 ? "remove Pack" : "set Pack = " + overrides.Pack.Value.ToString(CultureInfo.InvariantCulture));
            }

            if (overrides.UnionLayout)
            {
                parts.Add("use LayoutKind.Explicit with every field at offset 0");
            }

            if (overrides.Sequential)
            {
                parts.Add("use LayoutKind.Sequential");
            }

            if (overrides.Appended.Count > 0)
            {
                parts.Add("add " + string.Join(", ", overrides.Appended.Select(p => p.Value + " " + p.Key)));
            }

            return string.Join(", ", parts);
        }

        private static FieldDecl? FindField(RecordDecl record, string name)
        {
            foreach (var field in record.Fields)
            {
                if (field.Name == name)
                {
                    return field;
                }
            }

            return null;
        }

        private static int IndexOf(RecordDecl record, FieldDecl field)
        {
            for (var i = 0; i < record.Fields.Count; i++)
            {
                if (ReferenceEquals(record.Fields[i], field))
                {
                    return i;
                }
            }

            return -1;
        }

        private static string Sizes(List<(string Target, CType Type, AbiManifest Abi)> perAbi) =>
            string.Join(", ", perAbi.GroupBy(p => p.Type.Size).Select(g => MessageText.Bytes(g.Key) + " on " + MessageText.Abis(g.Select(p => p.Target))));
    }
}
