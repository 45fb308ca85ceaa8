using System;
using System.Collections.Generic;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// Which target ABIs a member may run on, from the platform attributes .NET's platform-compatibility analyzer (CA1416)
    /// enforces at every call site: <c>[SupportedOSPlatform("windows")]</c> on the member, its containing types or the
    /// assembly, and unversioned <c>[UnsupportedOSPlatform("linux")]</c>. Bindings mark per-OS variants this way (a wide-char
    /// entry point for Windows only); judging such a variant on an ABI it is never called on would report a bug that
    /// cannot happen. Attributes are matched by full name, as CA1416 does, so netstandard polyfills count too.
    /// </summary>
    internal static class PlatformSupport
    {
        private const string VersioningNamespace = "System.Runtime.Versioning";

        /// <summary>Whether <paramref name="symbol"/> may run on <paramref name="target"/> (a RID such as <c>linux-x64</c>).</summary>
        public static bool Allows(ISymbol symbol, string target)
        {
            var os = OperatingSystemOf(target);
            foreach (var level in Levels(symbol))
            {
                if (!LevelAllows(level.GetAttributes(), os))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The match without the ABIs the member is never called on; null when none is left.</summary>
        public static NativeMatch<T>? Restrict<T>(NativeMatch<T> match, ISymbol symbol)
            where T : class
        {
            if (!HasAny(symbol))
            {
                return match; // the common case: no platform attribute anywhere, nothing allocated
            }

            var found = new List<AbiDeclaration<T>>();
            foreach (var f in match.Found)
            {
                if (Allows(symbol, f.Target))
                {
                    found.Add(f);
                }
            }

            var notChecked = new List<KeyValuePair<string, string>>();
            foreach (var n in match.NotChecked)
            {
                if (Allows(symbol, n.Key))
                {
                    notChecked.Add(n);
                }
            }

            return found.Count == 0 ? null : new NativeMatch<T>(found, notChecked);
        }

        private static bool HasAny(ISymbol symbol)
        {
            foreach (var level in Levels(symbol))
            {
                foreach (var attribute in level.GetAttributes())
                {
                    if (IsPlatformAttribute(attribute, out _))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The member, its containing types outwards, and its assembly: where CA1416 reads platform attributes.</summary>
        private static IEnumerable<ISymbol> Levels(ISymbol symbol)
        {
            for (var type = symbol.ContainingType; ; type = type.ContainingType)
            {
                yield return symbol;
                if (type is null)
                {
                    break;
                }

                symbol = type;
            }

            if (symbol.ContainingAssembly != null)
            {
                yield return symbol.ContainingAssembly;
            }
        }

        /// <summary>
        /// One level (member, type, assembly): when it names supported platforms, the OS must be one of them; an
        /// unversioned unsupported platform excludes its OS (a versioned one only drops later versions, so the OS stays).
        /// </summary>
        private static bool LevelAllows(IEnumerable<AttributeData> attributes, string os)
        {
            var namesSupported = false;
            var supported = false;
            foreach (var attribute in attributes)
            {
                if (!IsPlatformAttribute(attribute, out var isSupported)
                    || attribute.ConstructorArguments.Length != 1
                    || !(attribute.ConstructorArguments[0].Value is string platform))
                {
                    continue;
                }

                var name = PlatformName(platform, out var hasVersion);
                if (isSupported)
                {
                    namesSupported = true;
                    supported |= name == os;
                }
                else if (name == os && !hasVersion)
                {
                    return false;
                }
            }

            return !namesSupported || supported;
        }

        private static bool IsPlatformAttribute(AttributeData attribute, out bool isSupported)
        {
            var type = attribute.AttributeClass;
            isSupported = type?.Name == "SupportedOSPlatformAttribute";
            return (isSupported || type?.Name == "UnsupportedOSPlatformAttribute")
                && type!.ContainingNamespace?.ToDisplayString() == VersioningNamespace;
        }

        /// <summary>"Windows10.0.17763" → "windows" (version noted); "OSX" is CA1416's alias of "macos".</summary>
        private static string PlatformName(string platform, out bool hasVersion)
        {
            var end = 0;
            while (end < platform.Length && char.IsLetter(platform[end]))
            {
                end++;
            }

            hasVersion = end < platform.Length;
            var name = platform.Substring(0, end).ToLowerInvariant();
            return name == "osx" ? "macos" : name;
        }

        private static string OperatingSystemOf(string target) =>
            AbiTargets.IsWindows(target) ? "windows"
            : AbiTargets.IsApple(target) ? "macos"
            : target.StartsWith("linux-", StringComparison.OrdinalIgnoreCase) ? "linux"
            : target;
    }
}
