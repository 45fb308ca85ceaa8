using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace InteropLint.Analyzers
{
    /// <summary>A construct that runs an operation once per iteration: a loop statement or a lambda invoked per element.</summary>
    internal sealed class EnclosingLoop
    {
        public EnclosingLoop(SyntaxNode region, string description, bool isStatement, bool runsLater)
        {
            Region = region;
            Description = description;
            IsStatement = isStatement;
            RunsLater = runsLater;
        }

        /// <summary>
        /// The syntax that runs per iteration together with everything it evaluates: the loop statement, or the whole
        /// call (receiver and arguments included) that takes the per-element lambda.
        /// </summary>
        public SyntaxNode Region { get; }

        /// <summary>How a person names it: <c>'for' loop</c>, <c>'List&lt;T&gt;.ForEach' lambda</c>.</summary>
        public string Description { get; }

        /// <summary>A <c>for</c>/<c>foreach</c>/<c>while</c>/<c>do</c> statement (rather than a lambda).</summary>
        public bool IsStatement { get; }

        /// <summary>
        /// A LINQ lambda: it may run after the statement that creates it (deferred execution), so nothing allocated
        /// around that statement may be freed when the statement ends.
        /// </summary>
        public bool RunsLater { get; }
    }

    internal static class EnclosingLoops
    {
        /// <summary>
        /// Whether <paramref name="node"/> may run per iteration, judged from syntax alone before anything is bound: a loop
        /// statement, a lambda or a query expression around it in its member. Never false where <see cref="Find"/> finds a loop.
        /// </summary>
        public static bool MayEnclose(SyntaxNode node)
        {
            for (var parent = node.Parent; parent != null && !(parent is MemberDeclarationSyntax); parent = parent.Parent)
            {
                if (parent is ForStatementSyntax || parent is CommonForEachStatementSyntax || parent is WhileStatementSyntax || parent is DoStatementSyntax
                    || parent is AnonymousFunctionExpressionSyntax || parent is QueryExpressionSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The loops around <paramref name="operation"/> that run it once per iteration, innermost first. The walk stops at
        /// the member's body and at lambdas and local functions that are not known to run per element (their calls
        /// are not tied to the loops outside them).
        /// </summary>
        public static List<EnclosingLoop>? Find(IOperation operation)
        {
            List<EnclosingLoop>? loops = null;
            var child = operation;
            var parent = operation.Parent;
            while (parent != null)
            {
                switch (parent)
                {
                    case IForEachLoopOperation forEach when forEach.Collection != child:
                        (loops ??= new List<EnclosingLoop>()).Add(new EnclosingLoop(parent.Syntax, "'foreach' loop", true, false));
                        break;
                    case IForLoopOperation forLoop when !forLoop.Before.Contains(child):
                        (loops ??= new List<EnclosingLoop>()).Add(new EnclosingLoop(parent.Syntax, "'for' loop", true, false));
                        break;
                    case IWhileLoopOperation whileLoop:
                        var keyword = whileLoop.ConditionIsTop ? "'while' loop" : "'do' loop";
                        (loops ??= new List<EnclosingLoop>()).Add(new EnclosingLoop(parent.Syntax, keyword, true, false));
                        break;
                    case IAnonymousFunctionOperation lambda:
                        var call = PerElementCall(lambda, out var description, out var runsLater);
                        if (call is null)
                        {
                            return loops;
                        }

                        (loops ??= new List<EnclosingLoop>()).Add(new EnclosingLoop(call.Syntax, description, false, runsLater));
                        child = call;
                        parent = call.Parent;
                        continue;
                    case ILocalFunctionOperation:
                        return loops;
                }

                child = parent;
                parent = parent.Parent;
            }

            return loops;
        }

        /// <summary>The call that invokes <paramref name="lambda"/> once per element, or null.</summary>
        private static IInvocationOperation? PerElementCall(IAnonymousFunctionOperation lambda, out string description, out bool runsLater)
        {
            description = "";
            runsLater = false;
            if (lambda.Parent is not IDelegateCreationOperation creation
                || creation.Parent is not IArgumentOperation argument
                || argument.Parent is not IInvocationOperation call)
            {
                return null;
            }

            var method = call.TargetMethod;
            var type = method.ContainingType;
            if (type is null)
            {
                return null;
            }

            var ns = type.ContainingNamespace?.ToDisplayString();
            switch (ns)
            {
                case "System.Linq" when type.Name == "Enumerable" || type.Name == "ParallelEnumerable":
                    description = "'" + type.Name + "." + method.Name + "' lambda";
                    runsLater = true;
                    return call;
                case "System.Collections.Generic" when type.Name == "List" && method.Name == "ForEach":
                    description = "'List<T>.ForEach' lambda";
                    return call;
                case "System" when type.Name == "Array" && method.Name == "ForEach":
                    description = "'Array.ForEach' lambda";
                    return call;
                case "System.Threading.Tasks" when type.Name == "Parallel" && (method.Name == "For" || method.Name == "ForEach"):
                    description = "'Parallel." + method.Name + "' lambda";
                    return call;
                default:
                    return null;
            }
        }
    }
}
