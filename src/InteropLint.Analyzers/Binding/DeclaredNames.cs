using System;
using System.Collections.Generic;
using InteropLint.Manifest;

namespace InteropLint.Analyzers
{
    /// <summary>The function names (and macros that name functions) the headers of one library declare.</summary>
    internal sealed class DeclaredNames
    {
        private readonly Dictionary<string, FunctionDecl> _functions = new Dictionary<string, FunctionDecl>(StringComparer.Ordinal);
        private readonly Dictionary<string, MacroAliasDecl> _aliases = new Dictionary<string, MacroAliasDecl>(StringComparer.Ordinal);
        private readonly Dictionary<string, ElsewhereDecl> _elsewhere = new Dictionary<string, ElsewhereDecl>(StringComparer.Ordinal);

        private DeclaredNames()
        {
        }

        /// <summary>Whether a header item names this library in its <c>Library</c> metadata (not only "serves every library").</summary>
        public bool NamedExplicitly { get; private set; }

        /// <summary>The header files that serve the library, for messages: <c>zlib.h</c>.</summary>
        public List<string> HeaderFiles { get; } = new List<string>();

        /// <summary>Targets whose scan reported errors: declarations after an error may be missing there.</summary>
        public List<string> TargetsWithErrors { get; } = new List<string>();

        public bool HasScannedAbi { get; private set; }

        /// <summary>
        /// A header item serving the library whose scan failed or timed out on every ABI (ILNT902): what it declares
        /// is unknown, so no name can be called undeclared.
        /// </summary>
        public bool HasUnscannedHeader { get; private set; }

        public IReadOnlyDictionary<string, FunctionDecl> Functions => _functions;

        /// <summary>Where the library declares a function these parses did not see (a block skipped for the checked ABIs, a header of its folders not scanned), if it does.</summary>
        public ElsewhereDecl? FindElsewhere(string name) => _elsewhere.TryGetValue(name, out var e) ? e : null;

        public MacroAliasDecl? FindAlias(string name) => _aliases.TryGetValue(name, out var alias) ? alias : null;

        /// <summary>Collects every scanned ABI's declarations from headers that serve <paramref name="library"/>.</summary>
        public static DeclaredNames Collect(NativeIndex index, string library)
        {
            var names = new DeclaredNames();
            var scannedHeaders = new Dictionary<NativeManifest, bool[]>();
            foreach (var (manifest, abi) in index.Abis)
            {
                if (!scannedHeaders.TryGetValue(manifest, out var scannedSomewhere))
                {
                    scannedHeaders[manifest] = scannedSomewhere = new bool[manifest.Headers.Count];
                }

                if (abi.Scanned)
                {
                    for (var i = 0; i < scannedSomewhere.Length; i++)
                    {
                        scannedSomewhere[i] |= !FailedToScan(abi, i);
                    }
                }

                var serving = new bool[manifest.Headers.Count];
                var any = false;
                for (var i = 0; i < manifest.Headers.Count; i++)
                {
                    var header = manifest.Headers[i];
                    if (!header.ServesLibrary(library))
                    {
                        continue;
                    }

                    serving[i] = any = true;
                    if (header.Library.Length > 0)
                    {
                        names.NamedExplicitly = true;
                    }

                    var file = FileName(header.Path);
                    if (!names.HeaderFiles.Contains(file))
                    {
                        names.HeaderFiles.Add(file);
                    }
                }

                if (!any || !abi.Scanned)
                {
                    continue;
                }

                names.HasScannedAbi = true;
                foreach (var d in abi.Diagnostics)
                {
                    // An error in another header's scan says nothing of this library's declarations.
                    var ofServingHeader = d.Header < 0 || (d.Header < serving.Length && serving[d.Header]);
                    if (d.Severity >= ScanSeverity.Error && ofServingHeader && !names.TargetsWithErrors.Contains(abi.Target))
                    {
                        names.TargetsWithErrors.Add(abi.Target);
                    }
                }

                foreach (var f in abi.Functions)
                {
                    if (f.Header >= 0 && f.Header < serving.Length && serving[f.Header])
                    {
                        if (!names._functions.ContainsKey(f.Name))
                        {
                            names._functions[f.Name] = f;
                        }

                        if (f.Symbol.Length > 0 && !names._functions.ContainsKey(f.Symbol))
                        {
                            names._functions[f.Symbol] = f; // an asm label's symbol is what a P/Invoke may name
                        }
                    }
                }

                foreach (var e in abi.Elsewhere)
                {
                    if (e.Header >= 0 && e.Header < serving.Length && serving[e.Header] && !names._elsewhere.ContainsKey(e.Name))
                    {
                        names._elsewhere[e.Name] = e;
                    }
                }

                foreach (var a in abi.MacroAliases)
                {
                    if (a.Header >= 0 && a.Header < serving.Length && serving[a.Header] && !names._aliases.ContainsKey(a.Name))
                    {
                        names._aliases[a.Name] = a;
                    }
                }
            }

            foreach (var pair in scannedHeaders)
            {
                for (var i = 0; i < pair.Value.Length; i++)
                {
                    names.HasUnscannedHeader |= !pair.Value[i] && pair.Key.Headers[i].ServesLibrary(library);
                }
            }

            return names;
        }

