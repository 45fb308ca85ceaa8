using System;
using System.Collections.Generic;
using System.IO;
using InteropLint.Clang;
using InteropLint.Clang.Native;

namespace InteropLint.Scanner;

/// <summary>
/// Names for struct, union and enum declarations, including the ones C leaves without a tag:
/// <c>typedef struct { … } foo;</c> is <c>foo</c>; a nested anonymous record is <c>Outer.field</c> when a field
/// has its type and <c>Outer.__anonN</c> when it is an anonymous member. Names depend only on the source,
/// never on memory addresses, so manifests are deterministic.
/// </summary>
internal sealed class DeclarationNames
{
    private readonly Dictionary<string, string> _assigned = new(StringComparer.Ordinal);

    public void Assign(Cursor declaration, string name)
    {
        _assigned.TryAdd(Key(declaration), name);
    }

    public bool IsAssigned(Cursor declaration) => _assigned.ContainsKey(Key(declaration));

    public string NameOf(Cursor declaration)
    {
        var spelling = declaration.Spelling;
        if (IsIdentifier(spelling))
        {
            return spelling;
        }

        if (_assigned.TryGetValue(Key(declaration), out var name))
        {
            return name;
        }

        // clang spells a record named only by a typedef with the typedef's name
        var typeSpelling = declaration.Type.Spelling;
        foreach (var prefix in new[] { "struct ", "union ", "enum " })
        {
            if (typeSpelling.StartsWith(prefix, StringComparison.Ordinal))
            {
                typeSpelling = typeSpelling.Substring(prefix.Length);
            }
        }

        if (IsIdentifier(typeSpelling))
        {
            return typeSpelling;
        }

        var location = declaration.Location;
        return $"(anonymous {TagWord(declaration.Kind)} at {Path.GetFileName(location.File)}:{location.Line}:{location.Column})";
    }

    public static bool IsTagless(Cursor declaration) => !IsIdentifier(declaration.Spelling);

    internal static string TagWord(CXCursorKind kind) => kind switch
    {
        CXCursorKind.UnionDecl => "union",
        CXCursorKind.EnumDecl => "enum",
        _ => "struct",
    };

    internal static bool IsIdentifier(string text)
    {
        if (text.Length == 0 || !(char.IsLetter(text[0]) || text[0] == '_'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_' || c == '$'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Key(Cursor declaration)
    {
        var location = declaration.Location;
        return location.File + ":" + location.Line + ":" + location.Column + ":" + (int)declaration.Kind;
    }
}
