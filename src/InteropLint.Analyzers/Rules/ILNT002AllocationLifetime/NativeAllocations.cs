using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace InteropLint.Analyzers
{
    /// <summary>How a native allocation is released.</summary>
    internal sealed class AllocationSource
    {
        public AllocationSource(string allocator, string deallocatorDisplay, Func<IInvocationOperation, int> releases, string? freeMethod, bool freeIsInstance, string? freeCast, string? nativeFacts, string? nativeType = null, string? outParameter = null)
        {
            NativeType = nativeType;
            OutParameter = outParameter;
            Allocator = allocator;
            DeallocatorDisplay = deallocatorDisplay;
            Releases = releases;
            FreeMethod = freeMethod;
            FreeIsInstance = freeIsInstance;
            FreeCast = freeCast;
            NativeFacts = nativeFacts;
        }

        /// <summary>How the allocating call reads in a message: <c>Marshal.AllocHGlobal</c>, <c>demo_buffer_create</c>.</summary>
        public string Allocator { get; }

        /// <summary>How the matching free reads in a message: <c>Marshal.FreeHGlobal</c>, <c>handle.Free()</c>, <c>demo_buffer_destroy</c>.</summary>
        public string DeallocatorDisplay { get; }

        /// <summary>For a call: the index of the argument it releases (<see cref="NativeAllocations.Receiver"/>, <see cref="NativeAllocations.AnyArgument"/>), or -1 when it is not this allocation's free.</summary>
        public Func<IInvocationOperation, int> Releases { get; }

        /// <summary>What the fix calls: a fully qualified static method, or the instance method name; null when no fix can name it.</summary>
        public string? FreeMethod { get; }

        public bool FreeIsInstance { get; }

        /// <summary>A cast the fix puts on the argument (<c>(System.IntPtr)</c>), or null.</summary>
        public string? FreeCast { get; }

        /// <summary>For P/Invoke results: where the ownership fact comes from (<c>interopdemo.h:164, name pair</c>).</summary>
        public string? NativeFacts { get; }

        /// <summary>For a value handed out through an out-parameter: the C parameter's name (<c>out</c>); null for a result.</summary>
        public string? OutParameter { get; }

        /// <summary>For P/Invoke results: the C type of the result as the header spells it (<c>gzFile</c>, <c>SDL_Window *</c>).</summary>
        public string? NativeType { get; }
    }

    /// <summary>Which calls allocate native memory or GC handles, and which calls release them.</summary>
    internal sealed partial class NativeAllocations
    {
        /// <summary><see cref="AllocationSource.Releases"/>: the call releases its receiver (<c>handle.Free()</c>).</summary>
        public const int Receiver = -2;

        /// <summary><see cref="AllocationSource.Releases"/>: the call releases whichever argument holds the allocation.</summary>
        public const int AnyArgument = -3;

        private const string MarshalName = "System.Runtime.InteropServices.Marshal";
        private const string NativeMemoryName = "System.Runtime.InteropServices.NativeMemory";

        private readonly InteropTypes _types;
        private readonly NativeIndex _index;
        private readonly InteropContext? _interop;
        private readonly INamedTypeSymbol? _safeHandle;
        private readonly ConcurrentDictionary<IMethodSymbol, PInvokeMethod?> _pinvokes = new ConcurrentDictionary<IMethodSymbol, PInvokeMethod?>(SymbolEqualityComparer.Default);

        /// <param name="interop">The compilation's shared binding of P/Invokes to the header; null when no manifest declares anything.</param>
        public NativeAllocations(InteropTypes types, NativeIndex index, InteropContext? interop)
        {
            _types = types;
            _index = index;
            _interop = interop;
            _safeHandle = types.SafeHandle;
        }

        /// <summary>The allocation a call makes, or null when it allocates nothing we track.</summary>
        public AllocationSource? Classify(IInvocationOperation invocation, IReadOnlyDictionary<string, string> userPairs)
        {
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            if (type is null)
            {
                return null;
            }

            if (SymbolEqualityComparer.Default.Equals(type, _types.Marshal))
            {
                switch (method.Name)
                {
                    case "AllocHGlobal":
                    case "StringToHGlobalAnsi":
                    case "StringToHGlobalUni":
                    case "StringToHGlobalAuto":
                    case "ReAllocHGlobal":
                        return Managed("Marshal." + method.Name, "Marshal.FreeHGlobal", MarshalName, "FreeHGlobal", "ReAllocHGlobal");
                    case "AllocCoTaskMem":
                    case "StringToCoTaskMemAnsi":
                    case "StringToCoTaskMemUni":
                    case "StringToCoTaskMemAuto":
                    case "StringToCoTaskMemUTF8":
                    case "ReAllocCoTaskMem":
                        return Managed("Marshal." + method.Name, "Marshal.FreeCoTaskMem", MarshalName, "FreeCoTaskMem", "ReAllocCoTaskMem");
                }

                return null;
            }

            if (SymbolEqualityComparer.Default.Equals(type, _types.NativeMemory))
            {
                switch (method.Name)
                {
                    case "Alloc":
                    case "AllocZeroed":
                    case "Realloc":
                        return Managed("NativeMemory." + method.Name, "NativeMemory.Free", NativeMemoryName, "Free", "Realloc");
                    case "AlignedAlloc":
                    case "AlignedRealloc":
                        return Managed("NativeMemory." + method.Name, "NativeMemory.AlignedFree", NativeMemoryName, "AlignedFree", "AlignedRealloc");
                }

                return null;
            }

            if (SymbolEqualityComparer.Default.Equals(type, _types.GCHandle) && method.Name == "Alloc" && method.IsStatic)
            {
                var gcHandle = _types.GCHandle;
                return new AllocationSource(
                    "GCHandle.Alloc",
                    "GCHandle.Free()",
                    call => call.TargetMethod.Name == "Free" && !call.TargetMethod.IsStatic && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, gcHandle) ? Receiver : -1,
                    "Free",
                    true,
                    null,
                    null);
            }

            return ClassifyPInvoke(invocation, userPairs);
        }

        /// <summary>A call that takes ownership of a pointer argument: <c>SafeHandle</c> constructors and <c>SetHandle</c>.</summary>
        public bool IsSafeHandleTakeover(IMethodSymbol method)
        {
            if (_safeHandle is null)
            {
                return false;
            }

            for (var t = method.ContainingType; t != null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t, _safeHandle))
                {
                    return method.MethodKind == MethodKind.Constructor || method.Name == "SetHandle";
                }
            }

            return false;
        }

        /// <summary>Calls whose result is the same allocation as their argument: <c>GCHandle.ToIntPtr(h)</c>.</summary>
        public bool IsAliasing(IMethodSymbol method) =>
            method.Name == "ToIntPtr" && method.IsStatic && SymbolEqualityComparer.Default.Equals(method.ContainingType, _types.GCHandle);

        /// <summary>
        /// The argument is written into native memory, where native code (or a later callback) owns it:
        /// the value of <c>Marshal.WriteIntPtr(slot, value)</c>, the structure of <c>Marshal.StructureToPtr</c>.
        /// </summary>
        public bool WritesValueToNativeMemory(IMethodSymbol method, IParameterSymbol? parameter)
        {
            if (parameter is null || !SymbolEqualityComparer.Default.Equals(method.ContainingType, _types.Marshal))
            {
                return false;
            }

            return (method.Name.StartsWith("Write", StringComparison.Ordinal) && parameter.Ordinal > 0 && parameter.Name != "ofs")
                || (method.Name == "StructureToPtr" && parameter.Ordinal == 0);
        }

        private AllocationSource Managed(string allocator, string deallocatorDisplay, string typeName, string freeName, string reallocName)
        {
            var owner = typeName == MarshalName ? _types.Marshal : _types.NativeMemory;
            return new AllocationSource(
                allocator,
                deallocatorDisplay,
                call =>
                {
                    if (!SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, owner) || call.Arguments.Length == 0)
                    {
                        return -1;
                    }

                    return call.TargetMethod.Name == freeName || call.TargetMethod.Name == reallocName ? 0 : -1;
                },
                typeName + "." + freeName,
                false,
                null,
                null);
        }

        private AllocationSource? ClassifyPInvoke(IInvocationOperation invocation, IReadOnlyDictionary<string, string> userPairs)
        {
            if (!_index.HasDeclarations)
            {
                return null;
            }

            var method = invocation.TargetMethod;
            var returnType = method.ReturnType;
            if (!(returnType.SpecialType == SpecialType.System_IntPtr || returnType.SpecialType == SpecialType.System_UIntPtr || returnType is IPointerTypeSymbol))
            {
                return null; // string (ILNT007), SafeHandle (owned by the handle), or a value
            }

            if (!(_interop?.Bind(method) is BoundPInvoke bound))
            {
                return null;
            }

            var pair = OwnershipFacts.FindDeallocator(bound.Function.First.Name, bound.Function.Found, userPairs);
            if (pair is null)
            {
                return null;
            }

            return PairSource(method, bound.PInvoke, bound.Function, pair, returnType, null);
        }

        /// <summary>
        /// The values a P/Invoke call hands out through its <c>out</c>/<c>ref</c> arguments that its header's documentation
        /// says the caller frees (<c>git_annotated_commit **out</c> → <c>git_annotated_commit_free</c>), by argument index.
        /// </summary>
        public IReadOnlyList<(int Argument, AllocationSource Source)> ClassifyOutArguments(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (!_index.HasDeclarations || !PInvokeMethod.CanBe(method) || !HasByRefArgument(invocation))
            {
                return Array.Empty<(int, AllocationSource)>();
            }

            var bound = _interop?.Bind(method);
            var match = bound?.Function;
            if (match is null || match.First.Parameters.Count != method.Parameters.Length)
            {
                return Array.Empty<(int, AllocationSource)>();
            }

            var pinvoke = bound!.PInvoke;

            List<(int, AllocationSource)>? result = null;
            foreach (var pair in OwnershipFacts.FindOutParameterPairs(match.First.Name, match.Found))
            {
                for (var i = 0; i < invocation.Arguments.Length; i++)
                {
                    var parameter = invocation.Arguments[i].Parameter;
                    if (parameter != null && parameter.Ordinal == pair.OutParameter && parameter.RefKind is RefKind.Out or RefKind.Ref)
                    {
                        (result ??= new List<(int, AllocationSource)>()).Add((i, PairSource(method, pinvoke, match, pair, parameter.Type, ParameterName(match.First, pair.OutParameter))));
                    }
                }
            }

            return (IReadOnlyList<(int, AllocationSource)>?)result ?? Array.Empty<(int, AllocationSource)>();
        }

        private static string ParameterName(FunctionDecl function, int index) =>
            function.Parameters[index].Name.Length > 0 ? function.Parameters[index].Name : "#" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

        private static bool HasByRefArgument(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.RefKind is RefKind.Out or RefKind.Ref)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>How the value of <paramref name="pair"/> is released and reported; <paramref name="outParameter"/> names the C out-parameter, or null for the result.</summary>
        private AllocationSource PairSource(IMethodSymbol method, PInvokeMethod pinvoke, NativeMatch<FunctionDecl> match, OwnershipPair pair, ITypeSymbol valueType, string? outParameter)
        {
            var deallocator = pair.Deallocator;
            var isLibcFree = deallocator == "free";
            var types = _types;
            Func<IInvocationOperation, int> releases = call =>
            {
                var target = call.TargetMethod;
                if (isLibcFree && call.Arguments.Length == 1
                    && ((SymbolEqualityComparer.Default.Equals(target.ContainingType, types.NativeMemory) && target.Name == "Free")
                        || (SymbolEqualityComparer.Default.Equals(target.ContainingType, types.Marshal) && (target.Name == "FreeHGlobal" || target.Name == "FreeCoTaskMem"))))
                {
                    return 0; // all of them are the C library's free() on Unix
                }

                var p = PInvokeOf(target);
                if (p is null || p.EntryPoint != deallocator)
                {
                    return -1;
                }

                return call.Arguments.Length > 0 ? AnyArgument : -1; // BZ2_bzReadClose(int* error, BZFILE* b): not always the first
            };

            // an out value's free takes it by value (T*) or, for a struct filled in place, by the same reference: no fix names that
            var (freeMethod, freeCast) = outParameter is null ? FindDeclaredDeallocator(method, deallocator, valueType) : (null, null);
            var facts = pair.Reason == OwnershipReason.DocComment
                ? "freed by " + pair.Deallocator + ": " + OwnershipFacts.Describe(pair)
                : MessageText.Where(match.First) + ", " + OwnershipFacts.Describe(pair);
            return new AllocationSource(match.First.Name, deallocator, releases, freeMethod, false, freeCast, facts, outParameter is null ? match.First.Return.Spelling : null, outParameter);
        }

        /// <summary>
        /// The P/Invoke <paramref name="method"/> is, or null: read once per method, since the graph asks at every visit of
        /// every call while an allocation is live (which call frees it, which call keeps it).
        /// </summary>
        private PInvokeMethod? PInvokeOf(IMethodSymbol method) =>
            PInvokeMethod.CanBe(method) ? _pinvokes.GetOrAdd(method, m => PInvokeMethod.TryCreate(m, _types.LibraryImport)) : null;

        /// <summary>A P/Invoke for the deallocator in the allocator's type (one pointer parameter), as the fix would call it.</summary>
        private (string? Method, string? Cast) FindDeclaredDeallocator(IMethodSymbol allocator, string deallocator, ITypeSymbol valueType)
        {
            foreach (var member in allocator.ContainingType.GetMembers())
            {
                if (member is IMethodSymbol candidate && candidate.Parameters.Length == 1 && candidate.Parameters[0].RefKind == RefKind.None)
                {
                    var p = PInvokeOf(candidate);
                    if (p != null && p.EntryPoint == deallocator)
                    {
                        var parameterType = candidate.Parameters[0].Type;
                        var conversion = _types.Compilation.ClassifyCommonConversion(valueType, parameterType);
                        if (!conversion.Exists)
                        {
                            return (null, null);
                        }

                        var cast = conversion.IsImplicit ? null : "(" + parameterType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ")";
                        return (candidate.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + candidate.Name, cast);
                    }
                }
            }

            return (null, null);
        }
    }
}
