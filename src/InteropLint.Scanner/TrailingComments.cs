using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;

namespace InteropLint.Scanner;

/// <summary>
/// The comment after a one-line declaration (<c>char *tk_render(const tk_item *item); /* caller frees with tk_free */</c>):
/// clang attaches only <c>/**&lt;</c>-style trailing comments, but headers document this way too.
/// </summary>
/// <remarks>One instance per translation unit: a file's lines are looked up once per unit, not once per declaration.</remarks>
internal sealed class TrailingComments
{
    /// <summary>Every unit's files, by path and write time: a file edited between two scans in one process is read again.</summary>
    private static readonly ConcurrentDictionary<string, string[]> Lines = new(StringComparer.Ordinal);

    private readonly Dictionary<string, string[]> _unitLines = new(StringComparer.Ordinal);

    /// <summary>The comment that follows the <c>;</c> ending <paramref name="name"/>'s declaration on line <paramref name="line"/>; empty when none.</summary>
    public string On(string file, int line, string name)
    {
        if (line <= 0 || file.Length == 0)
        {
            return "";
        }

        if (!_unitLines.TryGetValue(file, out var lines))
        {
            try
            {
                lines = Lines.GetOrAdd(file + "|" + File.GetLastWriteTimeUtc(file).Ticks, _ => Read(file));
            }
            catch (IOException)
            {
                return "";
            }

            _unitLines[file] = lines;
        }

        if (line > lines.Length)
        {
            return "";
        }

        var text = lines[line - 1];
        var at = text.IndexOf(name, StringComparison.Ordinal);
        var end = at < 0 ? -1 : text.IndexOf(';', at);
        if (end < 0)
        {
            return "";
        }

        var rest = text.Substring(end + 1).TrimStart();
        return rest.StartsWith("/*", StringComparison.Ordinal) || rest.StartsWith("//", StringComparison.Ordinal) ? rest : "";
    }

    private static string[] Read(string file)
    {
        try
        {
            return File.Exists(file) ? File.ReadAllLines(file) : Array.Empty<string>();
        }
        catch (IOException)
        {
            return Array.Empty<string>();
        }
        catch (UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }
}
