using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace InteropLint.Scanner;

/// <summary>
/// The comment after a one-line declaration (<c>char *tk_render(const tk_item *item); /* caller frees with tk_free */</c>):
/// clang attaches only <c>/**&lt;</c>-style trailing comments, but headers document this way too.
/// </summary>
/// <remarks>One instance per translation unit: a file's lines are looked up once per unit, not once per declaration.</remarks>
internal sealed class TrailingComments
{
    /// <summary>Every unit's files, by path and write time: a file edited between two scans in one process is read again.</summary>
    private static readonly ConcurrentDictionary<string, FileLines> Lines = new(StringComparer.Ordinal);

    private readonly Dictionary<string, FileLines> _unitLines = new(StringComparer.Ordinal);

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
                lines = Lines.GetOrAdd(file + "|" + File.GetLastWriteTimeUtc(file).Ticks, _ => FileLines.Read(file));
            }
            catch (IOException)
            {
                return "";
            }

            _unitLines[file] = lines;
        }

        var text = lines.Line(line);
        var at = text.IndexOf(name, StringComparison.Ordinal);
        var end = at < 0 ? -1 : text.IndexOf(';', at);
        if (end < 0)
        {
            return "";
        }

        var rest = text.Substring(end + 1).TrimStart();
        return rest.StartsWith("/*", StringComparison.Ordinal) || rest.StartsWith("//", StringComparison.Ordinal) ? rest : "";
    }

    /// <summary>
    /// A file's bytes and where each line starts (after <c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>, as clang counts lines):
    /// only the lines asked for are decoded. A unit of windows.h reads megabytes of headers for a few thousand lines.
    /// </summary>
    private sealed class FileLines
    {
        private static readonly FileLines Empty = new(Array.Empty<byte>(), new[] { 0 });

        private readonly byte[] _bytes;
        private readonly int[] _starts;

        private FileLines(byte[] bytes, int[] starts)
        {
            _bytes = bytes;
            _starts = starts;
        }

        /// <summary>Line <paramref name="line"/> (1-based) without its line break, UTF-8 decoded; empty past the end.</summary>
        public string Line(int line)
        {
            if (line > _starts.Length)
            {
                return "";
            }

            var start = _starts[line - 1];
            var rest = _bytes.AsSpan(start);
            var length = rest.IndexOfAny((byte)'\r', (byte)'\n');
            return Encoding.UTF8.GetString(length < 0 ? rest : rest.Slice(0, length));
        }

        public static FileLines Read(string file)
        {
            byte[] bytes;
            try
            {
                if (!File.Exists(file))
                {
                    return Empty;
                }

                bytes = File.ReadAllBytes(file);
            }
            catch (IOException)
            {
                return Empty;
            }
            catch (UnauthorizedAccessException)
            {
                return Empty;
            }

            var first = bytes.AsSpan().StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
            var starts = new List<int> { first };
            var at = first;
            while (at < bytes.Length)
            {
                var next = bytes.AsSpan(at).IndexOfAny((byte)'\r', (byte)'\n');
                if (next < 0)
                {
                    break;
                }

                at += next;
                at += bytes[at] == (byte)'\r' && at + 1 < bytes.Length && bytes[at + 1] == (byte)'\n' ? 2 : 1;
                starts.Add(at);
            }

            return new FileLines(bytes, starts.ToArray());
        }

        private static ReadOnlySpan<byte> Utf8Bom => new byte[] { 0xEF, 0xBB, 0xBF };
    }
}
