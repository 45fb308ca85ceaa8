using System;
using System.Collections.Generic;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace InteropLint.Analyzers.Infrastructure
{
    /// <summary>How a native allocation is released.</summary>
    internal sealed class AllocationSource
    {
        public AllocationSource(string allocator, string deallocatorDisplay, Func<IInvocationOperation, int> releases, string? freeMethod, bool freeIsInstance, string? freeCast, string? nativeFacts)
        {
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
    }

    /// <summary>Which calls allocate native memory or GC handles, and which calls release them.</summary>
    internal sealed class NativeAllocations
    {
        /// <summary><see cref="AllocationSource.Releases"/>: the call releases its receiver (<c>handle.Free()</c>).</summary>
        public const int Receiver = -2;

        /// <summary><see cref="AllocationSource.Releases"/>: the call releases whichever argument holds the allocation.</summary>
        public const int AnyArgument = -3;

        private const string MarshalName = "System.Runtime.InteropServices.Marshal";
        private const string NativeMemoryName = "System.Runtime.InteropServices.NativeMemory";

        private readonly InteropTypes _types;
        private readonly NativeIndex _index;
        private readonly INamedTypeSymbol? _safeHandle;

        public NativeAllocations(InteropTypes types, NativeIndex index)
        {
            _types = types;
            _index = index;
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

        /// <summary>
        /// Calls that read a pointer without taking ownership: the interop helpers (<c>Marshal.Copy</c>,
        /// <c>PtrToString*</c>, <c>NativeMemory.Clear</c>, spans over it) and P/Invokes, unless the native function's name says
        /// it takes ownership or keeps the pointer (<c>take</c>, <c>adopt</c>, <c>attach</c>, <c>set</c>, <c>register</c>, …).
        /// Anything else is a method we cannot see into: the pointer escapes there and is not tracked further.
        /// </summary>
        public bool IsNonConsuming(IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type is null)
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(type, _types.Marshal) || SymbolEqualityComparer.Default.Equals(type, _types.NativeMemory))
            {
                return true;
            }

            var name = type.ToDisplayString();
            if (name == "System.Buffer" || name.StartsWith("System.Span<", StringComparison.Ordinal) || name.StartsWith("System.ReadOnlySpan<", StringComparison.Ordinal)
                || name == "System.IntPtr" || name == "System.UIntPtr" || name == "System.GC")
            {
                return true;
            }

            var pinvoke = PInvokeMethod.TryCreate(method, _types.LibraryImport);
            return pinvoke != null && !KeepsPointer(pinvoke.EntryPoint);
        }

        private static bool KeepsPointer(string entryPoint)
        {
            var lower = entryPoint.ToLowerInvariant();
            foreach (var word in new[] { "take", "adopt", "attach", "transfer", "steal", "give", "register", "install", "insert", "push", "set_", "_set", "add_", "_add" })
            {
                if (lower.Contains(word))
                {
                    return true;
                }
            }

            return lower.StartsWith("set", StringComparison.Ordinal) || lower.StartsWith("add", StringComparison.Ordinal);
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

            var pinvoke = PInvokeMethod.TryCreate(method, _types.LibraryImport);
            if (pinvoke is null)
            {
                return null;
            }

            var match = _index.FindFunction(pinvoke.Library, pinvoke.EntryPoint);
            if (match is null)
            {
                return null;
            }

            var pair = OwnershipFacts.FindDeallocator(match.First.Name, match.Found, userPairs);
            if (pair is null)
            {
                return null;
            }

            var deallocator = pair.Deallocator;
            var isLibcFree = deallocator == "free";
            var library = pinvoke.Library;
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

                var p = PInvokeMethod.TryCreate(target, types.LibraryImport);
                if (p is null || p.EntryPoint != deallocator)
                {
                    return -1;
                }

                return call.Arguments.Length > 0 ? AnyArgument : -1; // BZ2_bzReadClose(int* error, BZFILE* b): not always the first
            };

            var (freeMethod, freeCast) = FindDeclaredDeallocator(method, deallocator, returnType);
            var facts = MessageText.Where(match.First) + ", " + ReasonText(pair.Reason);
            return new AllocationSource(match.First.Name, deallocator, releases, freeMethod, false, freeCast, facts);
        }

        /// <summary>A P/Invoke for the deallocator in the allocator's type (one pointer parameter), as the fix would call it.</summary>
        private (string? Method, string? Cast) FindDeclaredDeallocator(IMethodSymbol allocator, string deallocator, ITypeSymbol valueType)
        {
            foreach (var member in allocator.ContainingType.GetMembers())
            {
                if (member is IMethodSymbol candidate && candidate.Parameters.Length == 1 && candidate.Parameters[0].RefKind == RefKind.None)
                {
                    var p = PInvokeMethod.TryCreate(candidate, _types.LibraryImport);
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

        private static string ReasonText(string reason) => reason switch
        {
            "option" => "interoplint.ownership_pairs",
            "attribute" => "its attributes",
            "libc" => "C library",
            "name-pair" => "name pair",
            "type-pair" => "same library, allocating name and pointer type",
            _ => reason,
        };
    }
}
