using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// Which operations ILNT002 counts as "may throw" (an exceptional path that skips a free). Documented in
    /// docs/rules/ILNT002.md. Out-of-memory, thread aborts and stack overflow are never counted: every operation
    /// could raise them, and nobody frees native memory for them.
    /// </summary>
    internal sealed class ThrowingOperations
    {
        private readonly InteropTypes _types;

        /// <summary>Each called method's verdict, judged once: the graph asks at every visit of every call.</summary>
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _calls = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

        public ThrowingOperations(InteropTypes types) => _types = types;

        /// <summary>The callee's name when <paramref name="operation"/> may throw a managed exception, else null.</summary>
        public string? MayThrow(IOperation operation)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    return _calls.GetOrAdd(invocation.TargetMethod, CallMayThrow) ? invocation.TargetMethod.Name : null;
                case IObjectCreationOperation creation:
                    // new IntPtr(p), new Span<byte>(p, n): the runtime's own value types are arithmetic, not code that throws
                    // and a struct's implicit constructor only zeroes it
                    var type = creation.Type;
                    return type is null || (type.IsValueType && (IsSystemType(type) || creation.Constructor is null || creation.Constructor.IsImplicitlyDeclared))
                        ? null
                        : "new " + type.Name;
                case IAwaitOperation _:
                    return "await";
                case IDynamicInvocationOperation _:
                case IDynamicObjectCreationOperation _:
                case IDynamicMemberReferenceOperation _:
                    return "a dynamic call";
                default:
                    return null; // arithmetic, conversions, property and element reads
            }
        }

        private bool CallMayThrow(IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type is null)
            {
                return true;
            }

            if (SymbolEqualityComparer.Default.Equals(type, _types.Marshal))
            {
                // reads and writes of native memory, string reads, frees and allocations: no managed exception on valid pointers
                var name = method.Name;
                return !(name.StartsWith("Read", StringComparison.Ordinal) || name.StartsWith("Write", StringComparison.Ordinal)
                    || name.StartsWith("PtrToString", StringComparison.Ordinal) || name.StartsWith("Free", StringComparison.Ordinal)
                    || name.StartsWith("ZeroFree", StringComparison.Ordinal) || name.StartsWith("Alloc", StringComparison.Ordinal)
                    || name.StartsWith("ReAlloc", StringComparison.Ordinal) || name.StartsWith("StringTo", StringComparison.Ordinal)
                    || name.StartsWith("GetLast", StringComparison.Ordinal) || name.StartsWith("SetLast", StringComparison.Ordinal)
                    || name == "SizeOf");
            }

            if (SymbolEqualityComparer.Default.Equals(type, _types.NativeMemory) || SymbolEqualityComparer.Default.Equals(type, _types.GCHandle))
            {
                return false;
            }

            var typeName = type.ToDisplayString();
            if (typeName == "System.IntPtr" || typeName == "System.UIntPtr" || typeName == "System.Runtime.CompilerServices.Unsafe")
            {
                return false;
            }

            // OperatingSystem.IsWindows(), IsMacOSVersionAtLeast(…), RuntimeInformation.IsOSPlatform(…): the checks that pick
            // a per-OS variant compare constants of the running runtime
            if ((typeName == "System.OperatingSystem" || typeName == "System.Runtime.InteropServices.RuntimeInformation")
                && method.Name.StartsWith("Is", StringComparison.Ordinal))
            {
                return false;
            }

            var pinvoke = PInvokeMethod.TryCreate(method, _types.LibraryImport);
            return pinvoke is null || MarshallingMayThrow(method);
        }

        /// <summary>
        /// A P/Invoke raises no managed exception of its own; its marshalling may: a SafeHandle (closed or invalid handle),
        /// an array that is converted rather than pinned, a class marshalled by layout, a custom marshaller, or <c>PreserveSig = false</c> (HRESULT → exception).
        /// </summary>
        private bool MarshallingMayThrow(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass?.Name == "DllImportAttribute")
                {
                    foreach (var named in attribute.NamedArguments)
                    {
                        if (named.Key == "PreserveSig" && named.Value.Value is false)
                        {
                            return true;
                        }
                    }
                }
            }

            if (MayThrowWhenMarshalled(method.ReturnType) || HasCustomMarshalling(method.GetReturnTypeAttributes()))
            {
                return true;
            }

            foreach (var parameter in method.Parameters)
            {
                if (MayThrowWhenMarshalled(parameter.Type) || HasCustomMarshalling(parameter.GetAttributes()))
                {
                    return true;
                }
            }

            return false;
        }

        private bool MayThrowWhenMarshalled(ITypeSymbol type)
        {
            if (type is IArrayTypeSymbol array)
            {
                // byte[], int[]…: pinned and passed as they are; arrays of strings or structs with references are converted
                return !(array.ElementType.IsUnmanagedType && array.ElementType.SpecialType != SpecialType.System_Boolean && array.ElementType.SpecialType != SpecialType.System_Char);
            }

            for (var t = type as INamedTypeSymbol; t != null; t = t.BaseType)
            {
                if (_types.SafeHandle != null && SymbolEqualityComparer.Default.Equals(t, _types.SafeHandle))
                {
                    return true;
                }
            }

            return type.TypeKind == TypeKind.Class && type.SpecialType != SpecialType.System_String
                && type.ToDisplayString() != "System.Text.StringBuilder";
        }

        private static bool HasCustomMarshalling(System.Collections.Immutable.ImmutableArray<AttributeData> attributes)
        {
            foreach (var attribute in attributes)
            {
                var name = attribute.AttributeClass?.Name;
                if (name == "MarshalUsingAttribute")
                {
                    return true;
                }

                if (name == "MarshalAsAttribute")
                {
                    foreach (var named in attribute.NamedArguments)
                    {
                        if (named.Key == "MarshalTypeRef" || named.Key == "MarshalType")
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private static bool IsSystemType(ITypeSymbol type)
        {
            var ns = type.ContainingNamespace;
            while (ns != null && !ns.IsGlobalNamespace && ns.ContainingNamespace is { IsGlobalNamespace: false })
            {
                ns = ns.ContainingNamespace;
            }

            return ns?.Name == "System";
        }
    }
}
