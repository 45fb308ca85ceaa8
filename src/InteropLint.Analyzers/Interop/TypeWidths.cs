using System;
using System.Collections.Generic;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers.Infrastructure
{
    /// <summary>A C# type that has a C type's width on every ABI checked.</summary>
    internal sealed class PortableType
    {
        public PortableType(string name, bool isCLongFamily, bool isNativeInteger)
        {
            Name = name;
            IsCLongFamily = isCLongFamily;
            IsNativeInteger = isNativeInteger;
        }

        /// <summary>C# spelling: <c>CULong</c>, <c>nuint</c>, <c>uint</c>, …</summary>
        public string Name { get; }

        /// <summary><c>CLong</c>/<c>CULong</c>: needs .NET 6+.</summary>
        public bool IsCLongFamily { get; }

        /// <summary><c>nint</c>/<c>nuint</c>.</summary>
        public bool IsNativeInteger { get; }
    }

    /// <summary>
    /// Widths of C# and C integer types per target ABI: the shared knowledge of every rule that
    /// compares a C# declaration with a C one.
    /// </summary>
    internal static class TypeWidths
    {
        /// <summary>Size in bytes of C <c>long</c> on an ABI: 4 on Windows (LLP64), pointer-sized elsewhere (LP64/ILP32).</summary>
        public static int CLongSize(string target) => AbiTargets.IsWindows(target) ? 4 : AbiTargets.PointerSize(target);

        /// <summary>
        /// The size of a C# integer-like type on an ABI (what the marshaller passes), or null when
        /// the type is not an integer: <c>char</c>, <c>bool</c>, floating point, structs and references are other rules' business.
        /// </summary>
        public static int? ManagedIntegerSize(ITypeSymbol type, string target, InteropTypes types)
        {
            if (type.TypeKind == TypeKind.Enum && type is INamedTypeSymbol e && e.EnumUnderlyingType != null)
            {
                return ManagedIntegerSize(e.EnumUnderlyingType, target, types);
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_SByte:
                case SpecialType.System_Byte:
                    return 1;
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                    return 2;
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                    return 4;
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                    return 8;
                case SpecialType.System_IntPtr:
                case SpecialType.System_UIntPtr:
                    return AbiTargets.PointerSize(target);
            }

            if (types.IsCLong(type) || types.IsCULong(type))
            {
                return CLongSize(target);
            }

            return null;
        }

        /// <summary>Whether a C type is an integer whose width ILNT001 judges (not bool, not a character type, not an enum).</summary>
        public static bool IsPlainInteger(CType type) =>
            (type.Kind == CTypeKind.Integer || type.Kind == CTypeKind.Char) && !IsWideCharacter(type);

        public static bool IsWideCharacter(CType type) =>
            type.HasTypedef("wchar_t") || type.HasTypedef("char16_t") || type.HasTypedef("char32_t")
            || SpelledWideCharacter(type.Spelling);

        /// <summary>
        /// <c>CanonicalName(type) == "wchar_t"</c> without building the name (this runs for every integer slot on
        /// every ABI): the spelling is <c>wchar_t</c>, optionally after <c>const </c>, with blanks around.
        /// </summary>
        private static bool SpelledWideCharacter(string spelling)
        {
            const string Name = "wchar_t";
            var start = spelling.StartsWith("const ", StringComparison.Ordinal) ? 6 : 0;
            var end = spelling.Length;
            while (start < end && char.IsWhiteSpace(spelling[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(spelling[end - 1]))
            {
                end--;
            }

            return end - start == Name.Length && string.CompareOrdinal(spelling, start, Name, 0, Name.Length) == 0;
        }

        /// <summary>The builtin type's name at the end of the typedef chain, e.g. <c>unsigned long</c> for <c>uLongf</c>.</summary>
        public static string CanonicalName(CType type, AbiManifest? abi = null)
        {
            var current = type;
            for (var guard = 0; guard < 32 && current.Typedefs.Count > 0 && abi != null; guard++)
            {
                var last = current.Typedefs[current.Typedefs.Count - 1];
                var typedef = abi.FindTypedef(last);
                if (typedef is null || ReferenceEquals(typedef.Type, current))
                {
                    break;
                }

                current = typedef.Type;
            }

            var spelling = current.Spelling;
            if (spelling.StartsWith("const ", StringComparison.Ordinal))
            {
                spelling = spelling.Substring(6);
            }

            return spelling.Replace(" int", "").Replace("signed long", "long").Trim();
        }

        /// <summary>
        /// The C# integer type that has the C type's width on every given ABI, preferring the type that
        /// says what C means (<c>CULong</c> for <c>unsigned long</c>, <c>nuint</c> for <c>size_t</c>),
        /// or null when no single C# type is right everywhere.
        /// </summary>
        public static PortableType? PortableInteger(IReadOnlyList<(string Target, CType Type, AbiManifest Abi)> perAbi)
        {
            if (perAbi.Count == 0)
            {
                return null;
            }

            var first = perAbi[0].Type;
            if (first.Kind == CTypeKind.Pointer)
            {
                return AllSizes(perAbi, t => AbiTargets.PointerSize(t)) ? new PortableType("nint", false, true) : null;
            }

            var signed = first.IsSigned;

            // Names first: they say what the C type means, and the sizes confirm it on every ABI.
            if (TryExactWidthName(first, out var exact) && AllSizes(perAbi, _ => exact))
            {
                return new PortableType(ExactName(exact, signed), false, false);
            }

            if (IsPointerSizedName(first) && AllSizes(perAbi, t => AbiTargets.PointerSize(t)))
            {
                return new PortableType(signed ? "nint" : "nuint", false, true);
            }

            var canonical = CanonicalName(first, perAbi[0].Abi);
            if ((canonical == "long" || canonical == "unsigned long") && AllSizes(perAbi, CLongSize))
            {
                return new PortableType(canonical == "long" ? "CLong" : "CULong", true, false);
            }

            var size = first.Size;
            if (size > 0 && AllSizes(perAbi, _ => (int)size))
            {
                return new PortableType(ExactName((int)size, signed), false, false);
            }

            if (AllSizes(perAbi, t => AbiTargets.PointerSize(t)))
            {
                return new PortableType(signed ? "nint" : "nuint", false, true);
            }

            if (AllSizes(perAbi, CLongSize))
            {
                return new PortableType(signed ? "CLong" : "CULong", true, false);
            }

            return null;
        }

        public static string ExactName(int size, bool signed) => size switch
        {
            1 => signed ? "sbyte" : "byte",
            2 => signed ? "short" : "ushort",
            4 => signed ? "int" : "uint",
            _ => signed ? "long" : "ulong",
        };

        private static bool AllSizes(IReadOnlyList<(string Target, CType Type, AbiManifest Abi)> perAbi, Func<string, int> expected)
        {
            foreach (var (target, type, _) in perAbi)
            {
                if (type.Size != expected(target))
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