        /// <summary>Whether the scan of header item <paramref name="header"/> failed or timed out on this ABI (ILNT902 names it).</summary>
        private static bool FailedToScan(AbiManifest abi, int header)
        {
            foreach (var d in abi.Diagnostics)
            {
                if (d.Header == header && d.Code == ToolCode.ScanFailed)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Declared names close to <paramref name="name"/>, nearest first: a case-only difference first,
        /// then by edit distance (insertions, deletions, substitutions, transpositions), at most <paramref name="max"/>.
        /// </summary>
        public List<string> Nearest(string name, int max)
        {
            var limit = Math.Max(1, Math.Min(3, name.Length / 4));
            var scored = new List<(int Score, string Name)>();
            foreach (var candidate in _functions.Keys)
            {
                if (Math.Abs(candidate.Length - name.Length) > limit)
                {
                    continue;
                }

                var distance = EditDistance(name, candidate, ignoreCase: true);
                if (distance > limit)
                {
                    continue;
                }

                // Case differences break ties: exact-case edits rank before case-only mismatches.
                var caseDifferences = distance == 0 ? 1 : EditDistance(name, candidate, ignoreCase: false) - distance;
                scored.Add(((distance * 4) + Math.Min(caseDifferences, 3), candidate));
            }

            scored.Sort((a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : string.CompareOrdinal(a.Name, b.Name));
            var result = new List<string>(Math.Min(max, scored.Count));
            for (var i = 0; i < scored.Count && i < max; i++)
            {
                result.Add(scored[i].Name);
            }

            return result;
        }

        /// <summary>Optimal string alignment distance.</summary>
        internal static int EditDistance(string a, string b, bool ignoreCase)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (var i = 0; i <= a.Length; i++)
            {
                d[i, 0] = i;
            }

            for (var j = 0; j <= b.Length; j++)
            {
                d[0, j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = Same(a[i - 1], b[j - 1], ignoreCase) ? 0 : 1;
                    var best = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && Same(a[i - 1], b[j - 2], ignoreCase) && Same(a[i - 2], b[j - 1], ignoreCase))
                    {
                        best = Math.Min(best, d[i - 2, j - 2] + 1);
                    }

                    d[i, j] = best;
                }
            }

            return d[a.Length, b.Length];
        }

        private static bool Same(char x, char y, bool ignoreCase) =>
            x == y || (ignoreCase && char.ToUpperInvariant(x) == char.ToUpperInvariant(y));

        private static string FileName(string path)
        {
            var slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
            return slash >= 0 ? path.Substring(slash + 1) : path;
        }
    }
}
