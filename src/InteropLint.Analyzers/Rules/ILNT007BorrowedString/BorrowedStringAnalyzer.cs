using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// ILNT007: a P/Invoke declared to return <c>string</c> whose C function returns a string the caller does
    /// not own (<c>const char*</c>, <c>getenv</c>) or owns through another allocator (<c>x_strdup</c> released by
    /// <c>x_free</c>). The marshaller frees every returned string with <c>CoTaskMemFree</c> (<c>free()</c> on Unix).
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1001", Justification = "Runs this rule alone (tests); the compiler host runs it through PInvokeSignatureAnalyzer, which carries the attribute")]
    public sealed class BorrowedStringAnalyzer : PInvokeRuleAnalyzer
    {
        public BorrowedStringAnalyzer()
            : base(Rule)
        {
        }

        /// <summary>Diagnostic property: the <c>Marshal</c> method that converts the pointer as the marshaller did.</summary>
        public const string ConversionProperty = "Conversion";

        /// <summary>Diagnostic property: the C# name of the P/Invoke that frees the result (foreign-allocator case), when declared beside it.</summary>
        public const string DeallocatorMethodProperty = "DeallocatorMethod";

        /// <summary>Diagnostic property: <c>borrowed</c>, or <c>foreign</c> when the caller owns it through another allocator.</summary>
        public const string KindProperty = "Kind";

        /// <summary>Diagnostic property: the C entry point (the fix renames the method, so it pins the entry point).</summary>
        public const string EntryPointProperty = "EntryPoint";

        /// <summary>ILNT007's check; <see cref="PInvokeSignatureAnalyzer"/> runs it with the other signature rules on each P/Invoke bound once.</summary>
        internal static readonly PInvokeRule Rule = new PInvokeRule(
            Descriptors.ILNT007,
            (compilation, interop) =>
            {
                var marshal = interop.Types.Marshal;
                var hasUtf8 = marshal != null && !marshal.GetMembers("PtrToStringUTF8").IsEmpty;
                return (c, method, bound) => AnalyzeMethod(c, interop, bound!, hasUtf8);
            });

        private static void AnalyzeMethod(SymbolAnalysisContext context, InteropContext interop, BoundPInvoke bound, bool hasUtf8)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (method.ReturnType.SpecialType != SpecialType.System_String)
            {
                return;
            }

            var pinvoke = bound.PInvoke;
            var match = bound.Function;

            // Only the built-in string marshaller frees with CoTaskMemFree; a custom marshaller's cleanup
            // ([MarshalUsing], UnmanagedType.CustomMarshaler, [NativeMarshalling]) is its own.
            var returned = MarshallingInfoParser.For(context.Compilation).Return(pinvoke);
            if (returned.Release != NativeRelease.MarshallerFrees)
            {
                return;
            }

            var declaration = match.First;
            var syntax = FindDeclaration(method, context.CancellationToken);
            if (syntax is null)
            {
                return;
            }

            var cReturn = declaration.Return;
            if (!IsCharacterPointer(cReturn))
            {
                return; // returns something else: the signature rule's business
            }

            var kind = "borrowed";
            OwnershipPair? owner = null;
            if (!cReturn.Pointee!.IsConst && !OwnershipFacts.IsLibcBorrowed(declaration.Name))
            {
                owner = OwnershipFacts.FindDeallocator(declaration.Name, match.Found, context.Options.GetOwnershipPairs(syntax.SyntaxTree));
                if (owner is null || owner.Deallocator == "free")
                {
                    return; // caller-owned and released with free(): what the marshaller does on Unix (see docs: Windows)
                }

                kind = "foreign";
            }

            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[KindProperty] = kind;
            properties[EntryPointProperty] = pinvoke.EntryPoint;
            properties[ConversionProperty] = returned.DecodingMethod(hasUtf8);
            string? deallocatorMethod = null;
            if (owner != null)
            {
                deallocatorMethod = FindDeallocatorMethod(method, owner.Deallocator, interop);
                if (deallocatorMethod != null)
                {
                    properties[DeallocatorMethodProperty] = deallocatorMethod;
                }
            }

            var message = Compose(declaration, kind, owner, deallocatorMethod, properties[ConversionProperty]!, match);
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT007, syntax.ReturnType.GetLocation(), properties.ToImmutable(), message));
        }

        /// <summary><c>char</c>, <c>unsigned char</c>, <c>wchar_t</c>, <c>char16_t</c>, <c>char32_t</c> behind one pointer.</summary>
        internal static bool IsCharacterPointer(CType type)
        {
            if (type.Kind != CTypeKind.Pointer || type.Pointee is null)
            {
                return false;
            }

            var pointee = type.Pointee;
            return pointee.Kind == CTypeKind.Char || (pointee.Kind == CTypeKind.Integer && TypeWidths.IsWideCharacter(pointee));
        }

        private static MethodDeclarationSyntax? FindDeclaration(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        {
            // A LibraryImport method has a generated implementation part too: report on the part the user wrote (no body).
            MethodDeclarationSyntax? any = null;
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration)
                {
                    if (declaration.Body is null && declaration.ExpressionBody is null)
                    {
                        return declaration;
                    }

                    any ??= declaration;
                }
            }

            return any;
        }

        /// <summary>The C# name of a P/Invoke beside <paramref name="method"/> bound to <paramref name="entryPoint"/> and taking one pointer.</summary>
        private static string? FindDeallocatorMethod(IMethodSymbol method, string entryPoint, InteropContext interop)
        {
            foreach (var member in method.ContainingType.GetMembers())
            {
                if (member is IMethodSymbol candidate && candidate.Parameters.Length == 1 && IsPointerLike(candidate.Parameters[0].Type)
                    && candidate.Parameters[0].RefKind == RefKind.None)
                {
                    var p = PInvokeMethod.TryCreate(candidate, interop.Types.LibraryImport);
                    if (p != null && p.EntryPoint == entryPoint)
                    {
                        return candidate.Name;
                    }
                }
            }

            return null;
        }

        internal static bool IsPointerLike(ITypeSymbol type) =>
            type.SpecialType == SpecialType.System_IntPtr || type.SpecialType == SpecialType.System_UIntPtr || type is IPointerTypeSymbol;

        private static string Compose(FunctionDecl declaration, string kind, OwnershipPair? owner, string? deallocatorMethod, string conversion, NativeMatch<FunctionDecl> match)
        {
            var sb = new StringBuilder();
            sb.Append('\'').Append(declaration.Name).Append("' returns '").Append(declaration.Return.Spelling).Append("' (").Append(MessageText.Where(declaration)).Append(')');
            if (kind == "borrowed")
            {
                sb.Append(", a string the library still owns, but the P/Invoke returns 'string': the marshaller frees it with CoTaskMemFree (free() on Unix) and corrupts the heap");
                sb.Append("; return IntPtr and convert with Marshal.").Append(conversion);
            }
            else
            {
                sb.Append(", which must be released with '").Append(owner!.Deallocator).Append("' (").Append(OwnershipFacts.Describe(owner))
                  .Append("), but the P/Invoke returns 'string': the marshaller releases it with CoTaskMemFree (free() on Unix) instead");
                sb.Append("; return IntPtr, convert with Marshal.").Append(conversion).Append(" and free it with ").Append(owner.Deallocator);
                if (deallocatorMethod is null)
                {
                    sb.Append(" (no fix offered: declare a P/Invoke for '").Append(owner.Deallocator).Append("' taking IntPtr beside this one)");
                }
            }

            sb.Append(MessageText.NotChecked(match.NotChecked));
            return sb.ToString();
        }
    }
}
