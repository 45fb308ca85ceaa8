using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Analyzers.Infrastructure
{
    /// <summary>
    /// The <c>interoplint.*</c> keys of <c>.editorconfig</c> / <c>.globalconfig</c>, typed, with their defaults in one
    /// place. A key set for the syntax tree wins over the global value.
    /// </summary>
    internal static class AnalyzerOptionsExtensions
    {
        /// <summary><c>alloc_fn:free_fn, other_alloc:other_free</c> — ownership pairs the headers cannot tell (ILNT002, ILNT007).</summary>
        public const string OwnershipPairsKey = "interoplint.ownership_pairs";

        /// <summary><c>name1, name2</c> — native functions that keep a callback after returning (ILNT010).</summary>
        public const string RetainingFunctionsKey = "interoplint.retaining_functions";

        private static readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> ParsedPairs =
            new ConcurrentDictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);

        private static readonly ConcurrentDictionary<string, IReadOnlyCollection<string>> ParsedNames =
            new ConcurrentDictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal);

        /// <summary>Distinct option values kept parsed; past this many (someone typing in .editorconfig) the cache starts over.</summary>
        private const int MaxParsedValues = 64;

        private static readonly IReadOnlyDictionary<string, string> NoPairs = new Dictionary<string, string>();

        private static readonly IReadOnlyCollection<string> NoNames = Array.Empty<string>();

        /// <summary>The raw value of <paramref name="key"/> for <paramref name="tree"/>, else the global value, else null.</summary>
        public static string? GetOption(this AnalyzerOptions options, string key, SyntaxTree? tree)
        {
            var provider = options.AnalyzerConfigOptionsProvider;
            if (tree != null && provider.GetOptions(tree).TryGetValue(key, out var local) && !string.IsNullOrWhiteSpace(local))
            {
                return local;
            }

            return provider.GlobalOptions.TryGetValue(key, out var global) && !string.IsNullOrWhiteSpace(global) ? global : null;
        }

        /// <summary>Allocator → deallocator from <see cref="OwnershipPairsKey"/>; malformed items are skipped.</summary>
        public static IReadOnlyDictionary<string, string> GetOwnershipPairs(this AnalyzerOptions options, SyntaxTree? tree)
        {
            var raw = options.GetOption(OwnershipPairsKey, tree);
            return raw is null ? NoPairs : Parsed(ParsedPairs, raw, ParsePairs);
        }

        /// <summary>Function names from <see cref="RetainingFunctionsKey"/>.</summary>
        public static IReadOnlyCollection<string> GetRetainingFunctions(this AnalyzerOptions options, SyntaxTree? tree)
        {
            var raw = options.GetOption(RetainingFunctionsKey, tree);
            return raw is null ? NoNames : Parsed(ParsedNames, raw, ParseNames);
        }

        private static T Parsed<T>(ConcurrentDictionary<string, T> cache, string raw, Func<string, T> parse)
        {
            if (cache.TryGetValue(raw, out var parsed))
            {
                return parsed;
            }

            if (cache.Count >= MaxParsedValues)
            {
                cache.Clear(); // bounded: an IDE session sees every value typed into the option
            }

            return cache.GetOrAdd(raw, parse);
        }

        internal static IReadOnlyDictionary<string, string> ParsePairs(string raw)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var item in raw.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = item.IndexOf(':');
                if (colon <= 0)
                {
                    continue;
                }

                var allocator = item.Substring(0, colon).Trim();
                var deallocator = item.Substring(colon + 1).Trim();
                if (allocator.Length > 0 && deallocator.Length > 0 && !result.ContainsKey(allocator))
                {
                    result.Add(allocator, deallocator);
                }
            }

            return result;
        }

        internal static IReadOnlyCollection<string> ParseNames(string raw)
        {
            var result = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in raw.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                result.Add(item.Trim());
            }

            return result;
        }
    }
}
