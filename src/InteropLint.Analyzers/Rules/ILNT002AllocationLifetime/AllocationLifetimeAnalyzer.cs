using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// ILNT002: a native allocation (<c>Marshal.AllocHGlobal</c>, <c>StringTo*</c>, <c>AllocCoTaskMem</c>,
    /// <c>NativeMemory.Alloc*</c>, <c>GCHandle.Alloc</c>, or a P/Invoke result the header says the caller owns)
    /// that some path of the method — an exception path included — loses without freeing.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AllocationLifetimeAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: the local that holds the allocation (absent when it is never stored).</summary>
        public const string LocalProperty = "Local";

        /// <summary>Diagnostic property: the free the fix calls (a qualified static method, or an instance method name).</summary>
        public const string FreeMethodProperty = "FreeMethod";

        /// <summary>Diagnostic property: <c>instance</c> when the free is called on the value (<c>handle.Free()</c>).</summary>
        public const string FreeStyleProperty = "FreeStyle";

        /// <summary>Diagnostic property: a cast for the free's argument.</summary>
        public const string FreeCastProperty = "FreeCast";

        /// <summary>Diagnostic property: <see cref="CatchAndRethrow"/> when the value is returned, so only the exception path may free it.</summary>
        public const string FixShapeProperty = "FixShape";

        /// <summary>
        /// Diagnostic property: the name of the <c>SafeHandle</c> subclass the second fix introduces for a P/Invoke result
        /// (<c>SafeGzFileHandle</c>); absent when that fix is not offered.
        /// </summary>
        public const string SafeHandleProperty = "SafeHandle";

        /// <summary>Diagnostic property: the C type the P/Invoke returns, for the SafeHandle's documentation comment.</summary>
        public const string NativeTypeProperty = "NativeType";

        /// <summary><see cref="FixShapeProperty"/>: free in <c>catch { free; throw; }</c>, not in a finally.</summary>
        public const string CatchAndRethrow = "catch";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.ILNT002);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var types = InteropTypes.Create(start.Compilation);
                if (types.Marshal is null && types.GCHandle is null)
                {
                    return;
                }

                var index = NativeIndex.Create(start.Options, start.CancellationToken);
                var allocations = new NativeAllocations(types, index, InteropContext.Create(start.Compilation, start.Options, start.CancellationToken));
                var throwing = new ThrowingOperations(types);
                var prefilter = new AllocationPrefilter(types, index);
                // Syntax actions on the declarations that own a graph, not operation actions: those make the driver build an
                // operation tree for every code block, attributes included. Lambdas and local functions are analysed on
                // their own graphs from their container's.
                start.RegisterSyntaxNodeAction(
                    c => AnalyzeDeclaration(c, allocations, throwing, prefilter),
                    SyntaxKind.MethodDeclaration,
                    SyntaxKind.ConstructorDeclaration,
                    SyntaxKind.DestructorDeclaration,
                    SyntaxKind.OperatorDeclaration,
                    SyntaxKind.ConversionOperatorDeclaration,
                    SyntaxKind.GetAccessorDeclaration,
                    SyntaxKind.SetAccessorDeclaration,
                    SyntaxKind.InitAccessorDeclaration,
                    SyntaxKind.AddAccessorDeclaration,
                    SyntaxKind.RemoveAccessorDeclaration,
                    SyntaxKind.ArrowExpressionClause,
                    SyntaxKind.EqualsValueClause,
                    SyntaxKind.CompilationUnit);
            });
        }

        private static void AnalyzeDeclaration(SyntaxNodeAnalysisContext context, NativeAllocations allocations, ThrowingOperations throwing, AllocationPrefilter prefilter)
        {
            var root = GraphRoot(context.Node);
            if (root is null)
            {
                return; // extern and abstract methods, interface members, files without top-level statements
            }

            var userPairs = context.Options.GetOwnershipPairs(context.Node.SyntaxTree);
            if (!prefilter.MayAllocate(root, userPairs))
            {
                return; // most bodies: nothing allocated, no operation tree, no graph
            }

            WorkCounters.CountOperationTree(context.SemanticModel.Compilation);
            ControlFlowGraph? graph;
            try
            {
                graph = ControlFlowGraph.Create(root, context.SemanticModel, context.CancellationToken);
            }
            catch (System.ArgumentException)
            {
                return; // not a body Roslyn makes a graph for (an initializer of a local, an attribute argument)
            }

            if (graph is null)
            {
                return;
            }

            var captured = AllocationGraph.CapturedSymbols(graph.OriginalOperation);
            var sites = AllocationGraph.Analyze(graph, new AllocationGraph.Context(allocations, throwing, userPairs, captured, context.CancellationToken));
            foreach (var site in sites)
            {
                if (site.Leak is null)
                {
                    continue;
                }

                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                if (site.Local != null && !site.Escaped && site.Source.FreeMethod != null && IsDeclaredBy(site))
                {
                    properties[LocalProperty] = site.Local.Name;
                    properties[FreeMethodProperty] = site.Source.FreeMethod;
                    properties[FreeStyleProperty] = site.Source.FreeIsInstance ? "instance" : "static";
                    if (site.Source.FreeCast != null)
                    {
                        properties[FreeCastProperty] = site.Source.FreeCast;
                    }

                    if (site.Returned)
                    {
                        properties[FixShapeProperty] = CatchAndRethrow;
                    }
                    else if (SafeHandleNames.CanWrap(site))
                    {
                        properties[SafeHandleProperty] = SafeHandleNames.ForNativeType(site.Source.NativeType!, site.Source.Allocator);
                        properties[NativeTypeProperty] = site.Source.NativeType;
                    }
                }

                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT002, site.Allocation.Syntax.GetLocation(), properties.ToImmutable(), AllocationMessage.Compose(site)));
            }
        }

        /// <summary>
        /// The node Roslyn builds one graph for: a member's body (or expression body), a field or property initializer,
        /// top-level statements. Null when there is no code, or the node is a part of a larger graph.
        /// </summary>
        private static SyntaxNode? GraphRoot(SyntaxNode node)
        {
            switch (node)
            {
                case BaseMethodDeclarationSyntax method:
                    return method.Body != null || method.ExpressionBody != null ? method : null;
                case AccessorDeclarationSyntax accessor:
                    return accessor.Body != null || accessor.ExpressionBody != null ? accessor : null;
                case ArrowExpressionClauseSyntax arrow:
                    return arrow.Parent is PropertyDeclarationSyntax || arrow.Parent is IndexerDeclarationSyntax ? arrow : null;
                case EqualsValueClauseSyntax initializer:
                    return initializer.Parent is PropertyDeclarationSyntax || initializer.Parent?.Parent?.Parent is FieldDeclarationSyntax ? initializer : null;
                case CompilationUnitSyntax unit:
                    foreach (var member in unit.Members)
                    {
                        if (member is GlobalStatementSyntax)
                        {
                            return unit;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        /// <summary>The allocation initialises the declaration of its local (<c>var p = Alloc();</c>): the shape the fix rewrites.</summary>
        private static bool IsDeclaredBy(AllocationSite site)
        {
            var declarator = site.Allocation.Syntax.Parent;
            while (declarator is CastExpressionSyntax || declarator is ParenthesizedExpressionSyntax || declarator is EqualsValueClauseSyntax)
            {
                declarator = declarator.Parent;
            }

            return declarator is VariableDeclaratorSyntax v && v.Identifier.ValueText == site.Local!.Name
                && v.Parent?.Parent is LocalDeclarationStatementSyntax statement && statement.Parent is BlockSyntax
                && statement.Declaration.Variables.Count == 1 && statement.UsingKeyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.None);
        }
    }
}
