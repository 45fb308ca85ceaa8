using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using InteropLint.Manifest;

namespace InteropLint.Analyzers.Infrastructure
{
    internal enum DriftKind
    {
        /// <summary>The C# field is not where the C field is.</summary>
        Offset,

        /// <summary>Same offset, different size.</summary>
        Size,

        /// <summary>C has a field the C# struct lacks.</summary>
        Missing,

        /// <summary>The C# struct has a field past what C has.</summary>
        Extra,

        /// <summary>A C# field stands where C has a flexible array member.</summary>
        Flexible,

        /// <summary>A C# field does not cover a bit-field storage unit.</summary>
        BitFields,

        /// <summary>A C# field of a union that is not at offset 0.</summary>
        UnionMember,

        TotalSize,

        /// <summary>LayoutKind.Auto: the runtime orders fields as it likes.</summary>
        AutoLayout,
    }

    /// <summary>The first difference between a C# struct and a C record on one ABI.</summary>
    internal sealed class LayoutDrift : IEquatable<LayoutDrift>
    {
        public DriftKind Kind { get; set; }

        public string ManagedName { get; set; } = "";

        public long ManagedOffset { get; set; }

        public long ManagedSize { get; set; }

        public string NativeName { get; set; } = "";

        public long NativeOffset { get; set; }

        public long NativeSize { get; set; }

        /// <summary>Bit-fields: the unit's size.</summary>
        public long UnitSize { get; set; }

        public long ManagedTotal { get; set; }

        public long NativeTotal { get; set; }

        public long ManagedAlign { get; set; }

        public long NativeAlign { get; set; }

        public bool Equals(LayoutDrift? other) =>
            other != null && Kind == other.Kind && ManagedName == other.ManagedName && ManagedOffset == other.ManagedOffset
            && ManagedSize == other.ManagedSize && NativeName == other.NativeName && NativeOffset == other.NativeOffset
            && NativeSize == other.NativeSize && ManagedTotal == other.ManagedTotal && NativeTotal == other.NativeTotal
            && ManagedAlign == other.ManagedAlign && NativeAlign == other.NativeAlign;

        public override bool Equals(object? obj) => Equals(obj as LayoutDrift);

        public override int GetHashCode() => ((int)Kind * 397) ^ ManagedName.GetHashCode() ^ (int)ManagedOffset ^ ((int)NativeOffset << 8) ^ ((int)NativeTotal << 16);

        /// <summary>The drift in words, e.g. <c>field 'total_in' is at offset 12 (4 bytes) but C 'total_in' is at offset 16 (8 bytes); size 88 vs C 112</c>.</summary>
        public string Describe(string nativeRecord)
        {
            string text;
            switch (Kind)
            {
                case DriftKind.Offset:
                case DriftKind.Size:
                    text = "field '" + ManagedName + "' is at offset " + N(ManagedOffset) + " (" + MessageText.Bytes(ManagedSize) + ") but C '" + NativeName
                        + "' is at offset " + N(NativeOffset) + " (" + MessageText.Bytes(NativeSize) + ")";
                    break;
                case DriftKind.Missing:
                    text = "C field '" + NativeName + "' at offset " + N(NativeOffset) + " (" + MessageText.Bytes(NativeSize) + ") has no C# field";
                    break;
                case DriftKind.Extra:
                    text = "field '" + ManagedName + "' at offset " + N(ManagedOffset) + " (" + MessageText.Bytes(ManagedSize) + ") has no C counterpart";
                    break;
                case DriftKind.Flexible:
                    text = "field '" + ManagedName + "' at offset " + N(ManagedOffset) + " (" + MessageText.Bytes(ManagedSize) + ") stands for C flexible array member '"
                        + NativeName + "', which takes no space";
                    break;
                case DriftKind.BitFields:
                    text = "field '" + ManagedName + "' at offset " + N(ManagedOffset) + " (" + MessageText.Bytes(ManagedSize) + ") does not cover C bit-fields '" + NativeName
                        + "' (bytes " + N(NativeOffset) + "-" + N(NativeOffset + NativeSize - 1) + " of a " + MessageText.Bytes(UnitSize).Replace(" bytes", "-byte").Replace(" byte", "-byte")
                        + " unit): declare one integer field for the unit";
                    break;
                case DriftKind.UnionMember:
                    text = "field '" + ManagedName + "' is at offset " + N(ManagedOffset) + " (" + MessageText.Bytes(ManagedSize) + ") but every member of C union '"
                        + nativeRecord + "' is at offset 0 (union size " + N(NativeTotal) + ")";
                    break;
                case DriftKind.AutoLayout:
                    return "LayoutKind.Auto lets the runtime reorder the fields";
                default:
                    return "size " + N(ManagedTotal) + " vs C " + N(NativeTotal);
            }

            return ManagedTotal != NativeTotal ? text + "; size " + N(ManagedTotal) + " vs C " + N(NativeTotal) : text;
        }

