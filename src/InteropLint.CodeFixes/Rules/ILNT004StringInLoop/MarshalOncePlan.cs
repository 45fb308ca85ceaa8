using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using InteropLint.Analyzers;
using InteropLint.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace InteropLint.CodeFixes
{
    /// <summary>The two ways ILNT004's fix marshals a string once.</summary>
    internal enum MarshalOnceShape
    {
        /// <summary>
        /// A literal becomes <c>in MemoryMarshal.GetReference("…\0"u8)</c> passed to an <c>in byte</c> overload: the compiler
        /// encodes it once, into the assembly's data; nothing is allocated at run time, nothing needs freeing, and it is
        /// valid anywhere an expression is (deferred lambdas, async methods, expression-bodied members).
        /// </summary>
        Utf8Literal,

        /// <summary>
        /// <c>IntPtr x = Marshal.StringToCoTaskMemUTF8(value)</c> (or <c>…Ansi</c>) before the outermost loop where the value
        /// is invariant, the loop inside <c>try</c>, <c>Marshal.FreeCoTaskMem</c> in <c>finally</c>, and an <c>IntPtr</c>
        /// overload. A null string becomes <c>IntPtr.Zero</c>, i.e. NULL, as the marshaller passes it.
        /// </summary>
        Hoist,
    }

    /// <summary>Everything the fix needs, checked against the current solution before anything is changed.</summary>
    internal sealed class MarshalOncePlan
    {
        public MarshalOncePlan(
            MarshalOnceShape shape,
            DocumentId document,
            ArgumentSyntax argument,
            StatementSyntax? hoistBefore,
            IMethodSymbol pinvoke,
            MethodDeclarationSyntax declaration,
            DocumentId declarationDocument,
            bool overloadExists,
            int parameterIndex,
            string encodeMethod,
            string? literalValue)
        {
            Shape = shape;
            Document = document;
            Argument = argument;
            HoistBefore = hoistBefore;
            PInvoke = pinvoke;
            Declaration = declaration;
            DeclarationDocument = declarationDocument;
            OverloadExists = overloadExists;
            ParameterIndex = parameterIndex;
            EncodeMethod = encodeMethod;
            LiteralValue = literalValue;
        }

        public MarshalOnceShape Shape { get; }

        public DocumentId Document { get; }

        public ArgumentSyntax Argument { get; }

        /// <summary>The statement the encoded buffer is declared before and freed after (Hoist only).</summary>
        public StatementSyntax? HoistBefore { get; }

        public IMethodSymbol PInvoke { get; }

        public MethodDeclarationSyntax Declaration { get; }

        public DocumentId DeclarationDocument { get; }

        public bool OverloadExists { get; }

        public int ParameterIndex { get; }

        /// <summary><c>StringToCoTaskMemUTF8</c> or <c>StringToCoTaskMemAnsi</c>: the marshaller's own encoding.</summary>
        public string EncodeMethod { get; }

        public string? LiteralValue { get; }

        public string Title => Shape == MarshalOnceShape.Utf8Literal
            ? "Pass the string as a UTF-8 literal encoded at compile time"
            : LiteralValue != null
                ? "Encode the string once before the loop (fastest per call)"
                : "Encode the string once before the loop";

        /// <summary>
        /// Decides the fix for one ILNT004 diagnostic, or returns null when no fix is safe. A literal gets the
        /// <see cref="MarshalOnceShape.Utf8Literal"/> shape unless <paramref name="preferHoist"/> asks for the buffer
        /// before the loop (faster per call: an all-blittable signature is called without a marshalling stub).
        /// </summary>
        public static async Task<MarshalOncePlan?> CreateAsync(
            Document document,
            ExpressionSyntax value,
            SyntaxNode hoistTarget,
            ImmutableDictionary<string, string?> properties,
            bool preferHoist,
            CancellationToken cancellationToken)
        {
            properties.TryGetValue(StringInLoopAnalyzer.MarshallingProperty, out var marshalling);
            if (marshalling != StringInLoopAnalyzer.Utf8 && marshalling != StringInLoopAnalyzer.Ansi)
            {
                return null; // CharSet.Auto: UTF-16 on Windows, where a UTF-8 buffer would be wrong
            }

            if (properties.TryGetValue(StringInLoopAnalyzer.NativeMayWriteProperty, out var mayWrite) && mayWrite == "true")
            {
                return null; // a shared buffer (or read-only u8 data) must not be written by native code
            }

            if (value.Parent is not ArgumentSyntax argument || !argument.RefKindKeyword.IsKind(SyntaxKind.None))
            {
                return null;
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model is null
                || model.GetOperation(argument, cancellationToken) is not IArgumentOperation operation
                || operation.Parameter is not { } parameter
                || operation.Parent is not IInvocationOperation invocation)
            {
                return null;
            }

            var pinvoke = invocation.TargetMethod;
            if (pinvoke.DeclaringSyntaxReferences.Length == 0)
            {
                return null; // declared in another assembly: no place to add the overload
            }

            var declaration = DefinitionDeclaration(pinvoke, cancellationToken);
            var declarationDocument = declaration is null ? null : document.Project.Solution.GetDocument(declaration.SyntaxTree);
            if (declaration is null || declarationDocument is null)
            {
                return null;
            }

            var compilation = model.Compilation;
            var literal = operation.Value is ILiteralOperation && operation.Value.ConstantValue.Value is string s ? s : null;
            var isAscii = operation.Value.ConstantValue.Value is string c && c.All(ch => ch < 0x80);
            var strictAnsi = properties.TryGetValue(StringInLoopAnalyzer.StrictAnsiProperty, out var strict) && strict == "true";

            if (literal != null
                && !preferHoist
                && (marshalling == StringInLoopAnalyzer.Utf8 || isAscii)
                && SupportsUtf8Literals(model.SyntaxTree, compilation)
                && IsValidUtf16(literal))
            {
                var overload = FindOverload(pinvoke, parameter.Ordinal, MarshalOnceShape.Utf8Literal, compilation, out var conflict);
                return conflict
                    ? null
                    : new MarshalOncePlan(MarshalOnceShape.Utf8Literal, document.Id, argument, null, pinvoke, declaration, declarationDocument.Id, overload, parameter.Ordinal, "", literal);
            }

            if (marshalling == StringInLoopAnalyzer.Ansi && strictAnsi && !isAscii)
            {
                return null; // Marshal.StringToCoTaskMemAnsi uses best-fit mapping; this P/Invoke does not
            }

            var encodeMethod = marshalling == StringInLoopAnalyzer.Utf8 ? "StringToCoTaskMemUTF8" : "StringToCoTaskMemAnsi";
            var marshal = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.Marshal");
            if (marshal is null || marshal.GetMembers(encodeMethod).IsEmpty || marshal.GetMembers("FreeCoTaskMem").IsEmpty)
            {
                return null;
            }

            if (!properties.TryGetValue(StringInLoopAnalyzer.CanHoistProperty, out var canHoist) || canHoist != "true")
            {
                return null; // a deferred LINQ lambda could run after the buffer is freed
            }

            var hoistBefore = HoistableStatement(hoistTarget);
            if (hoistBefore is null)
            {
                return null;
            }

            var pointerOverload = FindOverload(pinvoke, parameter.Ordinal, MarshalOnceShape.Hoist, compilation, out var pointerConflict);
            return pointerConflict
                ? null
                : new MarshalOncePlan(MarshalOnceShape.Hoist, document.Id, argument, hoistBefore, pinvoke, declaration, declarationDocument.Id, pointerOverload, parameter.Ordinal, encodeMethod, literal);
        }

        /// <summary>The part that carries the attributes (for a partial LibraryImport method, the one without a body).</summary>
        private static MethodDeclarationSyntax? DefinitionDeclaration(IMethodSymbol method, CancellationToken cancellationToken)
        {
            MethodDeclarationSyntax? found = null;
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax syntax && syntax.Body is null && syntax.ExpressionBody is null)
                {
                    found ??= syntax;
                }
            }

            return found;
        }

        /// <summary>C# 11's <c>"…"u8</c> literals and <c>MemoryMarshal.GetReference(ReadOnlySpan&lt;T&gt;)</c>.</summary>
        private static bool SupportsUtf8Literals(SyntaxTree tree, Compilation compilation)
        {
            if (tree.Options is not CSharpParseOptions options || options.LanguageVersion < LanguageVersion.CSharp11)
            {
                return false;
            }

            var memoryMarshal = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.MemoryMarshal");
            return compilation.GetTypeByMetadataName("System.ReadOnlySpan`1") != null
                && memoryMarshal != null
                && !memoryMarshal.GetMembers("GetReference").IsEmpty;
        }

        /// <summary>u8 literals must convert to UTF-8 exactly (a lone surrogate is a compile error there).</summary>
        private static bool IsValidUtf16(string text)
        {
            try
            {
                new UTF8Encoding(false, true).GetByteCount(text);
                return true;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        /// <summary>
        /// Whether the overload the fix calls exists already: same name, same parameters except the string one, which is
        /// <c>in byte</c> (literal) or <c>IntPtr</c> (hoisted), and a P/Invoke to the same library and entry point.
        /// <paramref name="conflict"/> is set when a method with that signature exists but is something else.
        /// </summary>
        private static bool FindOverload(IMethodSymbol pinvoke, int index, MarshalOnceShape shape, Compilation compilation, out bool conflict)
        {
            conflict = false;
            var libraryImport = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.LibraryImportAttribute");
            var original = PInvokeMethod.TryCreate(pinvoke, libraryImport);
            foreach (var member in pinvoke.ContainingType.GetMembers(pinvoke.Name))
            {
                if (member is not IMethodSymbol candidate || candidate.Parameters.Length != pinvoke.Parameters.Length
                    || SymbolEqualityComparer.Default.Equals(candidate, pinvoke))
                {
                    continue;
                }

                var same = true;
                for (var i = 0; i < candidate.Parameters.Length && same; i++)
                {
                    var p = candidate.Parameters[i];
                    if (i == index)
                    {
                        same = shape == MarshalOnceShape.Utf8Literal
                            ? p.Type.SpecialType == SpecialType.System_Byte && p.RefKind != RefKind.None && p.RefKind != RefKind.Out
                            : p.Type.SpecialType == SpecialType.System_IntPtr && p.RefKind == RefKind.None;
                    }
                    else
                    {
                        same = SymbolEqualityComparer.Default.Equals(p.Type, pinvoke.Parameters[i].Type) && p.RefKind == pinvoke.Parameters[i].RefKind;
                    }
                }

                if (!same)
                {
                    continue;
                }

                var found = PInvokeMethod.TryCreate(candidate, libraryImport);
                if (found != null && original != null && found.EntryPoint == original.EntryPoint && found.Library == original.Library
                    && SymbolEqualityComparer.Default.Equals(candidate.ReturnType, pinvoke.ReturnType))
                {
                    return true;
                }

                conflict = true;
            }

            return false;
        }

        /// <summary>The statement to wrap: the loop statement itself, or the expression statement that calls ForEach.</summary>
        private static StatementSyntax? HoistableStatement(SyntaxNode target)
        {
            switch (target)
            {
                case ForStatementSyntax:
                case ForEachStatementSyntax:
                case ForEachVariableStatementSyntax:
                case WhileStatementSyntax:
                case DoStatementSyntax:
                    return (StatementSyntax)target;
                case InvocationExpressionSyntax call when call.Parent is ExpressionStatementSyntax statement:
                    return statement;
                default:
                    return null; // e.g. `var r = Parallel.ForEach(...)`: wrapping it would change r's scope
            }
        }
    }
}
