using System;

namespace InteropLint.Manifest
{
    /// <summary>
    /// Compares library names the way the runtime's probing makes them equivalent:
    /// <c>z</c>, <c>libz</c>, <c>libz.so.1</c>, <c>/usr/lib/libz.so</c> and <c>z.dll</c> all name one library.
    /// </summary>
    public static class LibraryNames
    {
        public static bool Same(string a, string b) =>
            string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);

        public static string Normalize(string name)
        {
            if (string.IsNullOrEmpty(name))
            {
                return "";
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

            return name.Substring(start, end - start);
        }

        private static bool EndsWith(string s, string suffix) => s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
    }
}
