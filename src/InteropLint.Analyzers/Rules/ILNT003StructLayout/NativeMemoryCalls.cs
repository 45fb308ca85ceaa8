using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// The calls that hand a struct's bytes to native memory or read them from it: <c>Marshal.SizeOf</c>,
    /// <c>PtrToStructure</c>, <c>StructureToPtr</c> and their kin, and every <c>MemoryMarshal</c> and <c>Unsafe</c>
    /// call (casts, reads and writes of raw memory). Recognized by name, before any binding.
    /// </summary>
    internal static class NativeMemoryCalls
    {
        /// <summary>Whether <paramref name="call"/> is one of them, with the type arguments it writes (null when it writes none).</summary>
        public static bool Reinterprets(InvocationExpressionSyntax call, out TypeArgumentListSyntax? typeArguments)
        {
            typeArguments = null;
            if (!(call.Expression is MemberAccessExpressionSyntax access))
            {
                return false;
            }

            var receiver = access.Expression is MemberAccessExpressionSyntax qualified ? qualified.Name.Identifier.ValueText
                : access.Expression is SimpleNameSyntax simple ? simple.Identifier.ValueText
                : null;
            var method = access.Name.Identifier.ValueText;
            var reinterprets = receiver == "MemoryMarshal" || receiver == "Unsafe" || (receiver == "Marshal" && IsStructureMethod(method));
            if (reinterprets && access.Name is GenericNameSyntax generic)
            {
                typeArguments = generic.TypeArgumentList;
            }

            return reinterprets;
        }

        private static bool IsStructureMethod(string name) =>
            name == "SizeOf" || name == "PtrToStructure" || name == "StructureToPtr" || name == "DestroyStructure" || name == "OffsetOf"
            || name == "UnsafeAddrOfPinnedArrayElement";
    }
}
