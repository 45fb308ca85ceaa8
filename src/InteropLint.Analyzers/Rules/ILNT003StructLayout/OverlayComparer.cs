using System.Collections.Generic;
using InteropLint.Manifest;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// Compares a C# struct whose fields overlap (an explicit layout with overlays, flattened union members, a
    /// whole-struct byte view) with a C record by bytes: every C# field must lie over C storage of its width and
    /// kind. A byte array may lie over anything; any field may lie over bytes C leaves untyped (<c>char pad[N]</c>);
    /// a field that other, correct C# fields already describe byte for byte is an alternative view (an alignment
    /// scalar over a family field and its padding). What drifts first, in the order a reader should fix it: a field
    /// named like a C field but not where that field is (a swap), then a field of the wrong width or kind, then the size.
    /// </summary>
    internal static class OverlayComparer
    {
        /// <summary>Elements of one C# array checked one by one; a drift past them is missed, never invented.</summary>
        private const int MaxElementsChecked = 4096;

        /// <summary>Whether two of the layout's fields share bytes.</summary>
        public static bool HasOverlap(ManagedLayout layout)
        {
            var fields = new List<ManagedField>(layout.Fields.Count);
            foreach (var field in layout.Fields)
            {
                if (field.Size > 0)
                {
                    fields.Add(field);
                }
            }

            fields.Sort((a, b) => a.Offset.CompareTo(b.Offset));
            long end = 0;
            for (var i = 0; i < fields.Count; i++)
            {
                if (i > 0 && fields[i].Offset < end)
                {
                    return true;
                }

                end = System.Math.Max(end, fields[i].End);
            }

            return false;
        }

        /// <summary>The first drift, or null when every field lies over matching storage and the sizes agree.</summary>
        public static LayoutDrift? Compare(ManagedLayout managed, RecordDecl record, AbiManifest abi)
        {
            var native = StorageLeaves.Of(record, abi);
            var leaves = new List<PlacedField>();
            Flatten(managed, 0, "", leaves, 0);

            var good = new List<PlacedField>();
            var bad = new List<(PlacedField Leaf, LayoutDrift Drift)>();
            foreach (var leaf in leaves)
            {
                var drift = Check(leaf, native, record.Size);
                if (drift is null)
                {
                    good.Add(leaf);
                }
                else
                {
                    bad.Add((leaf, drift));
                }
            }

            var swap = FindMisplacedName(leaves, native, good);
            if (swap != null)
            {
                return swap;
            }

            foreach (var (leaf, drift) in bad)
            {
                if (drift.Kind != DriftKind.Extra && !InsideOneLeaf(leaf, native) && !NamedHere(leaf, native) && Covered(good, leaf.Offset, leaf.End))
                {
                    continue; // a view across several C fields that other C# fields describe correctly (an alignment overlay)
                }

                return drift;
            }

            return null;
        }

        /// <summary>C# fields opened down to scalars and arrays, at their offsets in the outer struct.</summary>
        private static void Flatten(ManagedLayout layout, long baseOffset, string prefix, List<PlacedField> leaves, int depth)
        {
            foreach (var field in layout.Fields)
            {
                if (field.Shape == ManagedFieldShape.Struct && field.Nested != null && field.Nested.Fields.Count > 0 && depth < 16)
                {
                    Flatten(field.Nested, baseOffset + field.Offset, prefix + field.Name + ".", leaves, depth + 1);
                }
                else if (field.Size > 0)
                {
                    leaves.Add(new PlacedField(field, baseOffset + field.Offset, prefix + field.Name));
                }
            }
        }

        /// <summary>A C# field named like exactly one place in C, but somewhere else: two fields swapped, or one shifted.</summary>
        private static LayoutDrift? FindMisplacedName(List<PlacedField> leaves, List<StorageLeaf> native, List<PlacedField> good)
        {
            foreach (var leaf in leaves)
            {
                StorageLeaf? named = null;
                var ambiguous = false;
                var here = false;
                foreach (var c in native)
                {
                    if (c.Kind == LeafKind.BitFields || !FieldPairing.SameName(c.ShortName, leaf.ShortName))
                    {
                        continue;
                    }

                    here |= c.Offset == leaf.Offset;
                    if (named != null && named.Offset != c.Offset)
                    {
                        ambiguous = true;
                    }

                    named ??= c;
                }

                if (named != null && !ambiguous && !here && (InsideOneLeaf(leaf, native) || !Covered(good, leaf.Offset, leaf.End)))
                {
                    return Drift(DriftKind.Offset, leaf, named);
                }
            }

            return null;
        }

        /// <summary>Null when the C# field lies over C storage of its width and kind (or over untyped bytes).</summary>
        private static LayoutDrift? Check(PlacedField leaf, List<StorageLeaf> native, long recordSize)
        {
            if (leaf.End > recordSize)
            {
                return new LayoutDrift { Kind = DriftKind.Extra, ManagedName = leaf.Name, ManagedOffset = leaf.Offset, ManagedSize = leaf.Field.Size };
            }

            var field = leaf.Field;
            if (field.Shape == ManagedFieldShape.Struct || (field.Shape == ManagedFieldShape.Array && field.ElementSize == 1))
            {
                return null; // raw bytes (a byte buffer, a struct the layout engine knows only by size) may view anything
            }

            if (field.Shape == ManagedFieldShape.Array && field.ElementSize > 1)
            {
                for (long k = 0; k < field.Count && k < MaxElementsChecked; k++)
                {
                    if (!Fits(leaf.Offset + (k * field.ElementSize), field.ElementSize, null, native))
                    {
                        return Mismatch(leaf, native);
                    }
                }

                return null;
            }

            // A field named like the C field at its offset claims to be that field: only its storage counts.
            var named = native.FindAll(c => c.Offset == leaf.Offset && FieldPairing.SameName(c.ShortName, leaf.ShortName));
            return Fits(leaf.Offset, field.Size, field.Shape == ManagedFieldShape.Float, named.Count > 0 ? named : native) ? null : Mismatch(leaf, native);
        }

        /// <summary>Whether some C storage holds a value of <paramref name="size"/> bytes at <paramref name="offset"/> (of the same kind when <paramref name="isFloat"/> is known).</summary>
        private static bool Fits(long offset, long size, bool? isFloat, List<StorageLeaf> native)
        {
            foreach (var c in native)
            {
                if (offset < c.Offset || offset + size > c.End)
                {
                    continue;
                }

                switch (c.Kind)
                {
                    case LeafKind.Bytes:
                        return true;
                    case LeafKind.BitFields:
                        if (offset == c.Offset && isFloat != true && size >= c.Size)
                        {
                            return true;
                        }

                        break;
                    default:
                        if (c.ElementSize == size && (offset - c.Offset) % c.ElementSize == 0 && (isFloat is null || isFloat == c.IsFloat))
                        {
                            return true;
                        }

                        break;
                }
            }

            // Bit-fields are checked from their first byte and may be covered by a wider integer than the bytes their bits touch.
            foreach (var c in native)
            {
                if (c.Kind == LeafKind.BitFields && c.Offset == offset && isFloat != true && size >= c.Size && size <= c.UnitSize)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The drift of a C# field over the wrong storage, naming the C field it lies over.</summary>
        private static LayoutDrift Mismatch(PlacedField leaf, List<StorageLeaf> native)
        {
            StorageLeaf? under = null;
            foreach (var c in native)
            {
                if (c.Offset <= leaf.Offset && leaf.Offset < c.End && (under is null || c.Offset > under.Offset || (c.Offset == under.Offset && c.Size < under.Size)))
                {
                    under = c;
                }
            }

            foreach (var c in native)
            {
                if (c.Offset == leaf.Offset && FieldPairing.SameName(c.ShortName, leaf.ShortName))
                {
                    under = c; // the C field of the same name, when one is there
                }
            }

            if (under is null)
            {
                return new LayoutDrift { Kind = DriftKind.Extra, ManagedName = leaf.Name, ManagedOffset = leaf.Offset, ManagedSize = leaf.Field.Size };
            }

            var kind = under.Offset != leaf.Offset ? DriftKind.Offset
                : under.Size == leaf.Field.Size && under.Kind == LeafKind.Scalar && under.IsFloat != (leaf.Field.Shape == ManagedFieldShape.Float) ? DriftKind.KindMismatch
                : DriftKind.Size;
            var drift = Drift(kind, leaf, under);
            drift.NativeIsFloat = under.IsFloat;
            return drift;
        }

        /// <summary>Whether one piece of C storage holds the whole field: then the field misreads it, it is no view across fields.</summary>
        private static bool InsideOneLeaf(PlacedField leaf, List<StorageLeaf> native)
        {
            foreach (var c in native)
            {
                if (c.Kind != LeafKind.Bytes && c.Offset <= leaf.Offset && leaf.End <= c.End)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether C has a field of the C# field's name at its offset: then the C# field claims to be it, and is no mere view.</summary>
        private static bool NamedHere(PlacedField leaf, List<StorageLeaf> native)
        {
            foreach (var c in native)
            {
                if (c.Offset == leaf.Offset && FieldPairing.SameName(c.ShortName, leaf.ShortName))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Covered(List<PlacedField> good, long start, long end)
        {
            var covered = start;
            var progress = true;
            while (covered < end && progress)
            {
                progress = false;
                foreach (var g in good)
                {
                    if (g.Offset <= covered && g.End > covered)
                    {
                        covered = g.End;
                        progress = true;
                    }
                }
            }

            return covered >= end;
        }

        private static LayoutDrift Drift(DriftKind kind, PlacedField leaf, StorageLeaf c) => new LayoutDrift
        {
            Kind = kind,
            ManagedName = leaf.Name,
            ManagedOffset = leaf.Offset,
            ManagedSize = leaf.Field.Size,
            NativeName = c.Name,
            NativeOffset = c.Offset,
            NativeSize = c.Size,
        };
    }
}
