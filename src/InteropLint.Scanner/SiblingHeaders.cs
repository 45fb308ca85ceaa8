using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace InteropLint.Scanner;

/// <summary>
/// Names a library writes as <c>name(</c> in the headers of its own folders that a unit did not read: SDL_vulkan.h
/// next to SDL.h, git2/sys/*.h next to git2.h. Read as text, without the preprocessor: only to tell "declared
/// elsewhere in the library" from "declared nowhere" (ILNT006), never as a fact about a declaration. A name found
/// here that is not really a function only keeps ILNT006 quiet; it never produces a finding.
/// </summary>
internal static class SiblingHeaders
{
    /// <summary>Enough for any one library's folder tree; a folder holding more is not one library's.</summary>
    private const int MaxFiles = 2000;

    private const long MaxFileBytes = 2 * 1024 * 1024;

    /// <summary>C operators and keywords that precede <c>(</c> in headers without being functions.</summary>
    private static readonly HashSet<string> NotFunctions = new(StringComparer.Ordinal)
    {
        "if", "while", "for", "switch", "return", "sizeof", "alignof", "_Alignof", "__alignof__", "typeof", "__typeof__",
        "defined", "__attribute__", "__declspec", "__asm__", "asm", "__asm", "_Static_assert", "static_assert",
        "_Generic", "__extension__", "__has_include", "__has_feature", "__has_attribute", "__has_builtin",
    };

    /// <summary>Folders below a header's own folder that hold the C library or the OS, not a library's own headers.</summary>
    private static readonly HashSet<string> SystemSubfolders = new(StringComparer.Ordinal)
    {
        "sys", "bits", "gnu", "linux", "asm", "asm-generic", "net", "netinet", "arpa", "scsi", "rpc", "mtd", "sound", "video",
    };

    private static readonly Regex Call = new(@"\b([A-Za-z_][A-Za-z0-9_]*)\s*\(", RegexOptions.CultureInvariant);

    /// <summary>Per file (by path and write time): the names it writes as calls, with the line of the first.</summary>
    private static readonly ConcurrentDictionary<(string, DateTime), IReadOnlyList<(string Name, int Line)>> Cache = new();

    /// <summary>
    /// The library's folders for a header: its own folder and include paths (<paramref name="libraryFolders"/>, system
    /// roots already left out), and each folder below the header's own that the header includes from directly
    /// (git2.h in /usr/include includes git2/common.h: /usr/include/git2), unless it is a C library or OS folder.
    /// </summary>
    public static IReadOnlyList<string> Folders(string headerPath, IReadOnlyList<string> libraryFolders, IEnumerable<(string File, string Includer, int Line)> inclusions)
    {
        var folders = new List<string>(libraryFolders.Select(Normalize));
        var own = Path.GetDirectoryName(Normalize(headerPath));
        if (own is null)
        {
            return folders;
        }

        var header = Normalize(headerPath);
        foreach (var (file, includer, _) in inclusions)
        {
            if (Normalize(includer) != header || Path.GetDirectoryName(Normalize(file)) is not { } folder
                || !folder.StartsWith(own + "/", StringComparison.Ordinal))
            {
                continue;
            }

            var first = folder.Substring(own.Length + 1).Split('/')[0];
            var top = own + "/" + first;
            if (!SystemSubfolders.Contains(first) && !first.EndsWith("-linux-gnu", StringComparison.Ordinal) && !folders.Contains(top))
            {
                folders.Add(top);
            }
        }

        return folders;
    }

    /// <summary>
    /// The names written as calls in the <c>.h</c> files below <paramref name="folders"/> that are not in
    /// <paramref name="read"/>, each with the first file and line that writes it; the files it reads are added to
    /// <paramref name="inputs"/> (the scan's result depends on them), and the folders, when their every <c>.h</c> file
    /// is among the inputs, to <paramref name="watched"/>: a new header there changes the result too.
    /// </summary>
    public static IEnumerable<(string Name, string File, int Line)> NamesOutside(IReadOnlyList<string> folders, ISet<string> read, ICollection<string> inputs, ICollection<string> watched)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var files = HeaderFiles(folders);
        if (files.Count > 0)
        {
            foreach (var folder in folders.Where(Directory.Exists))
            {
                watched.Add(folder);
            }
        }

        foreach (var file in files)
        {
            if (read.Contains(file))
            {
                continue;
            }

            inputs.Add(file);
            foreach (var (name, line) in NamesIn(file))
            {
                if (seen.Add(name))
                {
                    yield return (name, file, line);
                }
            }
        }
    }

    private static IReadOnlyCollection<string> HeaderFiles(IReadOnlyList<string> folders)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder))
            {
                continue;
            }

            try
            {
                foreach (var file in Directory.EnumerateFiles(folder, "*.h", SearchOption.AllDirectories))
                {
                    files.Add(Normalize(file));
                    if (files.Count > MaxFiles)
                    {
                        return Array.Empty<string>(); // not one library's folder: say nothing rather than everything
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // an unreadable folder tells us nothing
            }
        }

        return files;
    }

    private static IReadOnlyList<(string Name, int Line)> NamesIn(string file)
    {
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists || info.Length > MaxFileBytes)
            {
                return Array.Empty<(string, int)>();
            }

            return Cache.GetOrAdd((file, info.LastWriteTimeUtc), _ => Extract(File.ReadAllText(file)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<(string, int)>();
        }
    }

    /// <summary>Names followed by <c>(</c> outside comments and preprocessor lines (a macro's name is not a function).</summary>
    internal static IReadOnlyList<(string Name, int Line)> Extract(string text)
    {
        var names = new List<(string, int)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lines = WithoutComments(text).Split('\n');
        var continued = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var directive = continued || line.TrimStart().StartsWith("#", StringComparison.Ordinal);
            continued = directive && line.TrimEnd().EndsWith("\\", StringComparison.Ordinal);
            if (directive)
            {
                continue;
            }

            foreach (Match m in Call.Matches(line))
            {
                var name = m.Groups[1].Value;
                if (!NotFunctions.Contains(name) && seen.Add(name))
                {
                    names.Add((name, i + 1));
                }
            }
        }

        return names;
    }

    /// <summary>The text with comments blanked out, newlines kept (so line numbers stay right).</summary>
    private static string WithoutComments(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? text.Length : end + 2;
                for (var j = i; j < end; j++)
                {
                    sb.Append(text[j] == '\n' ? '\n' : ' ');
                }

                i = end;
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (text[i] == '"')
            {
                sb.Append(' ');
                i++;
                while (i < text.Length && text[i] != '"' && text[i] != '\n')
                {
                    i += text[i] == '\\' ? 2 : 1;
                }

                i++;
            }
            else
            {
                sb.Append(text[i]);
                i++;
            }
        }

        return sb.ToString();
    }

    /// <summary>A full path with forward slashes and no trailing one: how files are compared here.</summary>
    internal static string Normalize(string path) => path.Length == 0 ? path : Path.GetFullPath(path).Replace('\\', '/').TrimEnd('/');
}
