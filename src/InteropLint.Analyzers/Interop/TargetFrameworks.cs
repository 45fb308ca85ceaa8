using System;
using System.Globalization;

namespace InteropLint.Analyzers
{
    /// <summary>What a target framework moniker says about the interop types it has.</summary>
    internal static class TargetFrameworks
    {
        /// <summary>The first of <c>net8.0,netstandard2.0</c> (or <c>;</c>-separated) without CLong/CULong (before .NET 6), or null.</summary>
        public static string? FirstWithoutCLong(string frameworks)
        {
            foreach (var raw in frameworks.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var framework = raw.Trim();
                if (framework.Length > 0 && !HasCLong(framework))
                {
                    return framework;
                }
            }

            return null;
        }

        /// <summary><c>net6.0</c> and later (any platform suffix); not <c>netstandard*</c>, <c>netcoreapp*</c>, <c>net5.0</c>, <c>net48</c>.</summary>
        public static bool HasCLong(string framework)
        {
            var moniker = framework.ToLowerInvariant();
            if (!moniker.StartsWith("net", StringComparison.Ordinal) || moniker.StartsWith("netstandard", StringComparison.Ordinal) || moniker.StartsWith("netcoreapp", StringComparison.Ordinal))
            {
                return false;
            }

            var dot = moniker.IndexOf('.');
            return dot > 3
                && int.TryParse(moniker.Substring(3, dot - 3), NumberStyles.None, CultureInfo.InvariantCulture, out var major)
                && major >= 6;
        }
    }
}
