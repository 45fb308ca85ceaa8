using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using InteropLint.Manifest;

namespace InteropLint.Analyzers
{
    /// <summary>Walks a C# struct's layout next to a C record's on one ABI and finds the first drift.</summary>
    internal static class LayoutComparer
    {
        /// <summary>Null when the layouts agree.</summary>
        public static LayoutDrift? Compare(ManagedLayout managed, RecordDecl record, AbiManifest abi)
        {
            LayoutDrift Drift(DriftKind kind, bool prefix = false) => new LayoutDrift
            {
                Kind = kind,
                ManagedTotal = managed.Size,
                NativeTotal = record.Size,
                ManagedAlign = managed.Align,
                NativeAlign = record.Align,
                IsPrefix = prefix,
            };

            if (managed.Kind == LayoutKind.Auto && managed.Fields.Count > 1)
            {
                return Drift(DriftKind.AutoLayout);
            }

            if (managed.Fields.Count == 0)
            {
                // An opaque blob ([StructLayout(Size = N)] with no fields): native code owns the bytes; only their count matters.
                return record.Size > 0 && managed.Size != record.Size ? Drift(DriftKind.TotalSize) : null;
            }

            if (managed.Kind == LayoutKind.Explicit && OverlayComparer.HasOverlap(managed))
            {
                var overlay = OverlayComparer.Compare(managed, record, abi);
                if (overlay != null)
                {
                    Complete(overlay, managed, record);
                    return overlay;
                }

                return record.Size > 0 && managed.Size != record.Size ? Drift(DriftKind.TotalSize, managed.Size < record.Size) : null;
            }

            var fields = new List<PlacedField>(managed.Fields.Count);
            foreach (var f in managed.Fields)
            {
                fields.Add(new PlacedField(f, f.Offset, f.Name));
            }

            fields.Sort((a, b) => a.Offset.CompareTo(b.Offset)); // stable enough: List.Sort is not, but equal offsets only occur in explicit layouts
            var found = record.Kind == CTypeKind.Union ? CompareUnion(fields, record) : CompareStruct(fields, NativeLayout.Slots(record, abi), abi, managed.Size);
            if (found != null)
            {
                Complete(found, managed, record);
                return found;
            }

            // Alignment alone is not a drift: with every offset and the size equal, the bytes agree; where the
            // alignment matters (the struct nested in another), the containing struct's offsets show it.
            return record.Size > 0 && managed.Size != record.Size ? Drift(DriftKind.TotalSize, managed.Size < record.Size) : null;
        }

        private static void Complete(LayoutDrift drift, ManagedLayout managed, RecordDecl record)
        {
            drift.ManagedTotal = managed.Size;
            drift.NativeTotal = record.Size;
            drift.ManagedAlign = managed.Align;
            drift.NativeAlign = record.Align;
        }

        private static LayoutDrift? CompareUnion(List<PlacedField> fields, RecordDecl union)
        {
            foreach (var field in fields)
            {
                if (field.Offset != 0 || field.End > union.Size)
                {
                    return new LayoutDrift { Kind = DriftKind.UnionMember, ManagedName = field.Name, ManagedOffset = field.Offset, ManagedSize = field.Field.Size };
                }

                foreach (var member in union.Fields)
                {
                    if (!member.IsBitField && member.Type.Size > 0 && FieldPairing.SameName(member.Name, field.Name) && member.Type.Size != field.Field.Size)
                    {
                        return new LayoutDrift
                        {
                            Kind = DriftKind.Size,
                            ManagedName = field.Name,
                            ManagedOffset = field.Offset,
                            ManagedSize = field.Field.Size,
                            NativeName = member.Name,
                            NativeOffset = member.Offset,
                            NativeSize = member.Type.Size,
                        };
                    }
                }
            }

            return null;
        }

