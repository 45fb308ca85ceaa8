using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace InteropLint.Tests.Robustness;

/// <summary>Deterministic mutations of C# sources: the half-typed code an IDE analyzes all day.</summary>
public static class Mutations
{
    /// <summary>A seed that depends only on the text (string.GetHashCode is randomized per process).</summary>
    public static int StableSeed(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash & 0x7fffffff;
        }
    }

    /// <summary>
    /// The source cut at <paramref name="truncations"/> points spread over it, and with random tokens
    /// deleted or duplicated; each variant is named for failure messages.
    /// </summary>
    public static IEnumerable<(string Name, string Text)> Of(string source, int truncations, int deletions, int duplications)
    {
        var random = new Random(StableSeed(source));
        for (var i = 1; i <= truncations; i++)
        {
            var at = (int)((long)source.Length * i / (truncations + 1));
            at = Math.Clamp(at + random.Next(-3, 4), 0, source.Length);
            yield return ("cut@" + at, source.Substring(0, at));
        }

        var tokens = CSharpSyntaxTree.ParseText(source, AnalysisHarness.ParseOptions).GetRoot().DescendantTokens()
            .Where(t => t.Span.Length > 0)
            .ToList();
        if (tokens.Count == 0)
        {
            yield break;
        }

        for (var i = 0; i < deletions; i++)
        {
            var token = tokens[random.Next(tokens.Count)];
            yield return ("delete '" + token.Text + "'@" + token.SpanStart, source.Remove(token.SpanStart, token.Span.Length));
        }

        for (var i = 0; i < duplications; i++)
        {
            var token = tokens[random.Next(tokens.Count)];
            yield return ("duplicate '" + token.Text + "'@" + token.SpanStart, source.Insert(token.Span.End, " " + token.Text));
        }
    }
}
