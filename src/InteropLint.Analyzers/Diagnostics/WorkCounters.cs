using System;
using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// How many operation trees and control-flow graphs the rules asked Roslyn for, per assembly name: a test hook that
    /// proves the syntactic pre-filters keep the expensive work away from code with nothing to check (issue 19).
    /// Keyed by name because the analyzer driver analyses its own copy of the compilation. One entry per project;
    /// one interlocked increment where the work itself costs far more.
    /// </summary>
    internal static class WorkCounters
    {
        private static readonly ConcurrentDictionary<string, StrongBox> Trees = new ConcurrentDictionary<string, StrongBox>(StringComparer.Ordinal);

        public static void CountOperationTree(Compilation compilation) =>
            Interlocked.Increment(ref Trees.GetOrAdd(compilation.AssemblyName ?? "", _ => new StrongBox()).Value);

        /// <summary>Operation trees and graphs built so far for the compilation named <paramref name="assemblyName"/>.</summary>
        public static int OperationTrees(string assemblyName) =>
            Trees.TryGetValue(assemblyName, out var box) ? Volatile.Read(ref box.Value) : 0;

        private sealed class StrongBox
        {
            public int Value;
        }
    }
}
