using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InteropLint.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;

namespace InteropLint.CodeFixes
{
    /// <summary>One P/Invoke whose result becomes a <c>SafeHandle</c> subclass: the allocator, its deallocator, the new class.</summary>
    internal sealed class SafeHandleRequest
    {
        public SafeHandleRequest(IMethodSymbol allocator, IMethodSymbol deallocator, string handleName, string nativeType)
        {
            Allocator = allocator;
            Deallocator = deallocator;
            HandleName = handleName;
            NativeType = nativeType;
        }

        public IMethodSymbol Allocator { get; }

        public IMethodSymbol Deallocator { get; }

        public string HandleName { get; }

        public string NativeType { get; }
    }

    /// <summary>How one use of a converted local is rewritten.</summary>
    internal enum HandleUseKind
    {
        /// <summary><c>free(h);</c> as a statement → <c>h.Dispose();</c> (a SafeHandle's Dispose is idempotent).</summary>
        Release,

        /// <summary><c>h == IntPtr.Zero</c> → <c>h.IsInvalid</c>.</summary>
        IsNull,

        /// <summary><c>h != IntPtr.Zero</c> → <c>!h.IsInvalid</c>.</summary>
        IsNotNull,

        /// <summary>An argument of another P/Invoke, whose parameter becomes the handle type too.</summary>
        Argument,
    }

    /// <summary><c>var h = allocator(…);</c>: a call site the fix may convert, with every use of the local.</summary>
    internal sealed class HandleSite
    {
        public HandleSite(SafeHandleRequest request, Document document, LocalDeclarationStatementSyntax statement, ILocalSymbol local)
        {
            Request = request;
            Document = document;
            Statement = statement;
            Local = local;
        }

        public SafeHandleRequest Request { get; }

        public Document Document { get; }

        public LocalDeclarationStatementSyntax Statement { get; }

        public ILocalSymbol Local { get; }

        public List<(SyntaxNode Node, HandleUseKind Kind, IMethodSymbol? Callee, int Ordinal)> Uses { get; } =
            new List<(SyntaxNode, HandleUseKind, IMethodSymbol?, int)>();
    }

    /// <summary>
    /// What ILNT002's SafeHandle fix changes, decided on the whole solution before anything is rewritten: the call sites of
    /// each allocator it can prove safe (the result kept in one local whose every use is a release, a null test, or an
    /// argument of a P/Invoke whose every caller passes such a local), the P/Invoke parameters that take the handle, and
    /// the call sites it leaves as they are and flags. As dotnet/runtime's ConvertToLibraryImportFixer does with the call
    /// sites it cannot update.
    /// </summary>
    internal sealed class SafeHandlePlan
    {
        private SafeHandlePlan()
        {
        }

        public List<SafeHandleRequest> Requests { get; } = new List<SafeHandleRequest>();

        public List<HandleSite> Converted { get; } = new List<HandleSite>();

        /// <summary>References to an allocator the fix does not convert: left as they are, flagged.</summary>
        public List<(Document Document, SyntaxNode Node, SafeHandleRequest Request)> Flagged { get; } = new List<(Document, SyntaxNode, SafeHandleRequest)>();

        /// <summary>P/Invoke parameters that take the handle (their every caller passes a converted local).</summary>
        public Dictionary<IParameterSymbol, SafeHandleRequest> Parameters { get; } = new Dictionary<IParameterSymbol, SafeHandleRequest>(SymbolEqualityComparer.Default);

        public bool Converts(SyntaxNode allocation) => Converted.Any(site => site.Statement.Span.Contains(allocation.Span) && site.Statement.SyntaxTree == allocation.SyntaxTree);

