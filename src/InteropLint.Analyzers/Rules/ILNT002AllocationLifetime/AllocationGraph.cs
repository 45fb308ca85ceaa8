using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// ILNT002's engine: a may-analysis of which native allocations are live, and in which variables, over Roslyn's
    /// <see cref="ControlFlowGraph"/> of one body (and, each on its own graph, of its local functions and lambdas).
    /// The graph lowers every branch kind (<c>goto</c>, <c>yield</c>, <c>switch</c>, <c>using</c>, <c>?.</c>, <c>??</c>) into
    /// blocks; exceptional paths are not edges there, so an operation that <see cref="ThrowingOperations">may throw</see>
    /// feeds its state to the enclosing catch handlers and finally regions, and is a leak only when no enclosing
    /// <c>finally</c> frees the value and no catch-all catches the exception. Leaving a try through a <c>finally</c> applies
    /// what that finally frees. The analysis runs to a fixed point first, then once more to report.
    /// </summary>
    internal sealed partial class AllocationGraph
    {
        /// <summary>Iterations per block before giving up on a graph (reports nothing rather than something unproven).</summary>
        private const int MaxVisitsPerBlock = 64;

        private readonly ControlFlowGraph _graph;
        private readonly Context _context;
        private readonly FlowState?[] _entry;
        private readonly Dictionary<IInvocationOperation, AllocationSite> _sites;

        /// <summary>Locals holding the status of a call that hands out a value through an out-parameter (<c>var rc = git_x(out p, …)</c>).</summary>
        private readonly Dictionary<ILocalSymbol, IInvocationOperation> _statusOf = new Dictionary<ILocalSymbol, IInvocationOperation>(SymbolEqualityComparer.Default);
        private BasicBlock _block = null!;
        private FlowState _state = new FlowState();
        private bool _reporting;
        private Queue<int>? _work;

        private AllocationGraph(ControlFlowGraph graph, Context context, Dictionary<IInvocationOperation, AllocationSite> sites)
        {
            _graph = graph;
            _context = context;
            _sites = sites;
            _entry = new FlowState?[graph.Blocks.Length];
        }

        /// <summary>What every graph of one analysed declaration shares.</summary>
        internal sealed class Context
        {
            public Context(NativeAllocations allocations, ThrowingOperations throwing, IReadOnlyDictionary<string, string> userPairs, HashSet<ISymbol> captured, CancellationToken cancellationToken)
            {
                Allocations = allocations;
                Throwing = throwing;
                UserPairs = userPairs;
                Captured = captured;
                CancellationToken = cancellationToken;
            }

            public NativeAllocations Allocations { get; }

            public ThrowingOperations Throwing { get; }

            public IReadOnlyDictionary<string, string> UserPairs { get; }

            /// <summary>Locals and parameters a lambda or local function uses: a pointer stored there is out of our sight.</summary>
            public HashSet<ISymbol> Captured { get; }

            public CancellationToken CancellationToken { get; }
        }

        /// <summary>Every tracked allocation of the graph and of its nested local functions and lambdas, with its leak if any.</summary>
        public static List<AllocationSite> Analyze(ControlFlowGraph graph, Context context)
        {
            var sites = new Dictionary<IInvocationOperation, AllocationSite>();
            AnalyzeNested(graph, context, sites);
            return sites.Values.ToList();
        }

        /// <summary>Locals and parameters of an enclosing body that a lambda or local function of <paramref name="root"/> uses.</summary>
        public static HashSet<ISymbol> CapturedSymbols(IOperation root)
        {
            var captured = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var operation in root.Descendants())
            {
                if (!(operation is IAnonymousFunctionOperation || operation is ILocalFunctionOperation) || operation.Syntax is null)
                {
                    continue;
                }

                var span = operation.Syntax.Span;
                foreach (var inner in operation.Descendants())
                {
                    ISymbol? symbol = inner switch
                    {
                        ILocalReferenceOperation local => local.Local,
                        IParameterReferenceOperation parameter => parameter.Parameter,
                        _ => null,
                    };
                    if (symbol != null && !DeclaredWithin(symbol, span))
                    {
                        captured.Add(symbol);
                    }
                }
            }

            return captured;
        }

        private static bool DeclaredWithin(ISymbol symbol, Microsoft.CodeAnalysis.Text.TextSpan span)
        {
            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                if (span.Contains(reference.Span))
                {
                    return true;
                }
            }

            return false;
        }

        private static void AnalyzeNested(ControlFlowGraph graph, Context context, Dictionary<IInvocationOperation, AllocationSite> sites)
        {
            var local = new Dictionary<IInvocationOperation, AllocationSite>();
            new AllocationGraph(graph, context, local).Run();
            foreach (var pair in local)
            {
                sites[pair.Key] = pair.Value;
            }

            foreach (var function in graph.LocalFunctions)
            {
                AnalyzeNested(graph.GetLocalFunctionControlFlowGraph(function, context.CancellationToken), context, sites);
            }

            foreach (var block in graph.Blocks)
            {
                foreach (var root in block.BranchValue is null ? block.Operations : block.Operations.Add(block.BranchValue))
                {
                    foreach (var lambda in root.DescendantsAndSelf().OfType<IFlowAnonymousFunctionOperation>())
                    {
                        AnalyzeNested(graph.GetAnonymousFunctionControlFlowGraph(lambda, context.CancellationToken), context, sites);
                    }
                }
            }
        }

        private void Run()
        {
            _entry[0] = new FlowState();
            _work = new Queue<int>();
            _work.Enqueue(0);
            var budget = _graph.Blocks.Length * MaxVisitsPerBlock;
            while (_work.Count > 0)
            {
                _context.CancellationToken.ThrowIfCancellationRequested();
                if (--budget < 0)
                {
                    _sites.Clear();
                    return;
                }

                Transfer(_graph.Blocks[_work.Dequeue()]);
            }

            _work = null;
            _reporting = true;
            foreach (var block in _graph.Blocks)
            {
                if (_entry[block.Ordinal] != null)
                {
                    Transfer(block);
                }
            }
        }

        /// <summary>Runs one block from its entry state, and passes the result along its out-edges.</summary>
        private void Transfer(BasicBlock block)
        {
            var entry = _entry[block.Ordinal];
            if (entry is null)
            {
                return;
            }

            _block = block;
            _state = entry.Copy();
            foreach (var operation in block.Operations)
            {
                foreach (var value in Visit(operation))
                {
                    if (value.Fresh)
                    {
                        Report(value.Site, LeakKind.Discarded, operation, "its result is discarded");
                    }
                }
            }

            if (block.BranchValue != null)
            {
                var values = Visit(block.BranchValue);
                if (block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return && block.ConditionKind == ControlFlowConditionKind.None)
                {
                    ReturnToCaller(values);
                }
            }

            if (block.ConditionKind != ControlFlowConditionKind.None && block.ConditionalSuccessor != null)
            {
                var (checkedHolder, nullWhenTrue) = NullChecks.Check(block.BranchValue);
                var conditionalIsTrue = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
                var (statusOf, failureWhenTrue) = StatusTested(block.BranchValue);
                Follow(block.ConditionalSuccessor, checkedHolder != null && conditionalIsTrue == nullWhenTrue ? checkedHolder : null,
                    statusOf != null && (failureWhenTrue is null || failureWhenTrue == conditionalIsTrue) ? statusOf : null);
                Follow(block.FallThroughSuccessor, checkedHolder != null && conditionalIsTrue != nullWhenTrue ? checkedHolder : null,
                    statusOf != null && (failureWhenTrue is null || failureWhenTrue != conditionalIsTrue) ? statusOf : null);
            }
            else
            {
                Follow(block.FallThroughSuccessor, null);
            }
        }

        /// <summary>One out-edge: through the finally regions it leaves, to its destination (or out of the method).</summary>
        private void Follow(ControlFlowBranch? branch, object? nullHolder, AllocationSite? failedOut = null)
        {
            if (branch is null)
            {
                return;
            }

            var state = _state.Copy();
            if (failedOut != null && state.Sites.TryGetValue(failedOut, out var notHandedOut))
            {
                notHandedOut.Live = false; // the call failed (or we cannot tell which branch did): no out value to free here
            }

            if (nullHolder != null)
            {
                foreach (var site in state.HeldBy(nullHolder).ToList())
                {
                    state.Sites[site].Live = false; // the null path: nothing was allocated there
                }
            }

            switch (branch.Semantics)
            {
                case ControlFlowBranchSemantics.Throw:
                case ControlFlowBranchSemantics.Rethrow:
                    ExceptionRaised(state, _block.BranchValue ?? _block.Operations.LastOrDefault(), null, LeakKind.Throws);
                    return;
                case ControlFlowBranchSemantics.StructuredExceptionHandling:
                case ControlFlowBranchSemantics.ProgramTermination:
                case ControlFlowBranchSemantics.Error:
                    return;
            }

            foreach (var @finally in branch.FinallyRegions)
            {
                Contribute(@finally.FirstBlockOrdinal, state);
                ApplyFinally(@finally, state);
            }

            var destination = branch.Destination;
            if (destination is null)
            {
                return;
            }

            if (destination.Kind == BasicBlockKind.Exit)
            {
                foreach (var pair in state.Sites)
                {
                    if (pair.Value.Live)
                    {
                        Report(pair.Key, LeakKind.Returns, branch.Semantics == ControlFlowBranchSemantics.Return ? _block.BranchValue : null);
                    }
                }

                return;
            }

            Contribute(destination.Ordinal, state);
        }

        /// <summary>
        /// The out-parameter site whose call's status <paramref name="condition"/> tests, and whether the condition is true
        /// on failure (null: a test we cannot read, so neither branch is checked).
        /// </summary>
        private (AllocationSite? Site, bool? FailureWhenTrue) StatusTested(IOperation? condition)
        {
            var (status, failureWhenTrue) = StatusChecks.Check(condition);
            var call = status switch
            {
                IInvocationOperation invocation => invocation,
                ILocalReferenceOperation local when _statusOf.TryGetValue(local.Local, out var assigned) => assigned,
                _ => null,
            };
            return call != null && _sites.TryGetValue(call, out var site) && site.Source.OutParameter != null ? (site, failureWhenTrue) : (null, null);
        }

        /// <summary>Joins <paramref name="state"/> into a block's entry, and schedules the block when that changed it.</summary>
        private void Contribute(int ordinal, FlowState state)
        {
            if (_reporting)
            {
                return;
            }

            var entry = _entry[ordinal];
            if (entry is null)
            {
                _entry[ordinal] = state.Copy();
            }
            else if (!entry.JoinWith(state))
            {
                return;
            }

            _work!.Enqueue(ordinal);
        }

        /// <summary>
        /// An exception leaves the current point: it reaches the enclosing handlers and finally regions, innermost
        /// first (each one's entry state learns what the regions inside it left: a finally that frees runs before
        /// the handlers around it); a live allocation leaks unless a finally on the way frees it or a catch-all catches.
        /// </summary>
        private void ExceptionRaised(FlowState raisedState, IOperation? at, string? detail, LeakKind kind)
        {
            var state = raisedState.Copy();
            var unprotected = state.Sites.Where(p => p.Value.Live).Select(p => p.Key).ToList();
            var caught = false;
            for (var region = _block.EnclosingRegion; region != null && !caught; region = region.EnclosingRegion)
            {
                if (region.Kind != ControlFlowRegionKind.Try)
                {
                    continue;
                }

                var tryStatement = region.EnclosingRegion!;
                if (tryStatement.Kind == ControlFlowRegionKind.TryAndFinally)
                {
                    var @finally = tryStatement.NestedRegions[1];
                    Contribute(@finally.FirstBlockOrdinal, state);
                    unprotected.RemoveAll(site => FinallyFrees(@finally, site, state.Sites[site].Holders));
                    ApplyFinally(@finally, state);
                }
                else if (tryStatement.Kind == ControlFlowRegionKind.TryAndCatch)
                {
                    foreach (var handler in tryStatement.NestedRegions.Skip(1))
                    {
                        Contribute(handler.FirstBlockOrdinal, state);
                        caught |= handler.Kind == ControlFlowRegionKind.Catch && IsCatchAll(handler.ExceptionType);
                    }
                }

                region = tryStatement;
            }

            if (caught)
            {
                return; // the handler's own blocks say what happens next
            }

            foreach (var site in unprotected)
            {
                Report(site, kind, at, detail);
            }
        }

        /// <summary>Leaving through a finally: what it frees or hands on of the live allocations is gone on this edge.</summary>
        private void ApplyFinally(ControlFlowRegion @finally, FlowState state)
        {
            foreach (var pair in state.Sites)
            {
                if (pair.Value.Live && FinallyFrees(@finally, pair.Key, pair.Value.Holders))
                {
                    pair.Value.Live = false;
                    pair.Value.Holders.Clear();
                }
            }
        }

        /// <summary>
        /// Some block of the region calls the site's free on one of its holders (a null check around it is fine), or hands a
        /// holder on as the flow would (<c>png_destroy_read_struct(ref png, ref info, …)</c> in a finally that a return leaves through).
        /// </summary>
        private bool FinallyFrees(ControlFlowRegion region, AllocationSite site, HashSet<object> holders)
        {
            for (var ordinal = region.FirstBlockOrdinal; ordinal <= region.LastBlockOrdinal; ordinal++)
            {
                var block = _graph.Blocks[ordinal];
                foreach (var root in block.BranchValue is null ? block.Operations : block.Operations.Add(block.BranchValue))
                {
                    foreach (var call in root.DescendantsAndSelf().OfType<IInvocationOperation>())
                    {
                        foreach (var released in ReleasedOperands(call, site))
                        {
                            if (HolderOf(released) is object holder && holders.Contains(holder))
                            {
                                return true;
                            }
                        }

                        if (HandsOnAHolder(call, holders))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private bool HandsOnAHolder(IInvocationOperation call, HashSet<object> holders)
        {
            var method = call.TargetMethod;
            var allocations = _context.Allocations;
            if (allocations.IsAliasing(method))
            {
                return false;
            }

            var takeover = allocations.IsSafeHandleTakeover(method);
            foreach (var argument in call.Arguments)
            {
                var value = argument.Value;
                while (value is IConversionOperation conversion)
                {
                    value = conversion.Operand;
                }

                if (HolderOf(value) is object holder && holders.Contains(holder)
                    && (takeover || HandsOn(method, argument.Parameter, allocations.JudgeHandoff(method, argument.Parameter))))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsCatchAll(ITypeSymbol? type) =>
            type is null || type.SpecialType == SpecialType.System_Object || type.ToDisplayString() == "System.Exception";

        private void Report(AllocationSite site, LeakKind kind, IOperation? at, string? detail = null)
        {
            if (_reporting)
            {
                site.Report(kind, at, detail);
            }
        }
    }
}
