using System.Collections.Generic;
using InteropLint.Manifest;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// The C# type that carries a C value correctly on every ABI checked, as code spells it; null when no
    /// single blittable C# type does (a struct by value, <c>long double</c>, <c>wchar_t</c> whose width differs).
    /// </summary>
    internal static class PortableManagedType
    {
        public static string? Spell(IReadOnlyList<(string Target, CType Type, AbiManifest Abi)> perAbi, InteropTypes types)
        {
            if (perAbi.Count == 0)
            {
                return null;
            }

            var shape = ValueShapes.Of(perAbi[0].Type);
            foreach (var (_, type, _) in perAbi)
            {
                if (ValueShapes.Of(type) != shape)
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
        public static string Pointer(InteropTypes types) => PortableInteger.NInt.SpellIn(types)!;

        /// <summary>CLong/CULong with their namespace: the signature fix writes the type into a declaration as it is.</summary>
        private static string? Integer(IReadOnlyList<(string Target, CType Type, AbiManifest Abi)> perAbi, InteropTypes types)
        {
            var portable = PortableInteger.For(perAbi);
            var spelled = portable?.SpellIn(types);
            return spelled != null && portable!.IsCLongFamily ? portable.QualifiedName : spelled;
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
