using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace InteropLint.CodeFixes
{
    /// <summary>
    /// Changes one slot of a P/Invoke to a new integer type and adapts its call sites:
    /// by-value arguments get a conversion when none is implicit, results are converted back to
    /// what the caller expects, and <c>ref</c>/<c>out</c>/<c>&amp;x</c> arguments go through a
    /// temporary of the new type that is copied back after the call. Anything else is refused (null).
    /// </summary>
    internal static class IntegerWidthRewriter
    {
        public static async Task<Solution?> TryApplyAsync(Solution solution, DocumentId documentId, TypeSyntax typeNode, WidthFixRequest request, CancellationToken cancellationToken)
        {
            var document = solution.GetDocument(documentId);
            if (document is null)
            {
                return null;
            }

            var method = typeNode.FirstAncestorOrSelf<MethodDeclarationSyntax>();
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (method is null || model is null || !(model.GetDeclaredSymbol(method, cancellationToken) is IMethodSymbol methodSymbol))
            {
                return null;
            }

            var newType = IntegerTypeNames.Resolve(model.Compilation, request.Replacement);
            var target = FindTargetNode(typeNode, method, request);
            if (newType is null || target is null)
            {
                return null;
            }

            var editors = new Dictionary<DocumentId, DocumentEditor>();
            var declarationEditor = await GetEditorAsync(solution, documentId, editors, cancellationToken).ConfigureAwait(false);
            declarationEditor.ReplaceNode(target, NewTypeSyntax(request.Replacement).WithTriviaFrom(target));

            var references = await SymbolFinder.FindReferencesAsync(methodSymbol, solution, cancellationToken).ConfigureAwait(false);
            foreach (var reference in references)
            {
                foreach (var location in reference.Locations)
                {
                    if (location.IsImplicit || location.IsCandidateLocation)
                    {
                        return null;
                    }

                    var editor = await GetEditorAsync(solution, location.Document.Id, editors, cancellationToken).ConfigureAwait(false);
                    var siteModel = editor.SemanticModel;
                    var node = editor.OriginalRoot.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    if (!TryAdaptCallSite(editor, siteModel, node, request, newType, cancellationToken))
                    {
                        return null;
                    }
                }
            }

            var result = solution;
            foreach (var pair in editors)
            {
                var changed = pair.Value.GetChangedRoot();
                result = result.WithDocumentSyntaxRoot(pair.Key, changed);
            }

            return result;
        }

        private static async Task<DocumentEditor> GetEditorAsync(Solution solution, DocumentId id, Dictionary<DocumentId, DocumentEditor> editors, CancellationToken cancellationToken)
        {
            if (!editors.TryGetValue(id, out var editor))
            {
                editor = await DocumentEditor.CreateAsync(solution.GetDocument(id)!, cancellationToken).ConfigureAwait(false);
                editors[id] = editor;
            }

            return editor;
        }

        /// <summary>The type syntax to replace: the slot's type, or the element type <paramref name="request"/>.Depth levels in.</summary>
        private static TypeSyntax? FindTargetNode(TypeSyntax typeNode, MethodDeclarationSyntax method, WidthFixRequest request)
        {
            var depth = request.Depth;
            if (request.Slot >= 0 && request.Slot < method.ParameterList.Parameters.Count)
            {
                var parameter = method.ParameterList.Parameters[request.Slot];
                if (parameter.Modifiers.Any(m => m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword) || m.IsKind(SyntaxKind.InKeyword)))
                {
                    depth--; // the ref itself is the first level of indirection
                }
            }

            var current = typeNode;
            for (; depth > 0; depth--)
            {
                current = current switch
                {
                    PointerTypeSyntax pointer => pointer.ElementType,
                    ArrayTypeSyntax array => array.ElementType,
                    _ => null!,
                };

                if (current is null)
                {
                    return null;
                }
            }

            return current;
        }

        private static bool TryAdaptCallSite(DocumentEditor editor, SemanticModel model, SyntaxNode referenceNode, WidthFixRequest request, ITypeSymbol newType, CancellationToken cancellationToken)
        {
            // The reference must be the callee of an invocation: a method group used any other way cannot be adapted.
            var name = referenceNode as ExpressionSyntax ?? referenceNode.FirstAncestorOrSelf<SimpleNameSyntax>();
            if (name is null)
            {
                return false;
            }

            var callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? (ExpressionSyntax)access : name;
            if (!(callee.Parent is InvocationExpressionSyntax invocation) || invocation.Expression != callee)
            {
                return false;
            }

            if (!(model.GetOperation(invocation, cancellationToken) is IInvocationOperation operation))
            {
                return false;
            }

            if (request.Slot < 0)
            {
                if (operation.Parent is IExpressionStatementOperation)
                {
                    return true; // the result is discarded (a statement, or the body of a void lambda or member)
                }

                return AdaptResult(editor, model, invocation, request, newType, cancellationToken);
            }

            var argument = operation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == request.Slot);
            if (argument is null || argument.IsImplicit || !(argument.Syntax is ArgumentSyntax argumentSyntax))
            {
                return false;
            }

            var expression = argumentSyntax.Expression;
            if (request.Depth == 0)
            {
                var conversion = model.ClassifyConversion(expression, newType);
                if (!conversion.Exists || !conversion.IsImplicit)
                {
                    // Built from the node as edited so far: the argument may itself be a call being fixed (f(f(0))).
                    editor.ReplaceNode(expression, (current, _) => ConvertTo(((ExpressionSyntax)current).WithoutTrivia(), request.Replacement, model, expression).WithTriviaFrom(current));
                }

                return true;
            }

            return request.Depth == 1 && AdaptIndirectArgument(editor, model, argumentSyntax, request, newType, cancellationToken);
        }

        private static bool AdaptResult(DocumentEditor editor, SemanticModel model, InvocationExpressionSyntax invocation, WidthFixRequest request, ITypeSymbol newType, CancellationToken cancellationToken)
        {
            if (invocation.Parent is ExpressionStatementSyntax)
            {
                return true; // the result is discarded
            }

            var info = model.GetTypeInfo(invocation, cancellationToken);
            var expected = info.ConvertedType ?? info.Type;
            if (request.Depth != 0)
            {
                return false; // a pointer result the caller keeps: no conversion preserves its meaning
            }

            if (expected is null || expected.TypeKind == TypeKind.Error)
            {
                return false;
            }

            var back = model.Compilation.ClassifyConversion(newType, expected);
            if (back.Exists && back.IsImplicit)
            {
                return true;
            }

            if (!IntegerTypeNames.IsInteger(expected))
            {
                return false;
            }

            editor.ReplaceNode(invocation, (current, _) => ConvertFrom(((ExpressionSyntax)current).WithoutTrivia(), request.Replacement, expected).WithTriviaFrom(current));
            return true;
        }

        /// <summary><c>ref x</c>, <c>out x</c>, <c>in x</c>, <c>&amp;x</c> with x of the old type: go through a temporary of the new type.</summary>
        private static bool AdaptIndirectArgument(DocumentEditor editor, SemanticModel model, ArgumentSyntax argument, WidthFixRequest request, ITypeSymbol newType, CancellationToken cancellationToken)
        {
            var refKind = argument.RefKindKeyword;
            var expression = argument.Expression;
            if (refKind.IsKind(SyntaxKind.OutKeyword) && IsDiscard(expression))
            {
                return true; // 'out _' takes the parameter's new type by itself
            }

            if (refKind.IsKind(SyntaxKind.OutKeyword) && expression is DeclarationExpressionSyntax declared)
            {
                return AdaptOutDeclaration(editor, model, argument, declared, request, newType, cancellationToken);
            }
            var isAddressOf = expression is PrefixUnaryExpressionSyntax prefix && prefix.IsKind(SyntaxKind.AddressOfExpression);
            var variable = isAddressOf ? ((PrefixUnaryExpressionSyntax)expression).Operand : expression;

            var variableType = model.GetTypeInfo(variable, cancellationToken).Type;
            if (variableType is null || variableType.TypeKind == TypeKind.Error)
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(variableType, newType))
            {
                return true; // already the right type
            }

            if (refKind.IsKind(SyntaxKind.None) && !isAddressOf)
            {
                return false; // a pointer or array value: its elements cannot be converted in place
            }

            if (!(variable is IdentifierNameSyntax) && !(variable is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax }))
            {
                return false;
            }

            if (isAddressOf && !(model.GetSymbolInfo(variable, cancellationToken).Symbol is ILocalSymbol))
            {
                return false; // &field needs 'fixed'; not ours to restructure
            }

            var statement = argument.FirstAncestorOrSelf<StatementSyntax>();
            if (!(statement is ExpressionStatementSyntax || statement is LocalDeclarationStatementSyntax)
                || !(statement.Parent is BlockSyntax || statement.Parent is SwitchSectionSyntax || statement.Parent is GlobalStatementSyntax))
            {
                return false; // copy-back after the call needs a statement to follow
            }

            if (!IntegerTypeNames.IsInteger(variableType))
            {
                return false;
            }

            var baseName = BaseName(variable);
            var temporary = UniqueName(model, argument.SpanStart, char.ToLowerInvariant(baseName[0]) + baseName.Substring(1) + "Native");
            var isOut = refKind.IsKind(SyntaxKind.OutKeyword);
            var isIn = refKind.IsKind(SyntaxKind.InKeyword);

            var initializer = isOut ? null : EqualsValueClause(ConvertTo(variable.WithoutTrivia(), request.Replacement, model, variable));
            var declaration = LocalDeclarationStatement(
                    VariableDeclaration(NewTypeSyntax(request.Replacement))
                        .AddVariables(VariableDeclarator(Identifier(temporary)).WithInitializer(initializer)))
                .WithAdditionalAnnotations(Formatter.Annotation);

            var replacementArgument = isAddressOf
                ? argument.WithExpression(PrefixUnaryExpression(SyntaxKind.AddressOfExpression, IdentifierName(temporary)))
                : argument.WithExpression(IdentifierName(temporary));

            InsertBeforeStatement(editor, statement, declaration);
            editor.ReplaceNode(argument, replacementArgument.WithTriviaFrom(argument));
            if (!isIn)
            {
                var copyBack = ExpressionStatement(AssignmentExpression(
                        SyntaxKind.SimpleAssignmentExpression,
                        variable.WithoutTrivia(),
                        ConvertFrom(IdentifierName(temporary), request.Replacement, variableType)))
                    .WithAdditionalAnnotations(Formatter.Annotation);
                InsertAfterStatement(editor, statement, copyBack);
            }

            return true;
        }

        /// <summary>
        /// <c>out uint count</c> (or <c>out var count</c>): declare the new type in the call and the
        /// caller's variable, with its own type, right after the statement.
        /// </summary>
        private static bool AdaptOutDeclaration(DocumentEditor editor, SemanticModel model, ArgumentSyntax argument, DeclarationExpressionSyntax declared, WidthFixRequest request, ITypeSymbol newType, CancellationToken cancellationToken)
        {
            if (!(declared.Designation is SingleVariableDesignationSyntax single)
                || !(model.GetDeclaredSymbol(single, cancellationToken) is ILocalSymbol local))
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(local.Type, newType))
            {
                return true;
            }

            var statement = argument.FirstAncestorOrSelf<StatementSyntax>();
            if (!IntegerTypeNames.IsInteger(local.Type)
                || !(statement is ExpressionStatementSyntax || statement is LocalDeclarationStatementSyntax)
                || !(statement.Parent is BlockSyntax || statement.Parent is SwitchSectionSyntax || statement.Parent is GlobalStatementSyntax))
            {
                return false;
            }

            var name = single.Identifier.ValueText;
            var temporary = UniqueName(model, argument.SpanStart, name + "Native");
            var replacement = argument.WithExpression(DeclarationExpression(NewTypeSyntax(request.Replacement).WithTrailingTrivia(Space), SingleVariableDesignation(Identifier(temporary))));
            var variable = LocalDeclarationStatement(
                    VariableDeclaration(ParseTypeName(local.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)).WithAdditionalAnnotations(Simplifier.Annotation))
                        .AddVariables(VariableDeclarator(single.Identifier.WithoutTrivia())
                            .WithInitializer(EqualsValueClause(ConvertFrom(IdentifierName(temporary), request.Replacement, local.Type)))))
                .WithAdditionalAnnotations(Formatter.Annotation);
            editor.ReplaceNode(argument, replacement.WithTriviaFrom(argument));
            InsertAfterStatement(editor, statement, variable);
            return true;
        }

        private static bool IsDiscard(ExpressionSyntax expression) =>
            (expression is IdentifierNameSyntax id && id.Identifier.ValueText == "_")
            || (expression is DeclarationExpressionSyntax d && d.Designation is DiscardDesignationSyntax);

        private static void InsertBeforeStatement(DocumentEditor editor, StatementSyntax statement, StatementSyntax inserted)
        {
            if (statement.Parent is GlobalStatementSyntax global)
            {
                editor.InsertBefore(global, GlobalStatement(inserted));
            }
            else
            {
                editor.InsertBefore(statement, inserted);
            }
        }

        private static void InsertAfterStatement(DocumentEditor editor, StatementSyntax statement, StatementSyntax inserted)
        {
            if (statement.Parent is GlobalStatementSyntax global)
            {
                editor.InsertAfter(global, GlobalStatement(inserted));
            }
            else
            {
                editor.InsertAfter(statement, inserted);
            }
        }

        /// <summary><paramref name="value"/> converted to the new type: <c>new CULong((nuint)value)</c>, <c>(nuint)value</c>.</summary>
        private static ExpressionSyntax ConvertTo(ExpressionSyntax value, string replacement, SemanticModel model, ExpressionSyntax original)
        {
            var operand = Parenthesize(value);
            var name = ShortName(replacement);
            if (name == "CLong" || name == "CULong")
            {
                // CLong(nint) / CULong(nuint): cast only when the value does not convert implicitly (a uint or a constant does).
                var native = model.Compilation.CreateNativeIntegerTypeSymbol(signed: name == "CLong");
                var conversion = model.ClassifyConversion(original, native);
                ExpressionSyntax argument = conversion.Exists && conversion.IsImplicit
                    ? value
                    : CastExpression(ParseTypeName(name == "CLong" ? "nint" : "nuint"), operand);
                return ObjectCreationExpression(NewTypeSyntax(replacement))
                    .WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(argument))));
            }

            return CastExpression(NewTypeSyntax(replacement), operand);
        }

        /// <summary>A value of the new type converted back to what the caller has: <c>(uint)value.Value</c>, <c>(uint)value</c>.</summary>
        private static ExpressionSyntax ConvertFrom(ExpressionSyntax value, string replacement, ITypeSymbol expected)
        {
            var expectedSyntax = ParseTypeName(expected.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))
                .WithAdditionalAnnotations(Simplifier.Annotation);
            var shortName = ShortName(replacement);
            ExpressionSyntax source = shortName == "CLong" || shortName == "CULong"
                ? MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Parenthesize(value), IdentifierName("Value"))
                : Parenthesize(value);
            return CastExpression(expectedSyntax, source);
        }

        private static ExpressionSyntax Parenthesize(ExpressionSyntax value) =>
            value is IdentifierNameSyntax || value is LiteralExpressionSyntax || value is InvocationExpressionSyntax
            || value is MemberAccessExpressionSyntax || value is ParenthesizedExpressionSyntax || value is ElementAccessExpressionSyntax
                ? value
                : ParenthesizedExpression(value);

        internal static TypeSyntax NewTypeSyntax(string replacement)
        {
            var name = ShortName(replacement);
            if (name == "CLong" || name == "CULong")
            {
                return ParseTypeName("System.Runtime.InteropServices." + name)
                    .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            }

            return ParseTypeName(replacement).WithAdditionalAnnotations(Simplifier.Annotation);
        }



        private static string BaseName(ExpressionSyntax variable) => variable switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText,
            MemberAccessExpressionSyntax member when member.Name.Identifier.ValueText.TrimStart('_').Length > 0 => member.Name.Identifier.ValueText.TrimStart('_'),
            _ => "value",
        };

        private static string UniqueName(SemanticModel model, int position, string baseName)
        {
            var name = baseName;
            for (var i = 2; model.LookupSymbols(position, name: name).Length > 0; i++)
            {
                name = baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return name;
        }

        private static string ShortName(string typeName)
        {
            var dot = typeName.LastIndexOf('.');
            return dot >= 0 ? typeName.Substring(dot + 1) : typeName;
        }
    }
}
