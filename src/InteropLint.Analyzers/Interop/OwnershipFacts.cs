using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using InteropLint.Manifest;

namespace InteropLint.Analyzers.Infrastructure
{
    /// <summary>Who frees what a native function returns: the manifest's ownership pairs, the user's pairs, and the C library's borrowed results.</summary>
    internal static class OwnershipFacts
    {
        /// <summary>The C library's functions that return a non-const pointer into static or argument storage: the caller must not free it.</summary>
        private static readonly HashSet<string> LibcBorrowed = new HashSet<string>(StringComparer.Ordinal)
        {
            "getenv", "secure_getenv", "strerror", "setlocale", "ctime", "asctime", "ttyname", "getlogin", "strtok",
            "strchr", "strrchr", "strstr", "strpbrk", "strchrnul", "memchr", "index", "rindex", "basename", "dirname",
            "inet_ntoa", "dlerror", "nl_langinfo", "tmpnam", "ptsname", "strsignal", "getpass", "cuserid",
        };

        private static readonly ConditionalWeakTable<AbiManifest, Dictionary<string, OwnershipPair>> ByAllocator =
            new ConditionalWeakTable<AbiManifest, Dictionary<string, OwnershipPair>>();

        /// <summary>A C library function whose (non-const) result the caller must not free.</summary>
        public static bool IsLibcBorrowed(string name) => LibcBorrowed.Contains(name);

        /// <summary>
        /// The function that releases what <paramref name="allocator"/> returns, and how that is known
        /// (<c>option</c> for the user's <c>interoplint.ownership_pairs</c>, else the manifest's reason); null when nothing says.
        /// </summary>
        public static OwnershipPair? FindDeallocator(string allocator, IReadOnlyList<AbiDeclaration<FunctionDecl>> declarations, IReadOnlyDictionary<string, string> userPairs)
        {
            if (userPairs.TryGetValue(allocator, out var user))
            {
                return new OwnershipPair { Allocator = allocator, Deallocator = user, Reason = "option" };
            }

            foreach (var declaration in declarations)
            {
                var map = ByAllocator.GetValue(declaration.Abi, Build);
                if (map.TryGetValue(allocator, out var pair))
                {
                    return pair;
                }
            }

            return null;
        }

        private static Dictionary<string, OwnershipPair> Build(AbiManifest abi)
        {
            var map = new Dictionary<string, OwnershipPair>(StringComparer.Ordinal);
            foreach (var pair in abi.Ownership)
            {
                if (!map.ContainsKey(pair.Allocator))
                {
                    map.Add(pair.Allocator, pair);
                }
            }

            return map;
        }
    }
}
