using System.Collections.Generic;
using System.Linq;
using System.Threading;
using InteropLint.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace InteropLint.Analyzers
{
    /// <summary>Why an allocation is lost.</summary>
    internal enum LeakKind
    {
        /// <summary>Returned from a path (or reaches the end of the method) while still live.</summary>
        Returns,

        /// <summary>An explicit <c>throw</c> while still live.</summary>
        Throws,

        /// <summary>A call that may throw while live and not protected by a <c>finally</c> (or a catch-all) that frees it.</summary>
        MayThrow,

        /// <summary>The local is assigned again while it holds a live allocation.</summary>
        Overwritten,

        /// <summary>The result is never stored: discarded, or only read by a call that does not take ownership.</summary>
        Discarded,
    }

    /// <summary>One allocating call and what happened to its result.</summary>
    internal sealed class AllocationSite
    {
        public AllocationSite(IInvocationOperation allocation, AllocationSource source)
        {
            Allocation = allocation;
            Source = source;
        }

        public IInvocationOperation Allocation { get; }

        public AllocationSource Source { get; }

        /// <summary>The local that holds it, once assigned.</summary>
        public ILocalSymbol? Local { get; set; }

        public LeakKind? Leak { get; private set; }

        /// <summary>The operation where it is lost (the return, the throwing call, the assignment), or null for the method's end.</summary>
        public IOperation? LostAt { get; private set; }

        /// <summary>For <see cref="LeakKind.MayThrow"/> and <see cref="LeakKind.Discarded"/>: the call involved.</summary>
        public string? Detail { get; private set; }

        /// <summary>Escaped on some path (returned, stored, handed over): a <c>finally</c> that frees it would be wrong there.</summary>
        public bool Escaped { get; set; }

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

    /// <summary>
    /// A may-analysis over one method body's statements (ILNT002): which native allocations are live on
    /// which paths, including the exceptional paths a call opens. Structural rather than over the CFG so that
    /// <c>finally</c> and catch-all handlers can be read as the protection they are. A body with <c>goto</c> or
    /// <c>yield</c> is not analysed.
    /// </summary>
    internal sealed class AllocationFlow
    {
        private readonly NativeAllocations _allocations;
        private readonly IReadOnlyDictionary<string, string> _userPairs;
        private readonly CancellationToken _cancellationToken;
        private readonly Dictionary<IOperation, AllocationSite> _sites = new Dictionary<IOperation, AllocationSite>();
        private readonly HashSet<ILocalSymbol> _captured = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        private readonly List<ITryOperation> _protections = new List<ITryOperation>();
        private readonly Stack<List<HashSet<AllocationSite>?>> _breaks = new Stack<List<HashSet<AllocationSite>?>>();
        private readonly Stack<List<HashSet<AllocationSite>?>> _continues = new Stack<List<HashSet<AllocationSite>?>>();
        private HashSet<AllocationSite>? _state = new HashSet<AllocationSite>();
        private int _inFinally;
        private int _catchDepth;

        private AllocationFlow(NativeAllocations allocations, IReadOnlyDictionary<string, string> userPairs, CancellationToken cancellationToken)
        {
            _allocations = allocations;
            _userPairs = userPairs;
            _cancellationToken = cancellationToken;
        }

        /// <summary>Every tracked allocation in <paramref name="body"/> (not in nested lambdas or local functions), with its leak if any.</summary>
        public static IReadOnlyCollection<AllocationSite> Analyze(IOperation body, NativeAllocations allocations, IReadOnlyDictionary<string, string> userPairs, CancellationToken cancellationToken)
        {
            var flow = new AllocationFlow(allocations, userPairs, cancellationToken);
            foreach (var operation in body.Descendants())
            {
                switch (operation)
                {
                    case IBranchOperation branch when branch.BranchKind == BranchKind.GoTo:
                        return System.Array.Empty<AllocationSite>();
                    case IReturnOperation r when r.Kind == OperationKind.YieldReturn || r.Kind == OperationKind.YieldBreak:
                        return System.Array.Empty<AllocationSite>();
                    case IAnonymousFunctionOperation _:
                    case ILocalFunctionOperation _:
                        foreach (var reference in operation.Descendants().OfType<ILocalReferenceOperation>())
                        {
                            flow._captured.Add(reference.Local);
                        }

                        break;
                }
            }

            flow.Visit(body);
            if (flow._state != null)
            {
                flow.LeakAt(LeakKind.Returns, null);
            }

            return flow._sites.Values;
        }

        /// <summary>Whether any call in <paramref name="body"/> releases the site's local (to tell "never freed" from "not freed on a path").</summary>
        public static bool IsEverReleased(IOperation body, AllocationSite site)
        {
            if (site.Local is null)
            {
                return false;
            }

            foreach (var call in body.Descendants().OfType<IInvocationOperation>())
            {
                if (ReleasedLocal(call, site.Source, site.Local) is ILocalSymbol local && SymbolEqualityComparer.Default.Equals(local, site.Local))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The local a call releases for this source; with <paramref name="wanted"/>, whichever argument holds it.</summary>
        private static ILocalSymbol? ReleasedLocal(IInvocationOperation call, AllocationSource source, ILocalSymbol? wanted)
        {
            var index = source.Releases(call);
            if (index == NativeAllocations.AnyArgument)
            {
                ILocalSymbol? first = null;
                foreach (var argument in call.Arguments)
                {
                    if (Strip(argument.Value) is ILocalReferenceOperation reference)
                    {
                        if (wanted is null || SymbolEqualityComparer.Default.Equals(reference.Local, wanted))
                        {
                            return reference.Local;
                        }

                        first ??= reference.Local;
                    }
                }

                return wanted is null ? first : null;
            }

            var value = index == NativeAllocations.Receiver ? call.Instance : index >= 0 && index < call.Arguments.Length ? call.Arguments[index].Value : null;
            return (Strip(value) as ILocalReferenceOperation)?.Local;
        }

        private static IOperation? Strip(IOperation? operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        continue;
                    case IObjectCreationOperation creation when creation.Arguments.Length == 1 && IsPointerInteger(creation.Type):
                        operation = creation.Arguments[0].Value;
                        continue;
                    case IInvocationOperation call when call.TargetMethod.Name == "ToPointer" && call.Arguments.Length == 0 && IsPointerInteger(call.TargetMethod.ContainingType):
                        operation = call.Instance;
                        continue;
                    default:
                        return operation;
                }
            }
        }

        private static bool IsPointerInteger(ITypeSymbol? type) =>
            type != null && (type.SpecialType == SpecialType.System_IntPtr || type.SpecialType == SpecialType.System_UIntPtr);

        // ---- statements -------------------------------------------------------------------------------------

        private void Visit(IOperation? operation)
        {
            if (operation is null || _state is null)
            {
                return;
            }

            _cancellationToken.ThrowIfCancellationRequested();
            switch (operation)
            {
                case IMethodBodyOperation body:
                    Visit((IOperation?)body.BlockBody ?? body.ExpressionBody);
                    break;
                case IConstructorBodyOperation ctor:
                    Visit(ctor.Initializer);
                    Visit((IOperation?)ctor.BlockBody ?? ctor.ExpressionBody);
                    break;
                case IBlockOperation block:
                    foreach (var statement in block.Operations)
                    {
                        if (_state is null)
                        {
                            break;
                        }

                        Visit(statement);
                    }

                    break;
                case IExpressionStatementOperation statement:
                    var value = Eval(statement.Operation);
                    if (value.New != null)
                    {
                        value.New.Report(LeakKind.Discarded, statement, "its result is discarded");
                    }

                    break;
                case IVariableDeclarationGroupOperation group:
                    foreach (var declaration in group.Declarations)
                    {
                        VisitDeclaration(declaration);
                    }

                    break;
                case IVariableDeclarationOperation declaration:
                    VisitDeclaration(declaration);
                    break;
                case IUsingDeclarationOperation usingDeclaration:
                    Visit(usingDeclaration.DeclarationGroup);
                    break;
                case IReturnOperation ret:
                    Escape(Eval(ret.ReturnedValue));
                    LeakAt(LeakKind.Returns, ret);
                    _state = null;
                    break;
                case IConditionalOperation conditional:
                    VisitConditional(conditional);
                    break;
                case ILoopOperation loop:
                    VisitLoop(loop);
                    break;
                case ISwitchOperation @switch:
                    VisitSwitch(@switch);
                    break;
                case IBranchOperation branch:
                    var targets = branch.BranchKind == BranchKind.Continue ? _continues : _breaks;
                    if (targets.Count > 0)
                    {
                        targets.Peek().Add(_state);
                    }

                    _state = null;
                    break;
                case ITryOperation @try:
                    VisitTry(@try);
                    break;
                case IUsingOperation @using:
                    Visit(@using.Resources);
                    Visit(@using.Body);
                    break;
                case ILockOperation @lock:
                    Eval(@lock.LockedValue);
                    Visit(@lock.Body);
                    break;
                case ILabeledOperation labeled:
                    Visit(labeled.Operation);
                    break;
                case ILocalFunctionOperation _:
                case IEmptyOperation _:
                    break;
                default:
                    Eval(operation);
                    break;
            }
        }

        private void VisitDeclaration(IVariableDeclarationOperation declaration)
        {
            foreach (var declarator in declaration.Declarators)
            {
                var initializer = declarator.Initializer?.Value ?? declaration.Initializer?.Value;
                if (initializer != null)
                {
                    AssignLocal(declarator.Symbol, Eval(initializer), declarator);
                }
            }
        }

        private void VisitConditional(IConditionalOperation conditional)
        {
            Eval(conditional.Condition);
            var (checkedLocal, nullWhenTrue) = NullCheck(conditional.Condition);
            var saved = Copy(_state);
            if (checkedLocal != null && nullWhenTrue)
            {
                Forget(checkedLocal);
            }

            Visit(conditional.WhenTrue);
            var whenTrue = _state;
            _state = saved;
            if (checkedLocal != null && !nullWhenTrue)
            {
                Forget(checkedLocal);
            }

            Visit(conditional.WhenFalse);
            _state = Join(whenTrue, _state);
        }

        private void VisitLoop(ILoopOperation loop)
        {
            if (loop is IForLoopOperation forLoop)
            {
                foreach (var before in forLoop.Before)
                {
                    Visit(before);
                }
            }
            else if (loop is IForEachLoopOperation forEach)
            {
                Eval(forEach.Collection);
            }

            var entry = _state;
            HashSet<AllocationSite>? back = null;
            HashSet<AllocationSite>? exit = null;
            var breaks = new List<HashSet<AllocationSite>?>();
            for (var iteration = 0; iteration < 3; iteration++)
            {
                _state = Join(entry, back);
                var condition = Condition(loop);
                var conditionOnTop = loop is not IWhileLoopOperation w || w.ConditionIsTop;
                if (conditionOnTop && condition != null)
                {
                    Eval(condition);
                }

                var head = Copy(_state);
                var continues = new List<HashSet<AllocationSite>?>();
                _breaks.Push(breaks);
                _continues.Push(continues);
                Visit(loop.Body);
                _continues.Pop();
                _breaks.Pop();
                foreach (var c in continues)
                {
                    _state = Join(_state, c);
                }

                if (loop is IForLoopOperation f)
                {
                    foreach (var bottom in f.AtLoopBottom)
                    {
                        Visit(bottom);
                    }
                }

                if (!conditionOnTop && condition != null)
                {
                    Eval(condition);
                    head = Copy(_state);
                }

                exit = loop is IForEachLoopOperation || condition != null ? Join(exit, head) : exit;
                if (back != null && _state != null && back.SetEquals(_state))
                {
                    break;
                }

                back = Join(back, _state);
            }

            foreach (var b in breaks)
            {
                exit = Join(exit, b);
            }

            _state = exit;
        }

        private static IOperation? Condition(ILoopOperation loop) => loop switch
        {
            IWhileLoopOperation w => w.Condition,
            IForLoopOperation f => f.Condition,
            _ => null,
        };

        private void VisitSwitch(ISwitchOperation @switch)
        {
            Eval(@switch.Value);
            var entry = _state;
            var breaks = new List<HashSet<AllocationSite>?>();
            HashSet<AllocationSite>? exit = null;
            var hasDefault = false;
            foreach (var section in @switch.Cases)
            {
                hasDefault |= section.Clauses.Any(c => c.CaseKind == CaseKind.Default);
                _state = Copy(entry);
                _breaks.Push(breaks);
                foreach (var statement in section.Body)
                {
                    Visit(statement);
                }

                _breaks.Pop();
                exit = Join(exit, _state);
            }

            if (!hasDefault)
            {
                exit = Join(exit, entry);
            }

            foreach (var b in breaks)
            {
                exit = Join(exit, b);
            }

            _state = exit;
        }

        private void VisitTry(ITryOperation @try)
        {
            var before = Copy(_state);
            _protections.Add(@try);
            Visit(@try.Body);
            var afterBody = _state;
            var result = afterBody;

            // In a handler the finally still protects, the handlers themselves do not.
            _catchDepth++;
            foreach (var handler in @try.Catches)
            {
                _state = Join(before, afterBody) ?? Copy(before);
                Eval(handler.Filter);
                Visit(handler.Handler);
                result = Join(result, _state);
            }

            _catchDepth--;
            _protections.RemoveAt(_protections.Count - 1);
            _state = result;
            if (@try.Finally != null && _state != null)
            {
                _inFinally++;
                Visit(@try.Finally);
                _inFinally--;
            }
        }

        // ---- expressions ------------------------------------------------------------------------------------

        private readonly struct Value
        {
            public Value(ILocalSymbol? local, AllocationSite? @new)
            {
                Local = local;
                New = @new;
            }

            /// <summary>The value is (a conversion of) this local.</summary>
            public ILocalSymbol? Local { get; }

            /// <summary>The value is a fresh allocation not stored anywhere yet.</summary>
            public AllocationSite? New { get; }
        }

        private Value Eval(IOperation? operation)
        {
            if (operation is null || _state is null)
            {
                return default;
            }

            switch (operation)
            {
                case IConversionOperation conversion:
                    return Eval(conversion.Operand);
                case ILocalReferenceOperation local:
                    return new Value(local.Local, null);
                case IInvocationOperation invocation:
                    return EvalInvocation(invocation);
                case IObjectCreationOperation creation:
                    return EvalCreation(creation);
                case ISimpleAssignmentOperation assignment:
                    EvalAssignment(assignment);
                    return default;
                case IThrowOperation @throw:
                    Eval(@throw.Exception);
                    LeakAt(LeakKind.Throws, @throw);
                    _state = null;
                    return default;
                case IAddressOfOperation addressOf:
                    Escape(Eval(addressOf.Reference));
                    return default;
                case IAnonymousFunctionOperation _:
                case ILocalFunctionOperation _:
                case IDelegateCreationOperation _:
                    return default;
                case IAwaitOperation await:
                    Eval(await.Operation);
                    MayThrow(await, "await");
                    return default;
                case IConditionalOperation conditional:
                    {
                        Eval(conditional.Condition);
                        var saved = Copy(_state);
                        var whenTrue = Eval(conditional.WhenTrue);
                        var afterTrue = _state;
                        _state = saved;
                        var whenFalse = Eval(conditional.WhenFalse);
                        _state = Join(afterTrue, _state);
                        return whenTrue.New != null ? whenTrue : whenFalse.New != null ? whenFalse : default;
                    }

                case IVariableDeclarationGroupOperation _:
                case IVariableDeclarationOperation _:
                    Visit(operation);
                    return default;
                case IArrayInitializerOperation _:
                case ITupleOperation _:
                case IAnonymousObjectCreationOperation _:
                case IInterpolatedStringOperation _:
                    foreach (var child in operation.ChildOperations)
                    {
                        Escape(Eval(child)); // stored in an aggregate we do not follow
                    }

                    return default;
                default:
                    foreach (var child in operation.ChildOperations)
                    {
                        var value = Eval(child);
                        if (value.New != null)
                        {
                            value.New.Escaped = true; // used in an expression we do not model: not judged
                        }
                    }

                    return default;
            }
        }

        private Value EvalInvocation(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var receiver = Eval(invocation.Instance);
            var arguments = new Value[invocation.Arguments.Length];
            for (var i = 0; i < arguments.Length; i++)
            {
                arguments[i] = Eval(invocation.Arguments[i].Value);
            }

            if (_state is null)
            {
                return default;
            }

            var released = false;
            foreach (var site in _state.ToList())
            {
                if (site.Local != null && ReleasedLocal(invocation, site.Source, site.Local) is ILocalSymbol local && SymbolEqualityComparer.Default.Equals(local, site.Local))
                {
                    _state.Remove(site);
                    released = true;
                }
            }

            var source = _allocations.Classify(invocation, _userPairs);
            released |= source != null && (method.Name.Contains("Realloc") || method.Name.Contains("ReAlloc"));
            var nonConsuming = _allocations.IsNonConsuming(method);
            var takeover = _allocations.IsSafeHandleTakeover(method);
            for (var i = 0; i < arguments.Length; i++)
            {
                var argument = arguments[i];
                var byRef = invocation.Arguments[i].Parameter?.RefKind is RefKind.Ref or RefKind.Out;
                if (argument.New != null)
                {
                    if (!released && nonConsuming && !takeover && !byRef)
                    {
                        argument.New.Report(LeakKind.Discarded, invocation, "passed to '" + method.Name + "', which does not take ownership");
                    }
                    else
                    {
                        argument.New.Escaped = true;
                    }
                }
                else if (argument.Local != null && (takeover || byRef || (!nonConsuming && !released)))
                {
                    Escape(argument);
                }
            }

            if (receiver.New != null)
            {
                if (method.Name == "ToPointer")
                {
                    return receiver;
                }

                if (!released)
                {
                    receiver.New.Report(LeakKind.Discarded, invocation, "only '" + method.Name + "' is called on it");
                }
            }

            if (!released)
            {
                MayThrow(invocation, method.Name);
            }

            if (source != null)
            {
                if (!_sites.TryGetValue(invocation, out var site))
                {
                    _sites[invocation] = site = new AllocationSite(invocation, source);
                }

                return new Value(null, site);
            }

            return default;
        }

        private Value EvalCreation(IObjectCreationOperation creation)
        {
            var values = creation.Arguments.Select(a => Eval(a.Value)).ToList();
            if (_state is null)
            {
                return default;
            }

            var constructor = creation.Constructor;
            if (values.Count == 1 && IsPointerInteger(creation.Type))
            {
                return values[0]; // new IntPtr(p): the same pointer
            }

            var nonConsuming = constructor != null && _allocations.IsNonConsuming(constructor);
            var takeover = constructor != null && _allocations.IsSafeHandleTakeover(constructor);
            foreach (var value in values)
            {
                if (value.New != null && nonConsuming && !takeover)
                {
                    value.New.Report(LeakKind.Discarded, creation, "passed to a new '" + creation.Type?.Name + "', which does not take ownership");
                }
                else if (!nonConsuming || takeover)
                {
                    Escape(value);
                }
            }

            MayThrow(creation, "new " + creation.Type?.Name);
            return default;
        }

        private void EvalAssignment(ISimpleAssignmentOperation assignment)
        {
            if (assignment.Target is ILocalReferenceOperation target)
            {
                AssignLocal(target.Local, Eval(assignment.Value), assignment);
                return;
            }

            // a field, property, array element, parameter or dereference: the value is stored where we do not follow it
            foreach (var child in assignment.Target.ChildOperations)
            {
                Escape(Eval(child));
            }

            Escape(Eval(assignment.Value));
        }

        private void AssignLocal(ILocalSymbol local, Value value, IOperation at)
        {
            if (_state is null)
            {
                return;
            }

            if (_captured.Contains(local) || local.IsRef)
            {
                Escape(value);
                return;
            }

            if (value.Local != null && SymbolEqualityComparer.Default.Equals(value.Local, local))
            {
                return;
            }

            foreach (var site in _state.Where(s => SymbolEqualityComparer.Default.Equals(s.Local, local)).ToList())
            {
                site.Report(LeakKind.Overwritten, at);
                _state.Remove(site);
            }

            if (value.New != null)
            {
                value.New.Local = local;
                _state.Add(value.New);
            }
            else if (value.Local != null)
            {
                Escape(value); // a copy: we do not follow aliases, so the original is no longer ours to judge
            }
        }

        private void Escape(Value value)
        {
            if (value.New != null)
            {
                value.New.Escaped = true;
            }

            if (value.Local != null && _state != null)
            {
                foreach (var site in _state.Where(s => SymbolEqualityComparer.Default.Equals(s.Local, value.Local)).ToList())
                {
                    site.Escaped = true;
                    _state.Remove(site);
                }
            }
        }

        private void Forget(ILocalSymbol local) => _state?.RemoveWhere(s => SymbolEqualityComparer.Default.Equals(s.Local, local));

        // ---- leaks ------------------------------------------------------------------------------------------

        private void MayThrow(IOperation at, string callee)
        {
            if (_inFinally == 0)
            {
                LeakAt(LeakKind.MayThrow, at, "'" + callee + "'");
            }
        }

        private void LeakAt(LeakKind kind, IOperation? at, string? detail = null)
        {
            if (_state is null)
            {
                return;
            }

            foreach (var site in _state)
            {
                if (!IsProtected(site, kind))
                {
                    site.Report(kind, at, detail);
                }
            }
        }

        /// <summary>An enclosing <c>finally</c> frees it, or (on exceptional paths) an enclosing catch-all handler does.</summary>
        private bool IsProtected(AllocationSite site, LeakKind kind)
        {
            foreach (var @try in _protections)
            {
                if (@try.Finally != null && Releases(@try.Finally, site))
                {
                    return true;
                }

                if (kind != LeakKind.Returns && _catchDepth == 0)
                {
                    foreach (var handler in @try.Catches)
                    {
                        if (handler.Filter is null && IsCatchAll(handler.ExceptionType) && Releases(handler.Handler, site))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private static bool IsCatchAll(ITypeSymbol? type) =>
            type is null || type.SpecialType == SpecialType.System_Object || type.ToDisplayString() == "System.Exception";

        private static bool Releases(IOperation region, AllocationSite site)
        {
            foreach (var call in region.Descendants().OfType<IInvocationOperation>())
            {
                if (ReleasedLocal(call, site.Source, site.Local) is ILocalSymbol local && SymbolEqualityComparer.Default.Equals(local, site.Local))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>p == IntPtr.Zero</c>, <c>p == null</c>, <c>p is null</c>, <c>!h.IsAllocated</c>: the local and whether the condition is true when it holds nothing.</summary>
        private static (ILocalSymbol? Local, bool NullWhenTrue) NullCheck(IOperation condition)
        {
            switch (condition)
            {
                case IUnaryOperation unary when unary.OperatorKind == UnaryOperatorKind.Not:
                    var (local, nullWhenTrue) = NullCheck(unary.Operand);
                    return (local, !nullWhenTrue);
                case IPropertyReferenceOperation property when property.Property.Name == "IsAllocated":
                    return ((Strip(property.Instance) as ILocalReferenceOperation)?.Local, false);
                case IIsPatternOperation pattern when pattern.Pattern is IConstantPatternOperation constant && IsNullOrZero(constant.Value):
                    return ((Strip(pattern.Value) as ILocalReferenceOperation)?.Local, true);
                case IIsPatternOperation pattern when pattern.Pattern is INegatedPatternOperation negated && negated.Pattern is IConstantPatternOperation constant && IsNullOrZero(constant.Value):
                    return ((Strip(pattern.Value) as ILocalReferenceOperation)?.Local, false);
                case IBinaryOperation binary when binary.OperatorKind == BinaryOperatorKind.Equals || binary.OperatorKind == BinaryOperatorKind.NotEquals:
                    var left = Strip(binary.LeftOperand) as ILocalReferenceOperation;
                    var right = Strip(binary.RightOperand) as ILocalReferenceOperation;
                    var checkedLocal = left != null && IsNullOrZero(binary.RightOperand) ? left.Local
                        : right != null && IsNullOrZero(binary.LeftOperand) ? right.Local
                        : null;
                    return (checkedLocal, binary.OperatorKind == BinaryOperatorKind.Equals);
                default:
                    return (null, false);
            }
        }

        private static bool IsNullOrZero(IOperation operation)
        {
            var stripped = operation;
            while (stripped is IConversionOperation conversion)
            {
                stripped = conversion.Operand;
            }

            if (stripped.ConstantValue.HasValue)
            {
                var value = stripped.ConstantValue.Value;
                return value is null || (value is int i && i == 0) || (value is long l && l == 0);
            }

            return stripped is IDefaultValueOperation
                || (stripped is IFieldReferenceOperation field && field.Field.Name == "Zero" && IsPointerInteger(field.Field.ContainingType));
        }

        // ---- states -----------------------------------------------------------------------------------------

        private static HashSet<AllocationSite>? Copy(HashSet<AllocationSite>? state) => state is null ? null : new HashSet<AllocationSite>(state);

        private static HashSet<AllocationSite>? Join(HashSet<AllocationSite>? a, HashSet<AllocationSite>? b)
        {
            if (a is null)
            {
                return Copy(b);
            }

            var result = new HashSet<AllocationSite>(a);
            if (b != null)
            {
                result.UnionWith(b);
            }

            return result;
        }
    }
}
