using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace InteropLint.Analyzers
{
    /// <summary>The transfer function: what each operation does to the allocations it touches.</summary>
    internal sealed partial class AllocationGraph
    {
        private static readonly IReadOnlyList<Value> None = System.Array.Empty<Value>();

        /// <summary>An allocation an expression evaluates to: a fresh result, or one a variable already holds.</summary>
        private readonly struct Value
        {
            public Value(AllocationSite site, bool fresh)
            {
                Site = site;
                Fresh = fresh;
            }

            public AllocationSite Site { get; }

            public bool Fresh { get; }
        }

        /// <summary>Applies the operation's effects (children first, in evaluation order) and returns the allocations it evaluates to.</summary>
        private IReadOnlyList<Value> Visit(IOperation? operation)
        {
            switch (operation)
            {
                case null:
                    return None;
                case IConversionOperation conversion:
                    return Visit(conversion.Operand);
                case IParenthesizedOperation parenthesized:
                    return Visit(parenthesized.Operand);
                case IExpressionStatementOperation statement:
                    return Visit(statement.Operation);
                case ILocalReferenceOperation _:
                case IParameterReferenceOperation _:
                case IFlowCaptureReferenceOperation _:
                    return HolderOf(operation) is object holder ? _state.HeldBy(holder).Select(s => new Value(s, false)).ToList() : None;
                case IFlowCaptureOperation capture:
                    Assign(capture.Id, Visit(capture.Value), capture);
                    return None;
                case ISimpleAssignmentOperation assignment:
                    VisitAssignment(assignment);
                    return None;
                case IInvocationOperation invocation:
                    return VisitInvocation(invocation);
                case IObjectCreationOperation creation:
                    return VisitCreation(creation);
                case IReturnOperation yieldReturn:
                    ReturnToCaller(Visit(yieldReturn.ReturnedValue)); // yield return: handed to the caller
                    return None;
                case IFlowAnonymousFunctionOperation _:
                case IAnonymousFunctionOperation _:
                case IDelegateCreationOperation _:
                case ILocalFunctionOperation _:
                    return None; // their own graphs; what they capture is in Context.Captured
                case IBinaryOperation _:
                case IUnaryOperation _:
                case IIsNullOperation _:
                case IIsPatternOperation _:
                case IIsTypeOperation _:
                case IPropertyReferenceOperation _:
                case IFieldReferenceOperation _:
                case IArrayElementReferenceOperation _:
                case ICompoundAssignmentOperation _:
                case IIncrementOrDecrementOperation _:
                case IInterpolatedStringOperation _:
                case ICoalesceOperation _:
                    // reads the value (compares it, offsets it, prints it): no change of owner
                    foreach (var child in operation.ChildOperations)
                    {
                        Visit(child);
                    }

                    MayThrow(operation);
                    return None;
                default:
                    // a tuple, an array, an address taken, a dereference written to, anything else: the value is out of our sight
                    foreach (var child in operation.ChildOperations)
                    {
                        Escape(Visit(child));
                    }

                    MayThrow(operation);
                    return None;
            }
        }

        private void VisitAssignment(ISimpleAssignmentOperation assignment)
        {
            var values = Visit(assignment.Value);
            var holder = HolderOf(assignment.Target);
            if (holder is ILocalSymbol statusLocal)
            {
                var value = assignment.Value;
                while (value is IConversionOperation conversion)
                {
                    value = conversion.Operand;
                }

                if (value is IInvocationOperation call && _sites.TryGetValue(call, out var outSite) && outSite.Source.OutParameter != null)
                {
                    _statusOf[statusLocal] = call; // var rc = git_x(out p, …): a later test of rc says whether p holds anything
                }
            }

            if (holder != null)
            {
                Assign(holder, values, assignment);
                return;
            }

            // a field, a property, an array element, *p, a ref or out parameter: stored where we do not follow it
            foreach (var child in assignment.Target.ChildOperations)
            {
                Escape(Visit(child));
            }

            Escape(values);
        }

        private IReadOnlyList<Value> VisitInvocation(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var receiver = Visit(invocation.Instance);
            var arguments = new IReadOnlyList<Value>[invocation.Arguments.Length];
            for (var i = 0; i < arguments.Length; i++)
            {
                arguments[i] = Visit(invocation.Arguments[i].Value);
            }

            var released = Release(invocation, receiver, arguments);
            var allocations = _context.Allocations;
            var takeover = allocations.IsSafeHandleTakeover(method);
            var aliasing = allocations.IsAliasing(method);
            for (var i = 0; i < arguments.Length; i++)
            {
                var values = arguments[i].Where(v => !released.Contains(v.Site)).ToList();
                if (values.Count == 0)
                {
                    continue;
                }

                var parameter = invocation.Arguments[i].Parameter;
                if (aliasing)
                {
                    continue;
                }

                var handoff = allocations.JudgeHandoff(method, parameter);
                if (takeover || HandsOn(method, parameter, handoff))
                {
                    Escape(values);
                    continue;
                }

                foreach (var value in values)
                {
                    var byNameOnly = handoff == Handoff.BorrowsByName && !allocations.OperatesOnOwnType(method, parameter, value.Site.Source.NativeType);
                    if (byNameOnly)
                    {
                        value.Site.BorrowedByNameOnly ??= method.Name; // the verdict rests on this call not keeping it
                    }

                    if (value.Fresh)
                    {
                        Report(value.Site, LeakKind.Discarded, invocation, "passed to '" + method.Name + "', which does not take ownership"
                            + (byNameOnly ? " (judged from its name only)" : ""));
                    }
                }
            }

            if (!aliasing && released.Count == 0 && method.Name != "ToPointer")
            {
                foreach (var value in receiver.Where(v => v.Fresh))
                {
                    Report(value.Site, LeakKind.Discarded, invocation, "only '" + method.Name + "' is called on it");
                }
            }

            MayThrow(invocation);

            var source = allocations.Classify(invocation, _context.UserPairs);
            if (source != null)
            {
                if (!_sites.TryGetValue(invocation, out var site))
                {
                    _sites[invocation] = site = new AllocationSite(invocation, source);
                }

                return new[] { new Value(site, true) };
            }

            // what the call hands out through an out-parameter its header documents as the caller's to free
            foreach (var (argument, outSource) in allocations.ClassifyOutArguments(invocation))
            {
                var target = invocation.Arguments[argument].Value;
                if (HolderOf(target is IDeclarationExpressionOperation declaration ? declaration.Expression : target) is ILocalSymbol holder)
                {
                    if (!_sites.TryGetValue(invocation, out var outSite))
                    {
                        _sites[invocation] = outSite = new AllocationSite(invocation, outSource);
                    }

                    Assign(holder, new[] { new Value(outSite, true) }, invocation);
                    break; // one tracked value per call
                }
            }

            if (aliasing)
            {
                return arguments.Length > 0 ? arguments[0] : receiver; // GCHandle.ToIntPtr(h): the same allocation
            }

            return method.Name == "ToPointer" ? receiver : None;
        }

        private IReadOnlyList<Value> VisitCreation(IObjectCreationOperation creation)
        {
            var arguments = creation.Arguments.Select(a => Visit(a.Value)).ToList();
            var constructor = creation.Constructor;
            if (arguments.Count == 1 && (creation.Type?.SpecialType == SpecialType.System_IntPtr || creation.Type?.SpecialType == SpecialType.System_UIntPtr))
            {
                return arguments[0]; // new IntPtr(p): the same pointer
            }

            var nonConsuming = constructor != null && _context.Allocations.JudgeHandoff(constructor, null) == Handoff.Borrows
                && !_context.Allocations.IsSafeHandleTakeover(constructor);
            foreach (var values in arguments)
            {
                if (!nonConsuming)
                {
                    Escape(values);
                    continue;
                }

                foreach (var value in values.Where(v => v.Fresh))
                {
                    Report(value.Site, LeakKind.Discarded, creation, "passed to a new '" + creation.Type?.Name + "', which does not take ownership");
                }
            }

            MayThrow(creation);
            return None;
        }

        /// <summary>Frees what the call frees; returns the sites it freed.</summary>
        private HashSet<AllocationSite> Release(IInvocationOperation invocation, IReadOnlyList<Value> receiver, IReadOnlyList<Value>[] arguments)
        {
            var released = new HashSet<AllocationSite>();
            foreach (var value in receiver.Concat(arguments.SelectMany(a => a)))
            {
                if (value.Fresh || released.Contains(value.Site))
                {
                    continue;
                }

                foreach (var operand in ReleasedOperands(invocation, value.Site))
                {
                    if (HolderOf(operand) is object holder && _state.Sites.TryGetValue(value.Site, out var held) && held.Holders.Contains(holder))
                    {
                        held.Live = false;
                        held.Holders.Clear();
                        released.Add(value.Site);
                        if (_reporting)
                        {
                            value.Site.EverReleased = true;
                        }

                        break;
                    }
                }
            }

            return released;
        }

        /// <summary>The operands a call would free if it is the site's deallocator (the receiver, one argument, or any).</summary>
        private static IEnumerable<IOperation> ReleasedOperands(IInvocationOperation call, AllocationSite site)
        {
            var index = site.Source.Releases(call);
            if (index == NativeAllocations.Receiver)
            {
                if (call.Instance != null)
                {
                    yield return call.Instance;
                }
            }
            else if (index == NativeAllocations.AnyArgument)
            {
                foreach (var argument in call.Arguments)
                {
                    yield return argument.Value;
                }
            }
            else if (index >= 0 && index < call.Arguments.Length)
            {
                yield return call.Arguments[index].Value;
            }
        }

        /// <summary>Stores the values in a variable; a live allocation whose last holder this was is lost.</summary>
        private void Assign(object holder, IReadOnlyList<Value> values, IOperation at)
        {
            foreach (var pair in _state.Sites)
            {
                if (pair.Value.Holders.Remove(holder) && pair.Value.Live && pair.Value.Holders.Count == 0
                    && !values.Any(v => !v.Fresh && v.Site == pair.Key) && holder is ILocalSymbol)
                {
                    Report(pair.Key, LeakKind.Overwritten, at);
                    pair.Value.Live = false;
                }
            }

            if (holder is ISymbol symbol && (_context.Captured.Contains(symbol) || (symbol is ILocalSymbol { IsRef: true })))
            {
                Escape(values);
                return;
            }

            foreach (var value in values)
            {
                if (!value.Fresh)
                {
                    if (_state.Sites.TryGetValue(value.Site, out var held))
                    {
                        held.Holders.Add(holder);
                    }

                    continue;
                }

                var fresh = new HeldAllocation { Live = true };
                fresh.Holders.Add(holder);
                _state.Sites[value.Site] = fresh;
                if (_reporting && value.Site.Local is null && holder is ILocalSymbol local)
                {
                    value.Site.Local = local;
                }
            }
        }

        /// <summary>Handed to something we do not follow: not ours to judge from here on.</summary>
        /// <summary>
        /// Whether a call that is not a free hands on what it gets as <paramref name="parameter"/>: it takes it by
        /// <c>ref</c>/<c>out</c> (<c>destroy(&amp;p)</c>), keeps it, or writes it into native memory. (A SafeHandle
        /// takeover hands on every argument; the caller checks that.)
        /// </summary>
        private bool HandsOn(IMethodSymbol method, IParameterSymbol? parameter, Handoff handoff) =>
            parameter?.RefKind is RefKind.Ref or RefKind.Out || handoff == Handoff.Keeps || _context.Allocations.WritesValueToNativeMemory(method, parameter);

        private void Escape(IReadOnlyList<Value> values)
        {
            foreach (var value in values)
            {
                if (_reporting)
                {
                    value.Site.Escaped = true;
                }

                if (!value.Fresh && _state.Sites.TryGetValue(value.Site, out var held))
                {
                    held.Live = false;
                    held.Holders.Clear();
                }
            }
        }

        /// <summary>Returned on a normal path: the caller owns it from here.</summary>
        private void ReturnToCaller(IReadOnlyList<Value> values)
        {
            foreach (var value in values)
            {
                if (_reporting)
                {
                    value.Site.Returned = true;
                }

                if (!value.Fresh && _state.Sites.TryGetValue(value.Site, out var held))
                {
                    held.Live = false;
                    held.Holders.Clear();
                }
            }
        }

        private void MayThrow(IOperation operation)
        {
            var callee = _context.Throwing.MayThrow(operation);
            if (callee != null && _state.Sites.Values.Any(h => h.Live))
            {
                ExceptionRaised(_state, operation, "'" + callee + "'", LeakKind.MayThrow);
            }
        }

        /// <summary>The variable an operand names: a local, a by-value parameter, or a flow capture; null otherwise.</summary>
        private static object? HolderOf(IOperation? operation)
        {
            while (operation is IConversionOperation || operation is IParenthesizedOperation)
            {
                operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
            }

            return operation switch
            {
                ILocalReferenceOperation local when !local.Local.IsRef => local.Local,
                IParameterReferenceOperation parameter when parameter.Parameter.RefKind == RefKind.None => parameter.Parameter,
                IFlowCaptureReferenceOperation capture => capture.Id,
                _ => null,
            };
        }
    }
}
