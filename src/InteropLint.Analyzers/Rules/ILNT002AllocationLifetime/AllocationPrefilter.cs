using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// ILNT002's syntactic pre-filter (issue 19): a body is worth an operation tree and a control-flow graph only when it
    /// calls something by the name of a known allocator (<c>AllocHGlobal</c>, <c>StringTo…</c>, <c>Alloc</c>, …) or of a
    /// P/Invoke whose result the header (or <c>interoplint.ownership_pairs</c>) says the caller owns. Names only: the
    /// symbol check comes later, so the filter may let a body through, never keep an allocating one out.
    /// </summary>
    internal sealed class AllocationPrefilter
    {
        private static readonly HashSet<string> ManagedAllocators = new HashSet<string>(StringComparer.Ordinal)
        {
            "AllocHGlobal", "StringToHGlobalAnsi", "StringToHGlobalUni", "StringToHGlobalAuto", "ReAllocHGlobal",
            "AllocCoTaskMem", "StringToCoTaskMemAnsi", "StringToCoTaskMemUni", "StringToCoTaskMemAuto", "StringToCoTaskMemUTF8",
            "ReAllocCoTaskMem", "Alloc", "AllocZeroed", "Realloc", "AlignedAlloc", "AlignedRealloc",
        };

        private readonly SourceMembers _sourceMembers;
        private readonly InteropTypes _types;
        private readonly HashSet<string> _nativeAllocators;

        public AllocationPrefilter(InteropTypes types, NativeIndex index)
        {
            _sourceMembers = SourceMembers.Of(types.Compilation);
            _types = types;
            _nativeAllocators = index.Allocators;
        }

        /// <summary>Whether <paramref name="code"/> calls anything that may allocate what ILNT002 tracks.</summary>
        public bool MayAllocate(SyntaxNode code, IReadOnlyDictionary<string, string> userPairs)
        {
            foreach (var node in code.DescendantNodes())
            {
                if (node is InvocationExpressionSyntax invocation && PInvokeNames.InvokedName(invocation.Expression) is string name
                    && (ManagedAllocators.Contains(name) || IsOwningPInvoke(name, userPairs)))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsOwningPInvoke(string name, IReadOnlyDictionary<string, string> userPairs)
        {
            if (_nativeAllocators.Contains(name) || userPairs.ContainsKey(name))
            {
                return true; // also covers P/Invokes declared in a referenced assembly under the C name
            }

            // a renamed P/Invoke of this compilation ([DllImport(EntryPoint = "gzopen")] Open); no cache: once the
            // source members are indexed by name, a lookup is cheaper than a concurrent dictionary's add (issue 19)
            foreach (var method in _sourceMembers.Methods(name))
            {
                if (PInvokeMethod.CanBe(method) && HandsOutPointer(method)
                    && PInvokeMethod.TryCreate(method, _types.LibraryImport) is PInvokeMethod pinvoke
                    && (_nativeAllocators.Contains(pinvoke.EntryPoint) || userPairs.ContainsKey(pinvoke.EntryPoint)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Returns a pointer, or hands one out through a parameter: the P/Invokes whose result someone may own.</summary>
        private static bool HandsOutPointer(IMethodSymbol method) =>
            method.ReturnType.SpecialType == SpecialType.System_IntPtr || method.ReturnType.SpecialType == SpecialType.System_UIntPtr
            || method.ReturnType is IPointerTypeSymbol || HasByRefParameter(method);

        /// <summary>An out or ref parameter: where a documented out value comes from (<c>git_annotated_commit **out</c>).</summary>
        private static bool HasByRefParameter(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind == RefKind.Out || parameter.RefKind == RefKind.Ref)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
