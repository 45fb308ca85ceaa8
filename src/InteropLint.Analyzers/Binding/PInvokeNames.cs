using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// The per-invocation rules' syntactic pre-filter (issue 19): an invocation is bound only when the name it calls is
    /// the name of a P/Invoke of this compilation (looked up once per name in the compilation's
    /// <see cref="SourceMembers"/>), or of a C function the manifest declares (P/Invokes from a referenced assembly usually keep the C name).
    /// Everything else, most calls of a library, costs a dictionary lookup: no symbol binding, no operation tree.
    /// </summary>
    internal static class PInvokeNames
    {
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<string, bool>> PerCompilation =
            new ConditionalWeakTable<Compilation, ConcurrentDictionary<string, bool>>();

        /// <summary>Whether the invocation may call a P/Invoke, judged from the called name alone.</summary>
        public static bool MayCall(Compilation compilation, InvocationExpressionSyntax invocation, NativeIndex? index)
        {
            var name = InvokedName(invocation.Expression);
            if (name is null)
            {
                return true; // a delegate call through an expression we cannot name: let the symbol decide
            }

            var names = PerCompilation.GetValue(compilation, _ => new ConcurrentDictionary<string, bool>(StringComparer.Ordinal));
            return names.GetOrAdd(name, n => DeclaresPInvoke(compilation, n) || DeclaredByHeader(index, n));
        }

        private static bool DeclaresPInvoke(Compilation compilation, string name)
        {
            foreach (var method in SourceMembers.Of(compilation).Methods(name))
            {
                if (PInvokeMethod.CanBe(method))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool DeclaredByHeader(NativeIndex? index, string name)
        {
            if (index is null)
            {
                return false;
            }

            foreach (var (_, abi) in index.Abis)
            {
                if (abi.FindFunctions(name).Count > 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The simple name an invocation calls (<c>M</c>, <c>x.M</c>, <c>M&lt;T&gt;</c>, <c>x?.M</c>); null for other shapes.</summary>
        public static string? InvokedName(ExpressionSyntax expression) => expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            GenericNameSyntax generic => generic.Identifier.ValueText,
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            _ => null,
        };
    }
}
