using System.Collections.Generic;
using InteropLint.Manifest;

namespace InteropLint.Analyzers.Infrastructure
{
    /// <summary>
    /// The C# type that carries a C value correctly on every ABI checked, as code spells it; null when no
    /// single blittable C# type does (a struct by value, <c>long double</c>, <c>wchar_t</c> whose width differs).
    /// </summary>
    internal static class ManagedTypeFor
    {
        public static string? Value(IReadOnlyList<(string Target, CType Type, AbiManifest Abi)> perAbi, InteropTypes types)
        {
            if (perAbi.Count == 0)
            {
                return null;
            }

            var shape = NativeShapes.Of(perAbi[0].Type);
            foreach (var (_, type, _) in perAbi)
            {
                if (NativeShapes.Of(type) != shape)
                {
                    return null;
                }
            }

            switch (shape)
            {
                case ValueShape.Void:
                    return "void";
                case ValueShape.Float:
                    var size = perAbi[0].Type.Size;
                    foreach (var (_, type, _) in perAbi)
                    {
                        if (type.Size != size)
                        {
                            return null;
                        }
                    }

                    return size == 4 ? "float" : size == 8 ? "double" : null;
                case ValueShape.Bool:
                    return AllSize(perAbi, 1) ? "byte" : null;
                case ValueShape.Character:
                case ValueShape.WideCharacter:
                case ValueShape.Integer:
                case ValueShape.Enum:
                    return Integer(perAbi, types);
                case ValueShape.Pointer:
                case ValueShape.Function:
                    return Pointer(types);
                default:
                    return null;
            }
        }

        /// <summary><c>nint</c>, or <c>System.IntPtr</c> before C# 9.</summary>
        public static string Pointer(InteropTypes types) => types.HasNativeIntegerKeywords ? "nint" : "System.IntPtr";

        private static string? Integer(IReadOnlyList<(string Target, CType Type, AbiManifest Abi)> perAbi, InteropTypes types)
        {
            var portable = TypeWidths.PortableInteger(perAbi);
            if (portable is null || (portable.IsCLongFamily && (types.CLong is null || types.CULong is null)))
            {
                return null;
            }

            if (portable.IsNativeInteger && !types.HasNativeIntegerKeywords)
            {
                return portable.Name == "nint" ? "System.IntPtr" : "System.UIntPtr";
            }

            return portable.IsCLongFamily ? "System.Runtime.InteropServices." + portable.Name : portable.Name;
        }

        private static bool AllSize(IReadOnlyList<(string Target, CType Type, AbiManifest Abi)> perAbi, long size)
        {
            foreach (var (_, type, _) in perAbi)
            {
                if (type.Size != size)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