        public static async Task<SafeHandlePlan> CreateAsync(Solution solution, IReadOnlyList<SafeHandleRequest> requests, CancellationToken cancellationToken)
        {
            var plan = new SafeHandlePlan();
            plan.Requests.AddRange(requests);
            var candidates = new List<HandleSite>();
            foreach (var request in requests)
            {
                foreach (var (document, node, model) in await ReferencesAsync(solution, request.Allocator, cancellationToken).ConfigureAwait(false))
                {
                    var site = TryReadSite(request, document, node, model, cancellationToken);
                    if (site != null)
                    {
                        candidates.Add(site);
                    }
                    else
                    {
                        plan.Flagged.Add((document, (SyntaxNode?)node.FirstAncestorOrSelf<InvocationExpressionSyntax>() ?? node, request));
                    }
                }
            }

            // A parameter takes the handle only when every caller passes a converted local of the same handle; a site
            // that passes its local anywhere else is not converted, which may in turn rule out another parameter.
            var callers = new Dictionary<IMethodSymbol, List<(SyntaxNode Node, SemanticModel Model)>>(SymbolEqualityComparer.Default);
            var converted = new List<HandleSite>(candidates);
            while (true)
            {
                var parameters = new Dictionary<IParameterSymbol, SafeHandleRequest>(SymbolEqualityComparer.Default);
                var rejected = new HashSet<HandleSite>();
                foreach (var site in converted)
                {
                    foreach (var use in site.Uses.Where(u => u.Kind == HandleUseKind.Argument))
                    {
                        var parameter = use.Callee!.Parameters[use.Ordinal];
                        if (!callers.TryGetValue(use.Callee, out var calls))
                        {
                            calls = await CallersAsync(solution, use.Callee, cancellationToken).ConfigureAwait(false);
                            callers[use.Callee] = calls;
                        }

                        if (!EveryCallPassesHandle(calls, use.Ordinal, converted, site.Request, cancellationToken)
                            || (parameters.TryGetValue(parameter, out var other) && other.HandleName != site.Request.HandleName))
                        {
                            rejected.Add(site);
                        }
                        else
                        {
                            parameters[parameter] = site.Request;
                        }
                    }
                }

                if (rejected.Count == 0)
                {
                    foreach (var pair in parameters)
                    {
                        plan.Parameters[pair.Key] = pair.Value;
                    }

                    break;
                }

                foreach (var site in rejected)
                {
                    converted.Remove(site);
                    plan.Flagged.Add((site.Document, site.Statement.Declaration.Variables[0].Initializer!.Value, site.Request));
                }
            }

            plan.Converted.AddRange(converted);
            return plan;
        }

        /// <summary>The call site as a convertible declaration, or null when it is another shape or a use is not understood.</summary>
        private static HandleSite? TryReadSite(SafeHandleRequest request, Document document, SyntaxNode reference, SemanticModel model, CancellationToken cancellationToken)
        {
            var invocation = reference.FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (invocation is null || !invocation.Expression.Span.Contains(reference.Span)
                || invocation.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration
                || declaration.Parent is not LocalDeclarationStatementSyntax statement
                || !statement.UsingKeyword.IsKind(SyntaxKind.None) || statement.IsConst || !statement.AwaitKeyword.IsKind(SyntaxKind.None)
                || !(statement.Parent is BlockSyntax || statement.Parent is GlobalStatementSyntax)
                || ((CSharpParseOptions)statement.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp8
                || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local
                || local.Type.SpecialType != SpecialType.System_IntPtr)
            {
                return null;
            }

            var site = new HandleSite(request, document, statement, local);
            var scope = statement.Parent is GlobalStatementSyntax ? statement.SyntaxTree.GetRoot(cancellationToken) : statement.Parent!;
            var owner = OwningFunction(statement);
            foreach (var identifier in scope.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (identifier.Identifier.ValueText != local.Name
                    || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, local))
                {
                    continue;
                }

                if (OwningFunction(identifier) != owner || !TryReadUse(request, identifier, model, site, cancellationToken))
                {
                    return null; // captured by a lambda or a local function, or a use the fix cannot prove safe
                }
            }

            return site;
        }

        private static bool TryReadUse(SafeHandleRequest request, IdentifierNameSyntax identifier, SemanticModel model, HandleSite site, CancellationToken cancellationToken)
        {
            if (identifier.Parent is BinaryExpressionSyntax binary && (binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression)))
            {
                var other = binary.Left == identifier ? binary.Right : binary.Left;
                if (IsNullPointer(other, model, cancellationToken))
                {
                    site.Uses.Add((binary, binary.IsKind(SyntaxKind.EqualsExpression) ? HandleUseKind.IsNull : HandleUseKind.IsNotNull, null, -1));
                    return true;
                }

                return false;
            }

