using System;

namespace InteropLint.Manifest
{
    /// <summary>
    /// Compares library names the way the runtime's probing makes them equivalent:
    /// <c>z</c>, <c>libz</c>, <c>libz.so.1</c>, <c>/usr/lib/libz.so</c> and <c>z.dll</c> all name one library.
    /// </summary>
    public static class LibraryNames
    {
        /// <summary>Whether two names are one library; compares the normalized parts in place (it runs for every P/Invoke and ABI).</summary>
        public static bool Same(string a, string b)
        {
            if (string.Equals(a, b, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            var (aStart, aEnd) = Core(a ?? "");
            var (bStart, bEnd) = Core(b ?? "");
            return aEnd - aStart == bEnd - bStart
                && string.Compare(a, aStart, b, bStart, aEnd - aStart, StringComparison.OrdinalIgnoreCase) == 0;
        }

        public static string Normalize(string name)
        {
            if (string.IsNullOrEmpty(name))
            {
                return "";
            }

            var (start, end) = Core(name);
            return name.Substring(start, end - start);
        }

        /// <summary>Where the library's own name lies inside <paramref name="name"/>: start (inclusive) and end (exclusive).</summary>
        private static (int Start, int End) Core(string name)
        {
            if (name.Length == 0)
            {
                return (0, 0);
            }

            var start = Math.Max(name.LastIndexOf('/'), name.LastIndexOf('\\')) + 1;
            var end = name.Length;

            // Strip version suffixes and extensions: libz.so.1.2.13, z.dll, libz.1.dylib.
            var so = name.IndexOf(".so", start, StringComparison.OrdinalIgnoreCase);
            if (so >= 0 && (so + 3 == name.Length || name[so + 3] == '.'))
            {
                end = so;
            }
            else if (EndsWith(name, ".dll") || EndsWith(name, ".exe"))
            {
                end = name.Length - 4;
            }
            else if (EndsWith(name, ".dylib"))
            {
                end = name.Length - 6;
                while (end > start && (char.IsDigit(name[end - 1]) || name[end - 1] == '.'))
                {
                    end--;
                }
            }

            if (end - start > 3 && string.Compare(name, start, "lib", 0, 3, StringComparison.OrdinalIgnoreCase) == 0)
            {
                start += 3;
            }

            return (start, end);
        }

        private static bool EndsWith(string s, string suffix) => s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
    }
}
