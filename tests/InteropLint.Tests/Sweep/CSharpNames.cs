using Microsoft.CodeAnalysis.CSharp;

namespace InteropLint.Tests.Sweep;

/// <summary>C names as C# identifiers: keywords escaped, characters C# refuses replaced, clashes in one scope made unique.</summary>
public sealed class CSharpNames
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public CSharpNames(params string[] reserved)
    {
        foreach (var name in reserved)
        {
            _used.Add(name);
        }
    }

    /// <summary>A valid identifier for <paramref name="cName"/> (or <paramref name="fallback"/> when empty), unique in this scope.</summary>
    public string Claim(string cName, string fallback)
    {
        var name = Identifier(cName.Length == 0 ? fallback : cName);
        var candidate = name;
        for (var i = 2; !_used.Add(candidate.TrimStart('@')); i++)
        {
            candidate = name.TrimStart('@') + "_" + i;
        }

        return candidate;
    }

    public static string Identifier(string cName)
    {
        var chars = cName.Select(c => char.IsLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
        var name = new string(chars);
        if (name.Length == 0 || char.IsDigit(name[0]))
        {
            name = "_" + name;
        }

        return SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None
            ? "@" + name
            : name;
    }
}
