using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using InteropLint.Manifest;

namespace InteropLint.Analyzers
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

        /// <summary>Same offset and size, but an integer where C has a floating-point value or the reverse.</summary>
        KindMismatch,

        /// <summary>C asks for more alignment than managed memory gives, and the struct lives in managed memory.</summary>
        Alignment,
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

        /// <summary>KindMismatch: whether the C storage is floating-point.</summary>
        public bool NativeIsFloat { get; set; }

        /// <summary>
        /// Every C# field is where C has it and the C# struct only stops early: a correct prefix of the C record
        /// (a read-only view of a versioned struct) — wrong only when C reads or writes the whole record through it.
        /// </summary>
        public bool IsPrefix { get; set; }

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
                case DriftKind.KindMismatch:
                    text = "field '" + ManagedName + "' at offset " + N(ManagedOffset) + " (" + MessageText.Bytes(ManagedSize) + ") is " + (NativeIsFloat ? "an integer" : "floating-point")
                        + " but C '" + NativeName + "' there is " + (NativeIsFloat ? "floating-point" : "an integer");
                    break;
                case DriftKind.Alignment:
                    return "C '" + nativeRecord + "' is aligned to " + N(NativeAlign) + " bytes but the runtime aligns managed memory to 8 at most, and the struct is passed by reference or by value from managed memory"
                        + " (C may use aligned vector loads on it): allocate it with NativeMemory.AlignedAlloc(" + N(NativeTotal) + ", " + N(NativeAlign) + ") and pass a pointer";
                default:
                    return "size " + N(ManagedTotal) + " vs C " + N(NativeTotal);
            }

            return ManagedTotal != NativeTotal ? text + "; size " + N(ManagedTotal) + " vs C " + N(NativeTotal) : text;
        }

        private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
