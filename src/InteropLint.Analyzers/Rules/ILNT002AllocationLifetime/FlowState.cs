using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>What one path knows of an allocation: whether it may still be live, and which variables hold it.</summary>
    internal sealed class HeldAllocation
    {
        public bool Live { get; set; }

        /// <summary>Locals, parameters and flow captures (<c>CaptureId</c>) that hold the pointer.</summary>
        public HashSet<object> Holders { get; } = new HashSet<object>(HolderComparer.Instance);

        public HeldAllocation Copy()
        {
            var copy = new HeldAllocation { Live = Live };
            copy.Holders.UnionWith(Holders);
            return copy;
        }
    }

    /// <summary>
    /// The may-state at one program point of ILNT002's control-flow analysis: per allocation site, whether
    /// some path reaching this point still holds it un-freed, and in which variables.
    /// </summary>
    internal sealed class FlowState
    {
        public Dictionary<AllocationSite, HeldAllocation> Sites { get; } = new Dictionary<AllocationSite, HeldAllocation>();

        public FlowState Copy()
        {
            var copy = new FlowState();
            foreach (var pair in Sites)
            {
                copy.Sites.Add(pair.Key, pair.Value.Copy());
            }

            return copy;
        }

        /// <summary>Adds what <paramref name="other"/> knows; true when this state grew.</summary>
        public bool JoinWith(FlowState other)
        {
            var changed = false;
            foreach (var pair in other.Sites)
            {
                if (!Sites.TryGetValue(pair.Key, out var mine))
                {
                    Sites.Add(pair.Key, pair.Value.Copy());
                    changed = true;
                    continue;
                }

                if (pair.Value.Live && !mine.Live)
                {
                    mine.Live = true;
                    changed = true;
                }

                foreach (var holder in pair.Value.Holders)
                {
                    changed |= mine.Holders.Add(holder);
                }
            }

            return changed;
        }

        /// <summary>The sites a variable may hold on this path (live or not: a free of a freed pointer is still a free).</summary>
        public IEnumerable<AllocationSite> HeldBy(object holder)
        {
            foreach (var pair in Sites)
            {
                if (pair.Value.Holders.Contains(holder))
                {
                    yield return pair.Key;
                }
            }
        }
    }

    /// <summary>Compares holders: symbols by <see cref="SymbolEqualityComparer.Default"/>, capture ids by value.</summary>
    internal sealed class HolderComparer : IEqualityComparer<object>
    {
        public static readonly HolderComparer Instance = new HolderComparer();

        public new bool Equals(object? x, object? y) =>
            x is ISymbol a && y is ISymbol b ? SymbolEqualityComparer.Default.Equals(a, b) : object.Equals(x, y);

        public int GetHashCode(object obj) => obj is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : obj.GetHashCode();
    }
}
