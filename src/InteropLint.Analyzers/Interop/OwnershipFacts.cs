using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using InteropLint.Manifest;

namespace InteropLint.Analyzers
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

        private static readonly ConditionalWeakTable<AbiManifest, HashSet<string>> Deallocators = new ConditionalWeakTable<AbiManifest, HashSet<string>>();

        /// <summary>Whether some ownership pair of the header names <paramref name="function"/> as the one that frees: it takes what it is given.</summary>
        public static bool IsDeallocator(string function, IReadOnlyList<AbiDeclaration<FunctionDecl>> declarations)
        {
            foreach (var declaration in declarations)
            {
                var set = Deallocators.GetValue(declaration.Abi, abi =>
                {
                    var names = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var pair in abi.Ownership)
                    {
                        names.Add(pair.Deallocator);
                    }

                    return names;
                });
                if (set.Contains(function))
                {
                    return true;
                }
            }

            return false;
        }

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
                return new OwnershipPair { Allocator = allocator, Deallocator = user, Reason = OwnershipReason.Option };
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

        /// <summary>
        /// The out-parameters of <paramref name="function"/> through which it hands out something the caller frees, with
        /// the pair that says so (the manifest's doc-comment pairs; the first ABI that has any).
        /// </summary>
        public static IReadOnlyList<OwnershipPair> FindOutParameterPairs(string function, IReadOnlyList<AbiDeclaration<FunctionDecl>> declarations)
        {
            foreach (var declaration in declarations)
            {
                List<OwnershipPair>? found = null;
                foreach (var pair in declaration.Abi.Ownership)
                {
                    if (pair.OutParameter >= 0 && pair.Allocator == function)
                    {
                        (found ??= new List<OwnershipPair>()).Add(pair);
                    }
                }

                if (found != null)
                {
                    return found;
                }
            }

            return Array.Empty<OwnershipPair>();
        }

        /// <summary>How a pair is known, for messages: <c>doc comment, SDL_clipboard.h:55</c>, <c>name pair in the header</c>, …</summary>
        public static string Describe(OwnershipPair pair)
        {
            if (pair.Evidence.Length > 0)
            {
                return pair.Evidence;
            }

            switch (pair.Reason)
            {
                case OwnershipReason.Option: return "interoplint.ownership_pairs";
                case OwnershipReason.Attribute: return "from its attributes";
                case OwnershipReason.DocComment: return "its doc comment";
                case OwnershipReason.Libc: return "C library";
                case OwnershipReason.NamePair: return "name pair in the header";
                case OwnershipReason.TypePair: return "same library, allocating name and pointer type";
                default: return ManifestSpelling.Of(pair.Reason);
            }
        }

        private static Dictionary<string, OwnershipPair> Build(AbiManifest abi)
        {
            var map = new Dictionary<string, OwnershipPair>(StringComparer.Ordinal);
            foreach (var pair in abi.Ownership)
            {
                if (pair.OutParameter < 0 && !map.ContainsKey(pair.Allocator))
                {
                    map.Add(pair.Allocator, pair);
                }
            }

            return map;
        }
    }
}
