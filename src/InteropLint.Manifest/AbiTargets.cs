using System;
using System.Collections.Generic;

namespace InteropLint.Manifest
{
    /// <summary>The target ABIs InteropLint knows, by .NET runtime identifier.</summary>
    public static class AbiTargets
    {
        /// <summary>What is checked when the project does not say: one LP64 Unix, one LLP64 Windows, one Apple arm64.</summary>
        public const string Default = "linux-x64;win-x64;osx-arm64";

        private static readonly Dictionary<string, string> Triples = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["linux-x64"] = "x86_64-pc-linux-gnu",
            ["linux-arm64"] = "aarch64-unknown-linux-gnu",
            ["win-x64"] = "x86_64-pc-windows-msvc",
            ["win-x86"] = "i686-pc-windows-msvc",
            ["osx-x64"] = "x86_64-apple-macosx11.0.0",
            ["osx-arm64"] = "arm64-apple-macosx11.0.0",
        };

        public static IEnumerable<string> All => new[] { "linux-x64", "linux-arm64", "win-x64", "win-x86", "osx-x64", "osx-arm64" };

        public static bool IsKnown(string rid) => Triples.ContainsKey(rid);

        /// <summary>The clang target triple for a runtime identifier, or null when unknown.</summary>
        public static string? Triple(string rid) => Triples.TryGetValue(rid, out var t) ? t : null;

        public static bool IsWindows(string rid) => rid.StartsWith("win-", StringComparison.OrdinalIgnoreCase);

        public static bool IsApple(string rid) => rid.StartsWith("osx-", StringComparison.OrdinalIgnoreCase);

        /// <summary>Pointer width in bytes.</summary>
        public static int PointerSize(string rid) => rid.EndsWith("-x86", StringComparison.OrdinalIgnoreCase) ? 4 : 8;

        /// <summary>Splits an <c>InteropLintTargets</c>-style list (<c>;</c> or <c>,</c> separated), dropping blanks and duplicates, keeping order.</summary>
        public static IReadOnlyList<string> Parse(string? list)
        {
            var result = new List<string>();
            foreach (var part in (string.IsNullOrWhiteSpace(list) ? Default : list!).Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var rid = part.Trim().ToLowerInvariant();
                if (rid.Length > 0 && !result.Contains(rid))
                {
                    result.Add(rid);
                }
            }

            return result;
        }
    }
}
