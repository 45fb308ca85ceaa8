using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using InteropLint.Manifest;

namespace InteropLint.Scanner;

/// <summary>
/// Reads what a declaration's comment says about ownership and lifetime. Sentences, not keywords alone: a
/// sentence counts when it says the result is freed ("must be freed with", "call X() on the returned pointer",
/// "caller frees with X") and names a free-like function of the same header item, and has no negation
/// ("must not be freed", "don't free", "never").
/// </summary>
internal static class DocComments
{
    private static readonly Regex Identifier = new(@"[A-Za-z_][A-Za-z0-9_]*", RegexOptions.CultureInvariant);

    private static readonly string[] FreeingWords = { "free", "release", "dispose", "destroy", "delete", "deallocat", "clean" };

    private static readonly Regex Negation = new(@"\b(not|never|n't|no need)\b|n't\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>
    /// The deallocators by header item, then by name: what <see cref="NamedDeallocator"/> looks a comment's words up in,
    /// built once per ABI rather than once per commented function.
    /// </summary>
    public static Dictionary<int, Dictionary<string, FunctionDecl>> ByHeader(List<(FunctionDecl Function, string Stem, string Suffix)> deallocators)
    {
        var byHeader = new Dictionary<int, Dictionary<string, FunctionDecl>>();
        foreach (var (candidate, _, _) in deallocators)
        {
            if (!byHeader.TryGetValue(candidate.Header, out var byName))
            {
                byHeader[candidate.Header] = byName = new Dictionary<string, FunctionDecl>(StringComparer.Ordinal);
            }

            byName[candidate.Name] = candidate;
        }

        return byHeader;
    }

    /// <summary>
    /// The deallocator of the same header item (<paramref name="deallocators"/>, from <see cref="ByHeader"/>) that the
    /// comment of <paramref name="function"/> names for its result, other than the function itself; null when it names none.
    /// </summary>
    public static FunctionDecl? NamedDeallocator(FunctionDecl function, Dictionary<int, Dictionary<string, FunctionDecl>> deallocators)
    {
        // Sentences only replace characters by spaces, so a comment without a freeing word has no sentence with one.
        if (function.DocComment.Length == 0 || !SaysFreed(function.DocComment) || !deallocators.TryGetValue(function.Header, out var byName))
        {
            return null;
        }

        foreach (var sentence in Sentences(function.DocComment))
        {
            if (!SaysFreed(sentence) || Negation.IsMatch(sentence))
            {
                continue;
            }

            foreach (Match word in Identifier.Matches(sentence))
            {
                if (word.Value != function.Name && byName.TryGetValue(word.Value, out var deallocator))
                {
                    return deallocator;
                }
            }
        }

        return null;
    }

    /// <summary>The comment's text without its markers, split into sentences (a period followed by a space, or a blank line).</summary>
    internal static IEnumerable<string> Sentences(string comment)
    {
        var text = Regex.Replace(comment, @"^\s*(/\*+!?<?|\*+/|///?<?!?|\*)", " ", RegexOptions.Multiline);
        text = text.Replace("*/", " ");
        foreach (var part in Regex.Split(text, @"(?<=[.;:])\s+|\n\s*\n", RegexOptions.CultureInvariant))
        {
            var sentence = Regex.Replace(part, @"\s+", " ").Trim();
            if (sentence.Length > 0)
            {
                yield return sentence;
            }
        }
    }

    private static bool SaysFreed(string sentence)
    {
        var lower = sentence.ToLowerInvariant();
        foreach (var word in FreeingWords)
        {
            if (lower.Contains(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
