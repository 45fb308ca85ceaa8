using System.Collections.Generic;
using InteropLint.Manifest;

namespace InteropLint.Analyzers.Infrastructure
{
    internal enum NativeSlotKind
    {
        Scalar,
        Array,
        Struct,
        Union,

        /// <summary>Consecutive bit-fields sharing one storage unit.</summary>
        BitFields,

        /// <summary>A flexible array member (<c>T data[]</c>): no storage of its own.</summary>
        Flexible,
    }

    /// <summary>One thing a C record holds at an offset, as a C# field has to mirror it.</summary>
    internal sealed class NativeSlot
    {
        public NativeSlot(string name, NativeSlotKind kind, long offset, long size, CType type)
        {
            Name = name;
            Kind = kind;
            Offset = offset;
            Size = size;
            Type = type;
        }

        /// <summary>The C field's name; for bit-fields, the names joined by ", "; nested anonymous members as written.</summary>
        public string Name { get; }

        public NativeSlotKind Kind { get; }

        public long Offset { get; }

        /// <summary>Bytes; for bit-fields, the bytes their bits touch.</summary>
        public long Size { get; }

        public CType Type { get; }

        public long End => Offset + Size;

        /// <summary>Struct and union slots: the record (null when the manifest lacks it).</summary>
        public RecordDecl? Record { get; set; }

        /// <summary>Bit-fields: the storage unit's size (the declared type's).</summary>
        public long UnitSize { get; set; }
    }

    /// <summary>A C record's fields as <see cref="NativeSlot"/>s, with anonymous members and bit-field units resolved.</summary>
    internal static class NativeLayout
    {
        /// <summary>The record's slots at <paramref name="baseOffset"/>; a union is one slot.</summary>
        public static List<NativeSlot> Slots(RecordDecl record, AbiManifest abi, long baseOffset = 0, int depth = 0)
        {
            var slots = new List<NativeSlot>(record.Fields.Count);
            if (record.Kind == CTypeKind.Union)
            {
                slots.Add(new NativeSlot(record.Name, NativeSlotKind.Union, baseOffset, record.Size, new CType { Kind = CTypeKind.Union, DeclName = record.Name, Size = record.Size, Align = record.Align }) { Record = record });
                return slots;
            }

            AddFields(slots, record, abi, baseOffset, depth, "");
            return slots;
        }

        /// <summary>The slots of a struct slot's record, for comparing with C# fields that inline it.</summary>
        public static List<NativeSlot>? Expand(NativeSlot slot, AbiManifest abi, int depth)
        {
            if (slot.Kind != NativeSlotKind.Struct || slot.Record is null || depth > 16)
            {
                return null;
            }

            var slots = new List<NativeSlot>();
            AddFields(slots, slot.Record, abi, slot.Offset, depth + 1, slot.Name + ".");
            return slots;
        }

        /// <summary>The record a struct/union-typed C type names, in this ABI.</summary>
        public static RecordDecl? RecordOf(CType type, AbiManifest abi)
        {
            var current = type;
            while (current.Kind == CTypeKind.Array && current.Element != null)
            {
                current = current.Element;
            }

            return (current.Kind == CTypeKind.Struct || current.Kind == CTypeKind.Union) && current.DeclName != null
                ? abi.FindRecord(current.DeclName)
                : null;
        }

        /// <summary>How a person names the C type: its first typedef (<c>z_stream</c>), else its tag.</summary>
        public static string DisplayName(CType type) =>
            type.Typedefs.Count > 0 ? type.Typedefs[0] : type.DeclName ?? type.Spelling;

        private static void AddFields(List<NativeSlot> slots, RecordDecl record, AbiManifest abi, long baseOffset, int depth, string prefix)
        {
            var fields = record.Fields;
            for (var i = 0; i < fields.Count; i++)
            {
                var field = fields[i];
                var type = field.Type;
                if (field.IsBitField)
                {
                    i = AddBitFields(slots, fields, i, baseOffset, prefix) - 1;
                    continue;
                }

                var offset = baseOffset + field.Offset;
                if (field.Name.Length == 0 && (type.Kind == CTypeKind.Struct || type.Kind == CTypeKind.Union))
                {
                    var anonymous = RecordOf(type, abi);
                    if (anonymous != null && type.Kind == CTypeKind.Struct && depth < 16)
                    {
                        AddFields(slots, anonymous, abi, offset, depth + 1, prefix);
                        continue;
                    }

                    slots.Add(new NativeSlot(prefix + "(anonymous " + (type.Kind == CTypeKind.Union ? "union" : "struct") + ")", type.Kind == CTypeKind.Union ? NativeSlotKind.Union : NativeSlotKind.Struct, offset, type.Size, type) { Record = anonymous });
                    continue;
                }

                switch (type.Kind)
                {
                    case CTypeKind.Array when type.ArrayLength < 0 || type.Size <= 0:
                        slots.Add(new NativeSlot(prefix + field.Name, NativeSlotKind.Flexible, offset, 0, type));
                        break;
                    case CTypeKind.Array:
                        slots.Add(new NativeSlot(prefix + field.Name, NativeSlotKind.Array, offset, type.Size, type));
                        break;
                    case CTypeKind.Struct:
                        slots.Add(new NativeSlot(prefix + field.Name, NativeSlotKind.Struct, offset, type.Size, type) { Record = RecordOf(type, abi) });
                        break;
                    case CTypeKind.Union:
                        slots.Add(new NativeSlot(prefix + field.Name, NativeSlotKind.Union, offset, type.Size, type) { Record = RecordOf(type, abi) });
                        break;
                    default:
                        slots.Add(new NativeSlot(prefix + field.Name, NativeSlotKind.Scalar, offset, type.Size, type));
                        break;
                }
            }
        }

        /// <summary>Groups the bit-fields from <paramref name="start"/> that share the first one's storage unit; returns the index after them.</summary>
        private static int AddBitFields(List<NativeSlot> slots, IReadOnlyList<FieldDecl> fields, int start, long baseOffset, string prefix)
        {
            var first = fields[start];
            var unitBits = first.Type.Size > 0 ? first.Type.Size * 8 : 8;
            var unitStart = first.OffsetBits / unitBits * unitBits;
            var names = new List<string>();
            long lowBit = long.MaxValue;
            long highBit = 0;
            var i = start;
            for (; i < fields.Count && fields[i].IsBitField; i++)
            {
                var field = fields[i];
                if (field.OffsetBits >= unitStart + unitBits)
                {
                    break;
                }

                if (field.BitWidth == 0)
                {
                    continue; // ':0' only forces the next unit
                }

                if (field.Name.Length > 0)
                {
                    names.Add(prefix + field.Name);
                }

                lowBit = System.Math.Min(lowBit, field.OffsetBits);
                highBit = System.Math.Max(highBit, field.OffsetBits + field.BitWidth);
            }

            if (names.Count > 0 || lowBit != long.MaxValue)
            {
                var low = lowBit / 8;
                var high = (highBit + 7) / 8;
                slots.Add(new NativeSlot(string.Join(", ", names), NativeSlotKind.BitFields, baseOffset + low, high - low, first.Type) { UnitSize = unitBits / 8 });
            }

            return i == start ? start + 1 : i;
        }
    }
}
