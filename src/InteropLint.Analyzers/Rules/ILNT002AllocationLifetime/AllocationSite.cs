using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace InteropLint.Analyzers
{
    /// <summary>Why an allocation is lost.</summary>
    internal enum LeakKind
    {
        /// <summary>Still live when a path leaves the method normally (a return, or the end of the body).</summary>
        Returns,

        /// <summary>Still live when an explicit <c>throw</c> (or <c>throw;</c>) leaves the method.</summary>
        Throws,

        /// <summary>Live across an operation that may throw, and no enclosing <c>finally</c> or catch-all frees it.</summary>
        MayThrow,

        /// <summary>The last variable holding it is assigned again while it is live.</summary>
        Overwritten,

        /// <summary>The result is never stored: discarded, or only read by a call that does not take ownership.</summary>
        Discarded,
    }

    /// <summary>One allocating call and what the control-flow analysis learned about its result.</summary>
    internal sealed class AllocationSite
    {
        public AllocationSite(IInvocationOperation allocation, AllocationSource source)
        {
            Allocation = allocation;
            Source = source;
        }

        public IInvocationOperation Allocation { get; }

        public AllocationSource Source { get; }

        /// <summary>The first local the fresh value is stored in (the variable a fix frees).</summary>
        public ILocalSymbol? Local { get; set; }

        public LeakKind? Leak { get; private set; }

        /// <summary>The operation where it is lost (the return, the throwing call, the assignment), or null for the method's end.</summary>
        public IOperation? LostAt { get; private set; }

        /// <summary>For <see cref="LeakKind.MayThrow"/> and <see cref="LeakKind.Discarded"/>: the call involved.</summary>
        public string? Detail { get; private set; }

        /// <summary>Handed to something we do not follow on some path (a field, native memory, a call that keeps it).</summary>
        public bool Escaped { get; set; }

        /// <summary>Returned to the caller on some normal path: the caller owns it there.</summary>
        public bool Returned { get; set; }

        /// <summary>A P/Invoke it was passed to that only its name says does not keep it (no header evidence either way).</summary>
        public string? BorrowedByNameOnly { get; set; }

        /// <summary>Freed on some path.</summary>
        public bool EverReleased { get; set; }

        public void Report(LeakKind kind, IOperation? at, string? detail = null)
        {
            if (Leak is null)
            {
                Leak = kind;
                LostAt = at;
                Detail = detail;
            }
        }
    }
}
