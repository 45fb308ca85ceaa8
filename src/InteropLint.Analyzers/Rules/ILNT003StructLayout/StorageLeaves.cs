using System.Collections.Generic;
using InteropLint.Manifest;

namespace InteropLint.Analyzers
{
    /// <summary>What a run of bytes holds, as far as reading it through another type cares.</summary>
    internal enum LeafKind
    {
        /// <summary>One integer, pointer, enum, bool or floating-point value.</summary>
        Scalar,

        /// <summary>An array of scalars (one leaf for the whole array).</summary>
        Array,

        /// <summary>Bytes C declares without a type of their own: <c>char</c>/<c>unsigned char</c> arrays, records the manifest lacks.</summary>
        Bytes,

        /// <summary>Bit-fields sharing one storage unit.</summary>
        BitFields,
    }

    /// <summary>One piece of C storage at an offset: a scalar, an array of scalars, bit-fields or untyped bytes.</summary>
    internal sealed class StorageLeaf
    {
        public StorageLeaf(string name, LeafKind kind, long offset, long size, long elementSize, bool isFloat)
        {
            Name = name;
            Kind = kind;
            Offset = offset;
            Size = size;
            ElementSize = elementSize;
            IsFloat = isFloat;
        }

        /// <summary>The path as C spells it (<c>_sifields._kill.si_pid</c>); anonymous members add nothing.</summary>
        public string Name { get; }

        /// <summary>The last part of <see cref="Name"/>.</summary>
        public string ShortName
        {
            get
            {
                var dot = Name.LastIndexOf('.');
                return dot < 0 ? Name : Name.Substring(dot + 1);
            }
        }

        public LeafKind Kind { get; }

        public long Offset { get; }

        public long Size { get; }

        public long End => Offset + Size;

        /// <summary>Arrays: the element's size; scalars: their size.</summary>
        public long ElementSize { get; }

        public bool IsFloat { get; }

        /// <summary>Bit-fields: the storage unit's size.</summary>
        public long UnitSize { get; set; }
    }

    /// <summary>
    /// A C record flattened to the storage it holds on one ABI: nested structs opened, every member of every
    /// union (named or anonymous) kept, so the leaves of different union members overlap as they do in C.
    /// </summary>
    internal static class StorageLeaves
    {
        /// <summary>Arrays of records are opened element by element up to this many leaves; past it, the rest is bytes.</summary>
        private const int MaxLeaves = 4096;

        private const int MaxDepth = 16;

        public static List<StorageLeaf> Of(RecordDecl record, AbiManifest abi)
        {
            var leaves = new List<StorageLeaf>();
            AddRecord(leaves, record, abi, 0, "", 0);
            return leaves;
        }

        private static void AddRecord(List<StorageLeaf> leaves, RecordDecl record, AbiManifest abi, long offset, string prefix, int depth)
        {
            if (depth > MaxDepth || leaves.Count > MaxLeaves)
            {
                leaves.Add(new StorageLeaf(prefix.TrimEnd('.'), LeafKind.Bytes, offset, record.Size, 1, false));
                return;
            }

            if (record.Kind == CTypeKind.Union)
            {
                foreach (var member in record.Fields)
                {
                    AddType(leaves, member.Type, abi, offset + member.Offset, member.Name.Length == 0 ? prefix : prefix + member.Name + ".", depth + 1);
                }

                return;
            }

            foreach (var slot in NativeLayout.Slots(record, abi, offset))
            {
                var name = slot.Name.StartsWith("(anonymous", System.StringComparison.Ordinal) ? prefix : prefix + slot.Name + ".";
                switch (slot.Kind)
                {
                    case NativeSlotKind.Flexible:
                        break;
                    case NativeSlotKind.BitFields:
                        leaves.Add(new StorageLeaf(prefix + slot.Name, LeafKind.BitFields, slot.Offset, slot.Size, slot.Size, false) { UnitSize = slot.UnitSize });
                        break;
                    default:
                        AddType(leaves, slot.Type, abi, slot.Offset, name, depth + 1);
                        break;
                }
            }
        }

        /// <summary>Adds the leaves of a value of <paramref name="type"/> at <paramref name="offset"/>, named <paramref name="path"/> (ending in '.').</summary>
        private static void AddType(List<StorageLeaf> leaves, CType type, AbiManifest abi, long offset, string path, int depth)
        {
            var name = path.TrimEnd('.');
            switch (type.Kind)
            {
                case CTypeKind.Struct:
                case CTypeKind.Union:
                    var record = NativeLayout.RecordOf(type, abi);
                    if (record is null || record.Size <= 0)
                    {
                        leaves.Add(new StorageLeaf(name, LeafKind.Bytes, offset, type.Size, 1, false));
                    }
                    else
                    {
                        AddRecord(leaves, record, abi, offset, path, depth);
                    }

                    break;
                case CTypeKind.Array:
                    var element = type.Element;
                    if (element is null || element.Size <= 0 || type.Size <= 0)
                    {
                        break; // a flexible array member takes no space
                    }

                    if (element.Kind == CTypeKind.Struct || element.Kind == CTypeKind.Union || element.Kind == CTypeKind.Array)
                    {
                        var count = type.Size / element.Size;
                        for (long i = 0; i < count; i++)
                        {
                            if (leaves.Count > MaxLeaves)
                            {
                                leaves.Add(new StorageLeaf(name, LeafKind.Bytes, offset + (i * element.Size), type.Size - (i * element.Size), 1, false));
                                break;
                            }

                            AddType(leaves, element, abi, offset + (i * element.Size), name + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "].", depth + 1);
                        }

                        break;
                    }

                    var untyped = element.Size == 1 && (element.Kind == CTypeKind.Char || element.Kind == CTypeKind.Integer);
                    leaves.Add(new StorageLeaf(name, untyped ? LeafKind.Bytes : LeafKind.Array, offset, type.Size, element.Size, element.Kind == CTypeKind.Float));
                    break;
                default:
                    if (type.Size > 0)
                    {
                        leaves.Add(new StorageLeaf(name, LeafKind.Scalar, offset, type.Size, type.Size, type.Kind == CTypeKind.Float));
                    }

                    break;
            }
        }
    }
}
