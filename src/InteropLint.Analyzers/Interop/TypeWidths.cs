using System;
using System.Collections.Generic;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
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
        public static int? ManagedIntegerSize(ITypeSymbol type, string target, InteropTypes types) =>
            PortableInteger.Of(type, types)?.SizeOn(target);

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
    }
}
