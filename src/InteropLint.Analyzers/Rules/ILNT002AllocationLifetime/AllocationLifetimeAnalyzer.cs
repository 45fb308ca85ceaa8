using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using InteropLint.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
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

                var allocations = new NativeAllocations(types, NativeIndex.Create(start.Options, start.CancellationToken));
                // Syntax actions on the declarations that have bodies, not operation actions: those make the driver build
                // an operation tree for every code block, attributes included (every [DllImport] of a binding).
                start.RegisterSyntaxNodeAction(
                    c => AnalyzeBody(c, allocations),
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
                    SyntaxKind.LocalFunctionStatement,
                    SyntaxKind.ParenthesizedLambdaExpression,
                    SyntaxKind.SimpleLambdaExpression,
                    SyntaxKind.AnonymousMethodExpression,
                    SyntaxKind.CompilationUnit);
            });
        }

        private static void AnalyzeBody(SyntaxNodeAnalysisContext context, NativeAllocations allocations)
        {
            if (!HasCode(context.Node))
            {
                return; // extern and abstract methods, interface members, files without top-level statements
            }

            var body = context.SemanticModel.GetOperation(context.Node, context.CancellationToken) switch
            {
                IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => lambda.Body,
                IAnonymousFunctionOperation lambda => lambda.Body,
                ILocalFunctionOperation local => (IOperation?)local.Body ?? local.IgnoredBody,
                IMethodBodyOperation method => method,
                IConstructorBodyOperation constructor => constructor,
                _ => null,
            };
            if (body is null || body.Syntax is null)
            {
                return;
            }

            var userPairs = context.Options.GetOwnershipPairs(body.Syntax.SyntaxTree);
            if (!AllocatesAnything(body, allocations, userPairs))
            {
                return; // most bodies: nothing to follow
            }

            foreach (var site in AllocationFlow.Analyze(body, allocations, userPairs, context.CancellationToken))
            {
                if (site.Leak is null)
                {
                    continue;
                }

                var neverFreed = site.Local != null && site.Leak != LeakKind.Overwritten && !AllocationFlow.IsEverReleased(body, site);
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
                }

                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT002, site.Allocation.Syntax.GetLocation(), properties.ToImmutable(), Compose(site, neverFreed)));
            }
        }

        /// <summary>Whether the declaration has code to follow, and calls something in it (nothing to follow otherwise).</summary>
        private static bool HasCode(SyntaxNode node)
        {
            SyntaxNode? code = node switch
            {
                BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
                AccessorDeclarationSyntax accessor => (SyntaxNode?)accessor.Body ?? accessor.ExpressionBody,
                LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
                AnonymousFunctionExpressionSyntax lambda => lambda.Body,
                CompilationUnitSyntax unit => HasTopLevelStatements(unit) ? unit : null,
                _ => null,
            };
            if (code is null)
            {
                return false;
            }

            foreach (var inner in code.DescendantNodes())
            {
                if (inner is InvocationExpressionSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasTopLevelStatements(CompilationUnitSyntax unit)
        {
            foreach (var member in unit.Members)
            {
                if (member is GlobalStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool AllocatesAnything(IOperation body, NativeAllocations allocations, System.Collections.Generic.IReadOnlyDictionary<string, string> userPairs)
        {
            foreach (var operation in body.Descendants())
            {
                if (operation is IInvocationOperation invocation && allocations.Classify(invocation, userPairs) != null)
                {
                    return true;
                }
            }

            return false;
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

        private static string Compose(AllocationSite site, bool neverFreed)
        {
            var source = site.Source;
            var sb = new StringBuilder();
            if (site.Local is null || site.Leak == LeakKind.Discarded)
            {
                sb.Append("the result of '").Append(source.Allocator).Append("' is never freed (").Append(site.Detail).Append(')');
            }
            else
            {
                sb.Append('\'').Append(source.Allocator).Append("' result in '").Append(site.Local.Name).Append('\'');
                if (neverFreed)
                {
                    sb.Append(" is never freed");
                }
                else
                {
                    switch (site.Leak)
                    {
                        case LeakKind.Returns when site.LostAt is null:
                            sb.Append(" is not freed on a path that reaches the end of the method");
                            break;
                        case LeakKind.Returns:
                            sb.Append(" is not freed on the path that returns at line ").Append(Line(site.LostAt));
                            break;
                        case LeakKind.Throws:
                            sb.Append(" is not freed when line ").Append(Line(site.LostAt)).Append(" throws");
                            break;
                        case LeakKind.MayThrow:
                            sb.Append(" leaks if ").Append(site.Detail).Append(" at line ").Append(Line(site.LostAt)).Append(" throws before it is freed");
                            break;
                        case LeakKind.Overwritten:
                            sb.Append(" is overwritten at line ").Append(Line(site.LostAt)).Append(" before it is freed");
                            break;
                    }
                }
            }

            if (source.NativeFacts != null)
            {
                sb.Append(" (the caller owns it: ").Append(source.NativeFacts).Append(')');
            }

            sb.Append("; free it with ").Append(source.DeallocatorDisplay);
            sb.Append(site.Local is null || site.Leak == LeakKind.Discarded ? " after use" : " in a finally");
            return sb.ToString();
        }

        private static string Line(IOperation? operation) =>
            operation?.Syntax is null
                ? "?"
                : (operation.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1).ToString(CultureInfo.InvariantCulture);
    }
}
