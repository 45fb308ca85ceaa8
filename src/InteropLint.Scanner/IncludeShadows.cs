using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using InteropLint.Manifest;

namespace InteropLint.Scanner;

/// <summary>
/// Where a new file would change what the headers include: for every file a scan read, the same relative path
/// under each directory the include search looks in for the project's headers (a header's own folder and its
/// include paths). None of them exists now; if one appears, an <c>#include</c> may find it first, and no time stamp
/// or hash of a file that was read says so. The build rescans when one exists (and a committed manifest warns).
/// An over-approximation (a candidate searched after the folder the file came from also counts): it costs a
/// rescan, never a stale manifest. System include folders are not watched: a change there is an installation.
/// </summary>
public static class IncludeShadows
{
    /// <summary>How many trailing folders of an included path can be its spelling (<c>SDL2/SDL.h</c>, <c>openssl/x509/...</c>).</summary>
    private const int MaxSpelledDepth = 3;

    /// <summary>A bound on the list, so a huge include tree cannot make every build stat thousands of paths.</summary>
    private const int MaxCandidates = 20_000;

    public static IReadOnlyList<string> Candidates(IEnumerable<ManifestHeader> headers, IReadOnlyList<string> inputs)
    {
        var searched = new List<string>();
        foreach (var header in headers)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(header.Path));
            foreach (var dir in new[] { folder }.Concat(header.IncludePaths.Select(Path.GetFullPath)))
            {
                if (!string.IsNullOrEmpty(dir) && !searched.Contains(dir!, StringComparer.Ordinal))
                {
                    searched.Add(dir!);
                }
            }
        }

        var read = new HashSet<string>(inputs, StringComparer.Ordinal);
        var candidates = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            foreach (var spelled in Spellings(input))
            {
                foreach (var dir in searched)
                {
                    var candidate = Path.Combine(dir, spelled);
                    if (!read.Contains(candidate) && !File.Exists(candidate))
                    {
                        candidates.Add(candidate);
                        if (candidates.Count >= MaxCandidates)
                        {
                            return candidates.ToList();
                        }
                    }
                }
            }
        }

        return candidates.ToList();
    }

    /// <summary><c>/usr/include/SDL2/SDL.h</c> → <c>SDL.h</c>, <c>SDL2/SDL.h</c>, ... up to a folder named <c>include</c>.</summary>
    private static IEnumerable<string> Spellings(string path)
    {
        var parts = path.Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);
        for (var depth = 1; depth <= Math.Min(MaxSpelledDepth, parts.Length - 1); depth++)
        {
            if (depth > 1 && parts[parts.Length - depth].Equals("include", StringComparison.OrdinalIgnoreCase))
            {
                yield break;
            }

            yield return string.Join(Path.DirectorySeparatorChar.ToString(), parts, parts.Length - depth, depth);
        }
    }
}