        private static LayoutDrift? CompareStruct(List<PlacedField> managed, List<NativeSlot> native, AbiManifest abi, long managedSize)
        {
            var i = 0;
            var j = 0;
            var guard = 0;
            while (i < native.Count && guard++ < 100_000)
            {
                var c = native[i];
                if (c.Kind == NativeSlotKind.Flexible)
                {
                    if (j < managed.Count)
                    {
                        return At(DriftKind.Flexible, managed[j], c);
                    }

                    i++;
                    continue;
                }

                if (j >= managed.Count)
                {
                    if (c.End <= managedSize)
                    {
                        i++; // bytes the C# struct spans without naming them (C's named tail padding, StructLayout.Size)
                        continue;
                    }

                    return new LayoutDrift { Kind = DriftKind.Missing, NativeName = c.Name, NativeOffset = c.Offset, NativeSize = c.Size, IsPrefix = true };
                }

                var m = managed[j];
                if (m.Offset > c.Offset && c.End <= m.Offset && !Named(managed, j, c.Name))
                {
                    i++; // a C field (named padding) the C# struct leaves as implicit padding: the next field is still where C has it
                    continue;
                }

                if (m.Offset != c.Offset)
                {
                    // A C# struct field that inlines several C fields starts where the first of them does.
                    return At(DriftKind.Offset, m, c);
                }

                if (c.Kind == NativeSlotKind.BitFields)
                {
                    if (IsIntegerLike(m.Field) && m.Field.Size >= c.Size)
                    {
                        i++;
                        j++;
                        continue;
                    }

                    var drift = At(DriftKind.BitFields, m, c);
                    drift.UnitSize = c.UnitSize;
                    return drift;
                }

                if (m.Field.Size == c.Size)
                {
                    i++;
                    j++;
                    continue;
                }

                if (m.Field.Size < c.Size)
                {
                    var expanded = NativeLayout.Expand(c, abi, 0);
                    if (expanded != null && expanded.Count > 0)
                    {
                        native.RemoveAt(i);
                        native.InsertRange(i, expanded);
                        continue;
                    }

                    if (c.Kind == NativeSlotKind.Array || c.Kind == NativeSlotKind.Union)
                    {
                        var next = Covers(managed, j, c.Offset, c.End);
                        if (next > j)
                        {
                            i++;
                            j = next;
                            continue;
                        }
                    }

                    return At(DriftKind.Size, m, c);
                }

                // The C# field is larger: a nested C# struct inlining C fields, or a buffer standing for several C fields.
                if (m.Field.Shape == ManagedFieldShape.Struct && m.Field.Nested != null && m.Field.Nested.Fields.Count > 0)
                {
                    managed.RemoveAt(j);
                    var inner = new List<PlacedField>(m.Field.Nested.Fields.Count);
                    foreach (var f in m.Field.Nested.Fields)
                    {
                        inner.Add(new PlacedField(f, m.Offset + f.Offset, m.Name + "." + f.Name));
                    }

                    inner.Sort((a, b) => a.Offset.CompareTo(b.Offset));
                    managed.InsertRange(j, inner);
                    continue;
                }

                if (m.Field.Shape == ManagedFieldShape.Array)
                {
                    var k = i;
                    var covered = m.Offset;
                    while (k < native.Count && native[k].Offset == covered && native[k].End <= m.End
                        && (native[k].Kind == NativeSlotKind.Scalar || native[k].Kind == NativeSlotKind.Array))
                    {
                        covered = native[k].End;
                        k++;
                    }

                    if (covered == m.End)
                    {
                        i = k;
                        j++;
                        continue;
                    }
                }

                return At(DriftKind.Size, m, c);
            }

            if (j < managed.Count)
            {
                var extra = managed[j];
                return new LayoutDrift { Kind = DriftKind.Extra, ManagedName = extra.Name, ManagedOffset = extra.Offset, ManagedSize = extra.Field.Size };
            }

            return null;
        }

        /// <summary>
        /// The index after the C# fields that together cover [start, end) with nothing past it (array elements
        /// written as separate fields, or explicit-layout members overlapping in a union), or <paramref name="j"/> when they do not.
        /// </summary>
        private static int Covers(List<PlacedField> managed, int j, long start, long end)
        {
            var covered = start;
            var k = j;
            while (k < managed.Count && managed[k].Offset < end)
            {
                if (managed[k].Offset > covered || managed[k].End > end)
                {
                    return j;
                }

                covered = Math.Max(covered, managed[k].End);
                k++;
            }

            return covered == end ? k : j;
        }

        /// <summary>Whether a C# field from <paramref name="from"/> on stands for the C field by name (then it is misplaced, not left out).</summary>
        private static bool Named(List<PlacedField> managed, int from, string nativeName)
        {
            for (var k = from; k < managed.Count; k++)
            {
                if (FieldPairing.SameName(nativeName, managed[k].Name))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsIntegerLike(ManagedField field) =>
            field.Shape == ManagedFieldShape.Integer || field.Shape == ManagedFieldShape.Bool || field.Shape == ManagedFieldShape.Char;

        private static LayoutDrift At(DriftKind kind, PlacedField m, NativeSlot c) => new LayoutDrift
        {
            Kind = kind,
            ManagedName = m.Name,
            ManagedOffset = m.Offset,
            ManagedSize = m.Field.Size,
            NativeName = c.Name,
            NativeOffset = c.Offset,
            NativeSize = c.Size,
        };
    }
}
