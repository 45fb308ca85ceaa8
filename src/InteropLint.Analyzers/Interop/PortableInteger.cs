using System;
using System.Collections.Generic;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// One C# integer type that a P/Invoke can pass and that has a C integer's width on every ABI checked:
    /// which type (by its C# name, as messages and fixes say it), how wide it is per ABI, and how a compilation
    /// spells it. The only place that knows the names <c>CLong</c>/<c>CULong</c>/<c>nint</c>/… and what they
    /// mean; the fixes' syntax and conversions for it are in CodeFixes' <c>Syntax/PortableIntegerSyntax.cs</c>.
    /// </summary>
    internal sealed class PortableInteger
    {
        public static readonly PortableInteger SByte = new PortableInteger("sbyte", 1, signed: true, Width.Exact, SpecialType.System_SByte);
        public static readonly PortableInteger Byte = new PortableInteger("byte", 1, signed: false, Width.Exact, SpecialType.System_Byte);
        public static readonly PortableInteger Short = new PortableInteger("short", 2, signed: true, Width.Exact, SpecialType.System_Int16);
        public static readonly PortableInteger UShort = new PortableInteger("ushort", 2, signed: false, Width.Exact, SpecialType.System_UInt16);
        public static readonly PortableInteger Int = new PortableInteger("int", 4, signed: true, Width.Exact, SpecialType.System_Int32);
        public static readonly PortableInteger UInt = new PortableInteger("uint", 4, signed: false, Width.Exact, SpecialType.System_UInt32);
        public static readonly PortableInteger Long = new PortableInteger("long", 8, signed: true, Width.Exact, SpecialType.System_Int64);
        public static readonly PortableInteger ULong = new PortableInteger("ulong", 8, signed: false, Width.Exact, SpecialType.System_UInt64);
        public static readonly PortableInteger NInt = new PortableInteger("nint", 0, signed: true, Width.Pointer, SpecialType.System_IntPtr);
        public static readonly PortableInteger NUInt = new PortableInteger("nuint", 0, signed: false, Width.Pointer, SpecialType.System_UIntPtr);
        public static readonly PortableInteger CLong = new PortableInteger("CLong", 0, signed: true, Width.CLong, SpecialType.None);
        public static readonly PortableInteger CULong = new PortableInteger("CULong", 0, signed: false, Width.CLong, SpecialType.None);

        private const string InteropNamespace = "System.Runtime.InteropServices.";

        private readonly int _size;
        private readonly Width _width;

        private PortableInteger(string name, int size, bool signed, Width width, SpecialType specialType)
        {
            Name = name;
            SpecialType = specialType;
            _size = size;
            IsSigned = signed;
            _width = width;
        }

        private enum Width
        {
            Exact,
            Pointer,
            CLong,
        }

        /// <summary>C# name: <c>CULong</c>, <c>nuint</c>, <c>uint</c>, …</summary>
        public string Name { get; }

        public bool IsSigned { get; }

        /// <summary>The compiler's special type (<c>nint</c> is <see cref="SpecialType.System_IntPtr"/>); <see cref="SpecialType.None"/> for CLong/CULong.</summary>
        public SpecialType SpecialType { get; }

        /// <summary><c>CLong</c>/<c>CULong</c>: structs of .NET 6+ wrapping a <c>nint</c>/<c>nuint</c> (<c>.Value</c>).</summary>
        public bool IsCLongFamily => _width == Width.CLong;

        /// <summary><c>nint</c>/<c>nuint</c>.</summary>
        public bool IsNativeInteger => _width == Width.Pointer;

        /// <summary>The name with its namespace where it needs one: <c>System.Runtime.InteropServices.CLong</c>, <c>nint</c>, <c>uint</c>.</summary>
        public string QualifiedName => IsCLongFamily ? InteropNamespace + Name : Name;

        /// <summary>
        /// The C# integer of exactly <paramref name="size"/> bytes; null for any other size (a C <c>__int128</c>
        /// has no C# type a P/Invoke passes the way C does, so no fix may name one).
        /// </summary>
        public static PortableInteger? Exact(long size, bool signed) => size switch
        {
            1 => signed ? SByte : Byte,
            2 => signed ? Short : UShort,
            4 => signed ? Int : UInt,
            8 => signed ? Long : ULong,
            _ => null,
        };

        /// <summary>
        /// The type a name spells, however it is written (<c>CULong</c>, <c>System.Runtime.InteropServices.CULong</c>,
        /// <c>global::System.UIntPtr</c>, <c>UInt32</c>); null when the name is not one of these integers.
        /// </summary>
        public static PortableInteger? Named(string spelling)
        {
            var name = spelling.StartsWith("global::", StringComparison.Ordinal) ? spelling.Substring(8) : spelling;
            switch (name)
            {
                case "sbyte": case "SByte": case "System.SByte": return SByte;
                case "byte": case "Byte": case "System.Byte": return Byte;
                case "short": case "Int16": case "System.Int16": return Short;
                case "ushort": case "UInt16": case "System.UInt16": return UShort;
                case "int": case "Int32": case "System.Int32": return Int;
                case "uint": case "UInt32": case "System.UInt32": return UInt;
                case "long": case "Int64": case "System.Int64": return Long;
                case "ulong": case "UInt64": case "System.UInt64": return ULong;
                case "nint": case "IntPtr": case "System.IntPtr": return NInt;
                case "nuint": case "UIntPtr": case "System.UIntPtr": return NUInt;
                case "CLong": case InteropNamespace + "CLong": return CLong;
                case "CULong": case InteropNamespace + "CULong": return CULong;
                default: return null;
            }
        }

        /// <summary>
        /// The integer a C# type is, as the marshaller passes it (an enum as its underlying type); null for anything else
        /// (<c>char</c>, <c>bool</c>, floating point, structs other than CLong/CULong, references).
        /// </summary>
        public static PortableInteger? Of(ITypeSymbol type, InteropTypes? types = null)
        {
            if (type.TypeKind == TypeKind.Enum && type is INamedTypeSymbol e && e.EnumUnderlyingType != null)
            {
                type = e.EnumUnderlyingType;
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_SByte: return SByte;
                case SpecialType.System_Byte: return Byte;
                case SpecialType.System_Int16: return Short;
                case SpecialType.System_UInt16: return UShort;
                case SpecialType.System_Int32: return Int;
                case SpecialType.System_UInt32: return UInt;
                case SpecialType.System_Int64: return Long;
                case SpecialType.System_UInt64: return ULong;
                case SpecialType.System_IntPtr: return NInt;
                case SpecialType.System_UIntPtr: return NUInt;
            }

            return types is null ? null : types.IsCLong(type) ? CLong : types.IsCULong(type) ? CULong : null;
        }

        /// <summary>Size in bytes on an ABI.</summary>
        public int SizeOn(string target) => _width switch
        {
            Width.Pointer => AbiTargets.PointerSize(target),
            Width.CLong => TypeWidths.CLongSize(target),
            _ => _size,
        };

        /// <summary>
        /// Whether a fix may write the type: CLong/CULong need .NET 6, in this compilation and in every other
        /// target framework of the project (a fix edits the one source all of them compile).
        /// </summary>
        public bool ExistsIn(InteropTypes types) => !IsCLongFamily || (types.CLong != null && types.CULong != null && types.FrameworkWithoutCLong is null);

        /// <summary>
        /// How code in this compilation writes the type: <c>nint</c>/<c>nuint</c> become <c>System.IntPtr</c>/<c>System.UIntPtr</c>
        /// before C# 9; null when the type does not exist here.
        /// </summary>
        public string? SpellIn(InteropTypes types)
        {
            if (!ExistsIn(types))
            {
                return null;
            }

            if (IsNativeInteger && !types.HasNativeIntegerKeywords)
            {
                return IsSigned ? "System.IntPtr" : "System.UIntPtr";
            }

            return Name;
        }

        /// <summary>
        /// The C# integer type that has the C type's width on every given ABI, preferring the type that
        /// says what C means (<c>CULong</c> for <c>unsigned long</c>, <c>nuint</c> for <c>size_t</c>),
        /// or null when no single C# type is right everywhere.
        /// </summary>
        public static PortableInteger? For(IReadOnlyList<(string Target, CType Type, AbiManifest Abi)> perAbi)
        {
            if (perAbi.Count == 0)
            {
                return null;
            }

            var first = perAbi[0].Type;
            if (first.Kind == CTypeKind.Pointer)
            {
                return AllSizes(perAbi, NInt) ? NInt : null;
            }

            var signed = first.IsSigned;
            var pointerSized = signed ? NInt : NUInt;
            var cLong = signed ? CLong : CULong;

            // Names first: they say what the C type means, and the sizes confirm it on every ABI.
            if (TryExactWidthName(first, out var exactSize) && Exact(exactSize, signed) is { } exact && AllSizes(perAbi, exact))
            {
                return exact;
            }

            if (IsPointerSizedName(first) && AllSizes(perAbi, pointerSized))
            {
                return pointerSized;
            }

            var canonical = TypeWidths.CanonicalName(first, perAbi[0].Abi);
            if ((canonical == "long" || canonical == "unsigned long") && AllSizes(perAbi, canonical == "long" ? CLong : CULong))
            {
                return canonical == "long" ? CLong : CULong;
            }

            if (Exact(first.Size, signed) is { } sized && AllSizes(perAbi, sized))
            {
                return sized;
            }

            if (AllSizes(perAbi, pointerSized))
            {
                return pointerSized;
            }

            return AllSizes(perAbi, cLong) ? cLong : null;
        }

        public override string ToString() => Name;

        private static bool AllSizes(IReadOnlyList<(string Target, CType Type, AbiManifest Abi)> perAbi, PortableInteger candidate)
        {
            foreach (var (target, type, _) in perAbi)
            {
                if (type.Size != candidate.SizeOn(target))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool TryExactWidthName(CType type, out int size)
        {
            foreach (var name in type.Typedefs)
            {
                switch (name)
                {
                    case "int8_t": case "uint8_t": size = 1; return true;
                    case "int16_t": case "uint16_t": size = 2; return true;
                    case "int32_t": case "uint32_t": size = 4; return true;
                    case "int64_t": case "uint64_t": size = 8; return true;
                }
            }

            size = 0;
            return false;
        }

        private static bool IsPointerSizedName(CType type)
        {
            foreach (var name in type.Typedefs)
            {
                switch (name)
                {
                    case "size_t":
                    case "ssize_t":
                    case "ptrdiff_t":
                    case "intptr_t":
                    case "uintptr_t":
                        return true;
                }
            }

            return false;
        }
    }
}
