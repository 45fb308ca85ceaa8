using System.Collections.Generic;
using System.Globalization;
using System.Text;
using InteropLint.Manifest;

namespace InteropLint.Analyzers.Infrastructure
{
    /// <summary>The pieces every message is made of, written one way.</summary>
    internal static class MessageText
    {
        /// <summary><c>zlib.h:1717</c>: the header's file name and line, as a person looks it up.</summary>
        public static string Where(Declaration declaration)
        {
            var file = declaration.File;
            var slash = System.Math.Max(file.LastIndexOf('/'), file.LastIndexOf('\\'));
            var name = slash >= 0 ? file.Substring(slash + 1) : file;
            return declaration.Line > 0 ? name + ":" + declaration.Line.ToString(CultureInfo.InvariantCulture) : name;
        }

        public static string Abis(IEnumerable<string> targets) => string.Join(", ", targets);

        /// <summary><c> (not checked on win-x86: not declared there)</c>, or nothing when every ABI was checked.</summary>
        public static string NotChecked(IReadOnlyList<KeyValuePair<string, string>> notChecked)
        {
            if (notChecked.Count == 0)
            {
                return "";
            }

            var sb = new StringBuilder(" (not checked on ");
            for (var i = 0; i < notChecked.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append("; ");
                }

                sb.Append(notChecked[i].Key).Append(": ").Append(notChecked[i].Value);
            }

            return sb.Append(')').ToString();
        }

        public static string Bytes(long size) => size.ToString(CultureInfo.InvariantCulture) + (size == 1 ? " byte" : " bytes");
    }
}
