using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace InteropLint.CodeFixes
{
    /// <summary>
    /// Keeps the code that uses a struct's fields compiling when ILNT003's fix changes their types: a write
    /// gets the new type (<c>s.total_in = new CULong(n)</c>), a read is converted to the type the code around
    /// it expects (<c>(uint)s.total_in.Value</c> into a <c>uint</c>, <c>s.total_in.Value</c> into a <c>ulong</c>). Uses it cannot adapt
    /// (<c>ref s.total_in</c>, <c>s.total_in++</c>, <c>+=</c>) make the fix unavailable.
    /// </summary>
    internal static class StructFieldUsageRewriter
    {
        /// <summary>
        /// The solution with every use of the changed fields adapted, and the struct's declaration rewritten by
        /// <paramref name="rewriteDeclaration"/>; null when some use cannot be adapted.
        /// </summary>
        public static async Task<Solution?> RewriteAsync(
            Document document,
            StructDeclarationSyntax declaration,
            IReadOnlyDictionary<string, string> newTypes,
            Func<StructDeclarationSyntax, StructDeclarationSyntax> rewriteDeclaration,
            CancellationToken cancellationToken)
        {
            var solution = document.Project.Solution;
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model is null || !(model.GetDeclaredSymbol(declaration, cancellationToken) is INamedTypeSymbol type))
            {
                return null;
            }

            // Document → (node → how to rewrite it).
            var edits = new Dictionary<DocumentId, Dictionary<SyntaxNode, Func<ExpressionSyntax, ExpressionSyntax>>>();
            foreach (var member in type.GetMembers())
            {
                if (!(member is IFieldSymbol field) || !newTypes.TryGetValue(field.Name, out var newType) || newType == "bool:U1")
                {
                    continue;
                }

                var references = await SymbolFinder.FindReferencesAsync(field, solution, cancellationToken).ConfigureAwait(false);
                foreach (var location in references.SelectMany(r => r.Locations))
                {
                    if (location.IsImplicit || location.Document is null)
                    {
                        continue;
                    }

                    var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    var usageModel = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                    if (root is null || usageModel is null)
                    {
                        return null;
                    }

                    var node = root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    if (!(node is SimpleNameSyntax name))
                    {
                        return null;
                    }

                    if (!edits.TryGetValue(location.Document.Id, out var nodes))
                    {
                        edits[location.Document.Id] = nodes = new Dictionary<SyntaxNode, Func<ExpressionSyntax, ExpressionSyntax>>();
                    }

                    if (!Plan(name, field, newType, newTypes, usageModel, nodes))
                    {
                        return null;
                    }
                }
            }

            foreach (var edit in edits)
            {
                var doc = solution.GetDocument(edit.Key)!;
                var root = await doc.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (edit.Key == document.Id)
                {
                    continue; // done below, with the declaration
                }

                var newRoot = root!.ReplaceNodes(edit.Value.Keys, (original, rewritten) => edit.Value[original]((ExpressionSyntax)rewritten));
                solution = solution.WithDocumentSyntaxRoot(edit.Key, newRoot);
            }

            var ownRoot = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SyntaxNode tracked;
            if (edits.TryGetValue(document.Id, out var own))
            {
                // Uses inside this document (possibly inside the struct itself) first; tracking finds the declaration after.
                var trackedRoot = ownRoot!.TrackNodes(own.Keys.Concat(new SyntaxNode[] { declaration }));
                var mapped = own.ToDictionary(p => trackedRoot.GetCurrentNode(p.Key)!, p => p.Value);
                tracked = trackedRoot.ReplaceNodes(mapped.Keys, (original, rewritten) => mapped[original]((ExpressionSyntax)rewritten));
            }
            else
            {
                tracked = ownRoot!.TrackNodes(declaration);
            }

            var currentDeclaration = tracked.GetCurrentNode(declaration);
            if (currentDeclaration is null)
            {
                return null;
            }

            var finalRoot = tracked.ReplaceNode(currentDeclaration, rewriteDeclaration(currentDeclaration));
            return solution.WithDocumentSyntaxRoot(document.Id, finalRoot);
        }

        /// <summary>Adds the rewrite of one use of <paramref name="field"/>; false when the use cannot be adapted.</summary>
        private static bool Plan(SimpleNameSyntax name, IFieldSymbol field, string newType, IReadOnlyDictionary<string, string> newTypes, SemanticModel model, Dictionary<SyntaxNode, Func<ExpressionSyntax, ExpressionSyntax>> nodes)
        {
            ExpressionSyntax expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            if (name.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" }))
            {
                return true; // nameof(s.total_in) does not care about the type
            }

            var parent = expression.Parent;
            if (parent is AssignmentExpressionSyntax assignment && assignment.Left == expression)
            {
                if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || !(assignment.Parent is ExpressionStatementSyntax || assignment.Parent is InitializerExpressionSyntax))
                {
                    return false; // +=, or an assignment whose value is used
                }

                var value = assignment.Right;
                if (BecomesSameType(value, field, newType, newTypes, model))
                {
                    return true; // s.adler = s.total_in: both sides change together
                }

                var converted = ConvertTo(value, newType, model);
                if (converted is null)
                {
                    return false;
                }

                Chain(nodes, value, converted);
                return true;
            }

            if (parent is ArgumentSyntax argument && !argument.RefKindKeyword.IsKind(SyntaxKind.None)
                || parent is PrefixUnaryExpressionSyntax || parent is PostfixUnaryExpressionSyntax
                || parent is RefExpressionSyntax || parent is TupleExpressionSyntax
                || parent is ArgumentSyntax { Parent: TupleExpressionSyntax })
            {
                return false;
            }

            if (parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } written && written.Right == expression
                && BecomesSameType(written.Left, field, newType, newTypes, model))
            {
                return true;
            }

            // A read: converted to what the code around it expects (a 'long' takes a CLong's value as it is, a 'uint'
            // gets a cast), so it keeps compiling; what it cannot hold is cut as the old field type cut it.
            var expected = model.GetTypeInfo(expression).ConvertedType;
            var target = expected != null && IntegerTypeNames.IsInteger(expected) ? expected : field.Type;
            var valueType = IntegerTypeNames.IsCLongFamily(newType) ? model.Compilation.CreateNativeIntegerTypeSymbol(signed: newType == "CLong") : IntegerTypeNames.Resolve(model.Compilation, newType);
            var implicitly = valueType != null && model.Compilation.ClassifyConversion(valueType, target) is { Exists: true, IsImplicit: true };
            var targetName = target.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            Chain(nodes, expression, e =>
            {
                ExpressionSyntax value = IntegerTypeNames.IsCLongFamily(newType) ? MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, e.WithoutTrivia(), IdentifierName("Value")) : e.WithoutTrivia();
                return (implicitly ? value : ParenthesizedExpression(CastExpression(ParseTypeName(targetName), value)).WithAdditionalAnnotations(Simplifier.Annotation))
                    .WithTriviaFrom(e);
            });
            return true;
        }

        /// <summary>Whether <paramref name="other"/> is a field of the same struct that the fix gives the same new type.</summary>
        private static bool BecomesSameType(ExpressionSyntax other, IFieldSymbol field, string newType, IReadOnlyDictionary<string, string> newTypes, SemanticModel model) =>
            model.GetSymbolInfo(other).Symbol is IFieldSymbol otherField
            && SymbolEqualityComparer.Default.Equals(otherField.ContainingType, field.ContainingType)
            && newTypes.TryGetValue(otherField.Name, out var otherType) && otherType == newType;


        /// <summary>A value written into the field, converted to the new type: <c>new CULong(n)</c>, <c>(nuint)(n)</c>.</summary>
        private static Func<ExpressionSyntax, ExpressionSyntax>? ConvertTo(ExpressionSyntax value, string newType, SemanticModel model)
        {
            var compilation = model.Compilation;
            if (IntegerTypeNames.IsCLongFamily(newType))
            {
                var native = compilation.CreateNativeIntegerTypeSymbol(signed: newType == "CLong");
                var conversion = model.ClassifyConversion(value, native);
                if (!conversion.Exists)
                {
                    return null;
                }

                var implicitly = conversion.IsImplicit;
                return e => ObjectCreationExpression(
                        Token(SyntaxKind.NewKeyword).WithTrailingTrivia(Space),
                        StructLayoutCodeFixProvider.TypeSyntax(newType),
                        ArgumentList(SingletonSeparatedList(Argument(
                            implicitly ? e.WithoutTrivia() : CastExpression(ParseTypeName(newType == "CLong" ? "nint" : "nuint"), ParenthesizedExpression(e.WithoutTrivia()))))),
                        null)
                    .WithTriviaFrom(e);
            }

            var target = IntegerTypeNames.Resolve(compilation, newType);
            if (target is null)
            {
                return null;
            }

            var toTarget = model.ClassifyConversion(value, target);
            if (!toTarget.Exists)
            {
                return null;
            }

            if (toTarget.IsImplicit)
            {
                return e => e;
            }

            return e => CastExpression(StructLayoutCodeFixProvider.TypeSyntax(newType), ParenthesizedExpression(e.WithoutTrivia()))
                .WithTriviaFrom(e).WithAdditionalAnnotations(Simplifier.Annotation);
        }

        private static void Chain(Dictionary<SyntaxNode, Func<ExpressionSyntax, ExpressionSyntax>> nodes, SyntaxNode node, Func<ExpressionSyntax, ExpressionSyntax> rewrite)
        {
            nodes[node] = nodes.TryGetValue(node, out var first) ? e => rewrite(first(e)) : rewrite;
        }


    }
}