            if (identifier.Parent is not ArgumentSyntax { RefKindKeyword.RawKind: 0, NameColon: null } argument
                || argument.Parent is not ArgumentListSyntax { Parent: InvocationExpressionSyntax call } arguments
                || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol callee)
            {
                return false;
            }

            var ordinal = arguments.Arguments.IndexOf(argument);
            if (SymbolEqualityComparer.Default.Equals(callee.OriginalDefinition, request.Deallocator.OriginalDefinition))
            {
                if (call.Parent is ExpressionStatementSyntax && arguments.Arguments.Count == 1)
                {
                    site.Uses.Add((call.Parent, HandleUseKind.Release, null, -1));
                    return true;
                }

                return false; // the deallocator's result is used: Dispose has none to give
            }

            if (ordinal >= callee.Parameters.Length || callee.Parameters[ordinal].IsParams || callee.Parameters[ordinal].RefKind != RefKind.None
                || callee.Parameters[ordinal].Type.SpecialType != SpecialType.System_IntPtr
                || PInvokeMethod.TryCreate(callee, model.Compilation.GetTypeByMetadataName("System.Runtime.InteropServices.LibraryImportAttribute")) is null
                || callee.DeclaringSyntaxReferences.Length == 0
                || SymbolEqualityComparer.Default.Equals(callee.OriginalDefinition, request.Allocator.OriginalDefinition))
            {
                return false; // not a P/Invoke of this solution: nothing says it does not keep the pointer
            }

            site.Uses.Add((identifier, HandleUseKind.Argument, callee.OriginalDefinition, ordinal));
            return true;
        }

        private static bool IsNullPointer(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
        {
            if (expression.IsKind(SyntaxKind.DefaultLiteralExpression))
            {
                return true;
            }

            var constant = model.GetConstantValue(expression, cancellationToken);
            if (constant.HasValue && constant.Value is int zero && zero == 0)
            {
                return true;
            }

            return model.GetSymbolInfo(expression, cancellationToken).Symbol is IFieldSymbol { Name: "Zero", ContainingType.SpecialType: SpecialType.System_IntPtr };
        }

        private static SyntaxNode? OwningFunction(SyntaxNode node) =>
            node.Ancestors().FirstOrDefault(a => a is AnonymousFunctionExpressionSyntax || a is LocalFunctionStatementSyntax || a is MemberDeclarationSyntax);

        private static async Task<List<(SyntaxNode Node, SemanticModel Model)>> CallersAsync(Solution solution, IMethodSymbol method, CancellationToken cancellationToken) =>
            (await ReferencesAsync(solution, method, cancellationToken).ConfigureAwait(false)).Select(r => (r.Node, r.Model)).ToList();

        /// <summary>Every place in the solution that names <paramref name="symbol"/>: its document, node and semantic model.</summary>
        private static async Task<List<(Document Document, SyntaxNode Node, SemanticModel Model)>> ReferencesAsync(Solution solution, ISymbol symbol, CancellationToken cancellationToken)
        {
            var result = new List<(Document, SyntaxNode, SemanticModel)>();
            foreach (var reference in await SymbolFinder.FindReferencesAsync(symbol, solution, cancellationToken).ConfigureAwait(false))
            {
                foreach (var location in reference.Locations)
                {
                    var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    var model = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                    if (root != null && model != null)
                    {
                        result.Add((location.Document, root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true), model));
                    }
                }
            }

            return result;
        }

        private static bool EveryCallPassesHandle(List<(SyntaxNode Node, SemanticModel Model)> calls, int ordinal, List<HandleSite> converted, SafeHandleRequest request, CancellationToken cancellationToken)
        {
            foreach (var (node, model) in calls)
            {
                var call = node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
                if (call is null || !call.Expression.Span.Contains(node.Span) || ordinal >= call.ArgumentList.Arguments.Count
                    || call.ArgumentList.Arguments[ordinal].Expression is not IdentifierNameSyntax passed
                    || model.GetSymbolInfo(passed, cancellationToken).Symbol is not ILocalSymbol local
                    || !converted.Any(site => site.Request.HandleName == request.HandleName && SymbolEqualityComparer.Default.Equals(site.Local, local)))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
