using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace InteropLint.CodeFixes
{
    /// <summary>
    /// Applies a <see cref="SafeHandlePlan"/>: declares the <c>SafeHandle</c> subclass beside the P/Invokes, makes the
    /// allocator return it and the planned parameters take it, turns each converted local into a <c>using</c> declaration
    /// (<c>free(h);</c> → <c>h.Dispose();</c>, <c>h == IntPtr.Zero</c> → <c>h.IsInvalid</c>), and flags the call sites it
    /// left alone with a <see cref="WarningAnnotation"/>.
    /// </summary>
    internal static class SafeHandleRewrite
    {
        public static async Task<Solution> ApplyAsync(Solution solution, SafeHandlePlan plan, CancellationToken cancellationToken)
        {
            var editor = new SolutionEditor(solution);
            var declared = new HashSet<string>();
            foreach (var request in plan.Requests)
            {
                if (!declared.Add(request.HandleName) || HandleExists(request))
                {
                    continue;
                }

                await DeclareHandleAsync(editor, solution, request, cancellationToken).ConfigureAwait(false);
            }

            foreach (var request in plan.Requests)
            {
                await RetypeAsync(editor, solution, request.Allocator, request, returnType: true, cancellationToken).ConfigureAwait(false);
            }

            foreach (var parameter in plan.Parameters)
            {
                var method = (IMethodSymbol)parameter.Key.ContainingSymbol;
                foreach (var reference in method.DeclaringSyntaxReferences)
                {
                    var document = solution.GetDocument(reference.SyntaxTree);
                    if (document is null)
                    {
                        continue;
                    }

                    var syntax = (MethodDeclarationSyntax)await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
                    var parameterSyntax = syntax.ParameterList.Parameters[parameter.Key.Ordinal];
                    var documentEditor = await editor.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
                    documentEditor.ReplaceNode(parameterSyntax.Type!, (current, _) => HandleType(parameter.Value).WithTriviaFrom(current));
                }
            }

            foreach (var site in plan.Converted)
            {
                var documentEditor = await editor.GetDocumentEditorAsync(site.Document.Id, cancellationToken).ConfigureAwait(false);
                documentEditor.ReplaceNode(site.Statement, (current, _) => UsingDeclaration((LocalDeclarationStatementSyntax)current, site.Request));
                foreach (var use in site.Uses)
                {
                    switch (use.Kind)
                    {
                        case HandleUseKind.Release:
                            documentEditor.ReplaceNode(use.Node, (current, _) =>
                                SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(Member(site.Local.Name, "Dispose"))).WithTriviaFrom(current));
                            break;
                        case HandleUseKind.IsNull:
                            documentEditor.ReplaceNode(use.Node, (current, _) => Member(site.Local.Name, "IsInvalid").WithTriviaFrom(current));
                            break;
                        case HandleUseKind.IsNotNull:
                            documentEditor.ReplaceNode(use.Node, (current, _) =>
                                SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, Member(site.Local.Name, "IsInvalid")).WithTriviaFrom(current));
                            break;
                    }
                }
            }

            foreach (var (document, node, request) in plan.Flagged)
            {
                var documentEditor = await editor.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
                documentEditor.ReplaceNode(node, (current, _) => current.WithAdditionalAnnotations(WarningAnnotation.Create(
                    "'" + request.Allocator.Name + "' now returns " + request.HandleName + ": this use was not rewritten (its value is stored, returned, "
                    + "passed where a raw pointer is expected, or freed in an expression); make it own the handle, or keep the pointer with DangerousGetHandle")));
            }

            return editor.GetChangedSolution();
        }

        private static bool HandleExists(SafeHandleRequest request)
        {
            var container = request.Allocator.ContainingType;
            return container.GetTypeMembers(request.HandleName).Length > 0
                || (container.ContainingNamespace?.GetTypeMembers(request.HandleName).Length ?? 0) > 0;
        }

        /// <summary>
        /// Beside the P/Invokes' class when that class is top-level and the deallocator visible there; nested in it otherwise
        /// (a private deallocator is reachable only from inside).
        /// </summary>
        private static async Task DeclareHandleAsync(SolutionEditor editor, Solution solution, SafeHandleRequest request, CancellationToken cancellationToken)
        {
            var reference = request.Allocator.DeclaringSyntaxReferences.FirstOrDefault(r => solution.GetDocument(r.SyntaxTree) != null);
            if (reference is null)
            {
                return;
            }

            var method = await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
            var container = method.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (container is null)
            {
                return;
            }

            var nested = request.Deallocator.DeclaredAccessibility == Accessibility.Private || !(container.Parent is BaseNamespaceDeclarationSyntax || container.Parent is CompilationUnitSyntax);
            var isPublic = IsPublicSurface(request.Allocator);
            var deallocator = nested
                ? request.Deallocator.Name
                : "global::" + request.Deallocator.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "") + "." + request.Deallocator.Name;
            var text =
                "\n/// <summary>Owns a '" + Escape(request.NativeType) + "' returned by " + request.Allocator.Name + "; releases it with " + request.Deallocator.Name + ".</summary>\n"
                + (isPublic ? "public" : "internal") + " sealed class " + request.HandleName + " : global::System.Runtime.InteropServices.SafeHandle\n"
                + "{\n"
                + "    public " + request.HandleName + "() : base(global::System.IntPtr.Zero, ownsHandle: true)\n"
                + "    {\n"
                + "    }\n\n"
                + "    public override bool IsInvalid => handle == global::System.IntPtr.Zero;\n\n"
                + "    protected override bool ReleaseHandle()\n"
                + "    {\n"
                + "        " + deallocator + "(handle);\n"
                + "        return true;\n"
                + "    }\n"
                + "}\n";
            var declaration = SyntaxFactory.ParseMemberDeclaration(text)!
                .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            var document = solution.GetDocument(reference.SyntaxTree)!;
            var documentEditor = await editor.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
            if (nested)
            {
                documentEditor.AddMember(container, declaration);
            }
            else
            {
                documentEditor.InsertAfter(container, declaration);
            }
        }

        private static async Task RetypeAsync(SolutionEditor editor, Solution solution, IMethodSymbol method, SafeHandleRequest request, bool returnType, CancellationToken cancellationToken)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var document = solution.GetDocument(reference.SyntaxTree);
                if (document is null || await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not MethodDeclarationSyntax syntax)
                {
                    continue;
                }

                var documentEditor = await editor.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
                documentEditor.ReplaceNode(syntax.ReturnType, (current, _) => HandleType(request).WithTriviaFrom(current));
            }
        }

        private static LocalDeclarationStatementSyntax UsingDeclaration(LocalDeclarationStatementSyntax statement, SafeHandleRequest request)
        {
            var declaration = statement.Declaration;
            if (!declaration.Type.IsVar)
            {
                declaration = declaration.WithType(HandleType(request).WithTriviaFrom(declaration.Type));
            }

            var leading = statement.GetLeadingTrivia();
            return statement
                .WithDeclaration(declaration.WithoutLeadingTrivia()) // the indentation moves to the using keyword
                .WithUsingKeyword(SyntaxFactory.Token(leading, SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)));
        }

        /// <summary>The handle's name: its containing P/Invoke class qualifies it when it is nested, simplified where in scope.</summary>
        private static TypeSyntax HandleType(SafeHandleRequest request)
        {
            var container = request.Allocator.ContainingType;
            var nested = request.Deallocator.DeclaredAccessibility == Accessibility.Private || container.ContainingType != null;
            var name = nested
                ? container.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + request.HandleName
                : (container.ContainingNamespace is { IsGlobalNamespace: false } ns
                    ? ns.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + request.HandleName
                    : "global::" + request.HandleName);
            return SyntaxFactory.ParseTypeName(name).WithAdditionalAnnotations(Simplifier.Annotation);
        }

        private static MemberAccessExpressionSyntax Member(string local, string name) =>
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(local), SyntaxFactory.IdentifierName(name));

        /// <summary>The handle is part of a public API when the allocator is visible outside the assembly.</summary>
        private static bool IsPublicSurface(IMethodSymbol method)
        {
            for (ISymbol? symbol = method; symbol is not null && symbol is not INamespaceSymbol; symbol = symbol.ContainingSymbol)
            {
                if (symbol.DeclaredAccessibility != Accessibility.Public)
                {
                    return false;
                }
            }

            return true;
        }

        private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
