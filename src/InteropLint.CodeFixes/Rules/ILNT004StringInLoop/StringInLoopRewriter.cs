using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace InteropLint.CodeFixes
{
    /// <summary>Applies a <see cref="MarshalOncePlan"/>: the call site, the hoisted buffer and the overload.</summary>
    internal static class StringInLoopRewriter
    {
        private const string FreeMethod = "FreeCoTaskMem";

        public static async Task<Solution> ApplyAsync(Solution solution, MarshalOncePlan plan, CancellationToken cancellationToken)
        {
            var editor = new SolutionEditor(solution);
            var callEditor = await editor.GetDocumentEditorAsync(plan.Document, cancellationToken).ConfigureAwait(false);

            if (plan.Shape == MarshalOnceShape.Utf8Literal)
            {
                callEditor.ReplaceNode(plan.Argument, Utf8LiteralArgument(plan.Argument, plan.LiteralValue!));
            }
            else
            {
                var statement = plan.HoistBefore!;
                var value = ((ExpressionSyntax)plan.Argument.Expression).WithoutTrivia();
                var existing = ExistingBuffer(statement, value, plan.EncodeMethod);
                var name = existing ?? UniqueName(statement, BaseName(value, plan), callEditor.SemanticModel);
                callEditor.ReplaceNode(plan.Argument.Expression, IdentifierName(name).WithTriviaFrom(plan.Argument.Expression));
                if (existing is null)
                {
                    Hoist(callEditor, statement, name, value, plan.EncodeMethod);
                }
            }

            if (!plan.OverloadExists)
            {
                var declarationEditor = await editor.GetDocumentEditorAsync(plan.DeclarationDocument, cancellationToken).ConfigureAwait(false);
                declarationEditor.InsertAfter(plan.Declaration, Overload(plan, declarationEditor.SemanticModel));
            }

            // `using System.Runtime.InteropServices;` where the call site lacks it, so Marshal/MemoryMarshal read short.
            var changed = editor.GetChangedSolution();
            var callDocument = changed.GetDocument(plan.Document);
            if (callDocument != null)
            {
                callDocument = await ImportAdder.AddImportsAsync(callDocument, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
                changed = callDocument.Project.Solution;
            }

            return changed;
        }

        /// <summary><c>in MemoryMarshal.GetReference("text\0"u8)</c>, keeping a <c>name:</c> if there was one.</summary>
        private static ArgumentSyntax Utf8LiteralArgument(ArgumentSyntax argument, string text)
        {
            var utf8 = ParseExpression(SymbolDisplay.FormatLiteral(text + "\0", quote: true) + "u8");
            var reference = InvocationExpression(
                    ParseExpression("System.Runtime.InteropServices.MemoryMarshal.GetReference").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
                    ArgumentList(SingletonSeparatedList(Argument(utf8))));
            return argument
                .WithRefKindKeyword(Token(SyntaxKind.InKeyword).WithTrailingTrivia(Space))
                .WithExpression(reference.WithTriviaFrom(argument.Expression));
        }

        /// <summary>
        /// <c>IntPtr name = Marshal.StringToCoTaskMemUTF8(value);</c> before the statement and
        /// <c>try { statement } finally { Marshal.FreeCoTaskMem(name); }</c> in its place; a block holds both when the
        /// statement is not directly in a block (an <c>if</c> body, a labeled statement).
        /// </summary>
        private static void Hoist(DocumentEditor editor, StatementSyntax statement, string name, ExpressionSyntax value, string encodeMethod)
        {
            var marshal = ParseExpression("System.Runtime.InteropServices.Marshal").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            var declaration = LocalDeclarationStatement(
                VariableDeclaration(
                    IntPtrType(editor.SemanticModel, statement.SpanStart),
                    SingletonSeparatedList(
                        VariableDeclarator(Identifier(name)).WithInitializer(EqualsValueClause(
                            InvocationExpression(
                                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, marshal, IdentifierName(encodeMethod)),
                                ArgumentList(SingletonSeparatedList(Argument(value)))))))))
                .WithLeadingTrivia(statement.GetLeadingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);
            var free = ExpressionStatement(InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, marshal, IdentifierName(FreeMethod)),
                ArgumentList(SingletonSeparatedList(Argument(IdentifierName(name))))));

            TryStatementSyntax Wrap(SyntaxNode current) =>
                TryStatement(Block((StatementSyntax)current.WithoutLeadingTrivia()), default, FinallyClause(Block(free)))
                    .WithAdditionalAnnotations(Formatter.Annotation);

            if (statement.Parent is BlockSyntax || statement.Parent is SwitchSectionSyntax)
            {
                editor.InsertBefore(statement, declaration);
                editor.ReplaceNode(statement, (current, _) => Wrap(current));
            }
            else
            {
                editor.ReplaceNode(statement, (current, _) => Block(declaration, Wrap(current)).WithAdditionalAnnotations(Formatter.Annotation));
            }
        }

        /// <summary>
        /// The name of a buffer an earlier fix already hoisted around this statement for the same value and encoding
        /// (several calls in one loop share it), or null.
        /// </summary>
        private static string? ExistingBuffer(StatementSyntax statement, ExpressionSyntax value, string encodeMethod)
        {
            SyntaxNode current = statement;
            while (current.Parent is BlockSyntax tryBlock
                   && tryBlock.Statements.Count == 1
                   && tryBlock.Parent is TryStatementSyntax tryStatement
                   && tryStatement.Block == tryBlock
                   && tryStatement.Finally != null
                   && tryStatement.Catches.Count == 0
                   && tryStatement.Parent is BlockSyntax outer)
            {
                var index = outer.Statements.IndexOf(tryStatement);
                if (index > 0
                    && outer.Statements[index - 1] is LocalDeclarationStatementSyntax local
                    && local.Declaration.Variables.Count == 1
                    && local.Declaration.Variables[0].Initializer?.Value is InvocationExpressionSyntax encode
                    && encode.Expression is MemberAccessExpressionSyntax access
                    && access.Name.Identifier.ValueText == encodeMethod
                    && encode.ArgumentList.Arguments.Count == 1
                    && SyntaxFactory.AreEquivalent(encode.ArgumentList.Arguments[0].Expression, value))
                {
                    return local.Declaration.Variables[0].Identifier.ValueText;
                }

                current = tryStatement;
            }

            return null;
        }

        private static string BaseName(ExpressionSyntax value, MarshalOncePlan plan)
        {
            var identifier = value switch
            {
                IdentifierNameSyntax name => name.Identifier.ValueText,
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                _ => plan.PInvoke.Parameters[plan.ParameterIndex].Name,
            };

            identifier = identifier.TrimStart('_');
            if (identifier.StartsWith("s_", System.StringComparison.Ordinal) || identifier.StartsWith("m_", System.StringComparison.Ordinal))
            {
                identifier = identifier.Substring(2);
            }

            if (identifier.Length == 0 || !SyntaxFacts.IsIdentifierStartCharacter(identifier[0]))
            {
                identifier = "text";
            }

            var suffix = plan.EncodeMethod.EndsWith("Ansi", System.StringComparison.Ordinal) ? "Ansi" : "Utf8";
            return char.ToLowerInvariant(identifier[0]) + identifier.Substring(1) + suffix;
        }

        /// <summary>
        /// <c>IntPtr</c> where that name means System.IntPtr, else <c>System.IntPtr</c>. Not left to the simplifier: it
        /// would write <c>nint</c>, which reads as a number rather than the pointer the code around it calls IntPtr.
        /// </summary>
        private static TypeSyntax IntPtrType(SemanticModel model, int position)
        {
            foreach (var symbol in model.LookupNamespacesAndTypes(position, name: "IntPtr"))
            {
                if (symbol is ITypeSymbol type && type.SpecialType == SpecialType.System_IntPtr)
                {
                    return IdentifierName("IntPtr");
                }
            }

            return ParseTypeName("System.IntPtr");
        }

        /// <summary>A name no symbol in scope and no identifier in the member already uses.</summary>
        private static string UniqueName(StatementSyntax statement, string baseName, SemanticModel model)
        {
            var member = statement.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not GlobalStatementSyntax) ?? (SyntaxNode)statement.SyntaxTree.GetRoot();
            var taken = new HashSet<string>(member.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            foreach (var symbol in model.LookupSymbols(statement.SpanStart))
            {
                taken.Add(symbol.Name);
            }

            var name = baseName;
            for (var i = 2; taken.Contains(name); i++)
            {
                name = baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return name;
        }

        /// <summary>The P/Invoke again, same attributes and entry point, with the string parameter already encoded.</summary>
        private static MethodDeclarationSyntax Overload(MarshalOncePlan plan, SemanticModel model)
        {
            var declaration = plan.Declaration;
            var parameter = declaration.ParameterList.Parameters[plan.ParameterIndex];
            var replaced = plan.Shape == MarshalOnceShape.Utf8Literal
                ? Parameter(parameter.Identifier)
                    .WithModifiers(TokenList(Token(SyntaxKind.InKeyword)))
                    .WithType(PredefinedType(Token(SyntaxKind.ByteKeyword)))
                : Parameter(parameter.Identifier)
                    .WithType(IntPtrType(model, declaration.SpanStart));

            var comment = plan.Shape == MarshalOnceShape.Utf8Literal
                ? "// The same entry point, taking the string as NUL-terminated UTF-8 bytes the caller already encoded."
                : "// The same entry point, taking a string the caller already encoded and NUL-terminated.";
            return declaration
                .WithParameterList(declaration.ParameterList.WithParameters(declaration.ParameterList.Parameters.Replace(parameter, replaced.WithTriviaFrom(parameter))))
                .WithLeadingTrivia(Comment(comment), ElasticCarriageReturnLineFeed)
                .WithAdditionalAnnotations(Formatter.Annotation);
        }
    }
}