        private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Walks a C# struct's layout next to a C record's on one ABI and finds the first drift.</summary>
    internal static class LayoutComparer
    {
        private readonly struct Slot
        {
            public Slot(ManagedField field, long offset, string name)
            {
                Field = field;
                Offset = offset;
                Name = name;
            }

            public ManagedField Field { get; }

            public long Offset { get; }

            public string Name { get; }

            public long End => Offset + Field.Size;
        }

        /// <summary>Null when the layouts agree.</summary>
        public static LayoutDrift? Compare(ManagedLayout managed, RecordDecl record, AbiManifest abi)
        {
            LayoutDrift Drift(DriftKind kind) => new LayoutDrift
            {
                Kind = kind,
                ManagedTotal = managed.Size,
                NativeTotal = record.Size,
                ManagedAlign = managed.Align,
                NativeAlign = record.Align,
            };

            if (managed.Kind == LayoutKind.Auto && managed.Fields.Count > 1)
            {
                return Drift(DriftKind.AutoLayout);
            }

            var fields = new List<Slot>(managed.Fields.Count);
            foreach (var f in managed.Fields)
            {
                fields.Add(new Slot(f, f.Offset, f.Name));
            }

            fields.Sort((a, b) => a.Offset.CompareTo(b.Offset)); // stable enough: List.Sort is not, but equal offsets only occur in explicit layouts
            var found = record.Kind == CTypeKind.Union ? CompareUnion(fields, record) : CompareStruct(fields, NativeLayout.Slots(record, abi), abi);
            if (found != null)
            {
                var drift = Drift(found.Kind);
                drift.ManagedName = found.ManagedName;
                drift.ManagedOffset = found.ManagedOffset;
                drift.ManagedSize = found.ManagedSize;
                drift.NativeName = found.NativeName;
                drift.NativeOffset = found.NativeOffset;
                drift.NativeSize = found.NativeSize;
                drift.UnitSize = found.UnitSize;
                return drift;
            }

            // Alignment alone is not a drift: with every offset and the size equal, the bytes agree; where the
            // alignment matters (the struct nested in another), the containing struct's offsets show it.
            return record.Size > 0 && managed.Size != record.Size ? Drift(DriftKind.TotalSize) : null;
        }

        private static LayoutDrift? CompareUnion(List<Slot> fields, RecordDecl union)
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

        private static LayoutDrift? CompareStruct(List<Slot> managed, List<NativeSlot> native, AbiManifest abi)
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
                    return new LayoutDrift { Kind = DriftKind.Missing, NativeName = c.Name, NativeOffset = c.Offset, NativeSize = c.Size };
                }

                var m = managed[j];
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
                    var inner = new List<Slot>(m.Field.Nested.Fields.Count);
                    foreach (var f in m.Field.Nested.Fields)
                    {
                        inner.Add(new Slot(f, m.Offset + f.Offset, m.Name + "." + f.Name));
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
        private static int Covers(List<Slot> managed, int j, long start, long end)
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

        private static bool IsIntegerLike(ManagedField field) =>
            field.Shape == ManagedFieldShape.Integer || field.Shape == ManagedFieldShape.Bool || field.Shape == ManagedFieldShape.Char;

        private static LayoutDrift At(DriftKind kind, Slot m, NativeSlot c) => new LayoutDrift
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
