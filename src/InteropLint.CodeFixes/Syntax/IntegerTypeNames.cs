using Microsoft.CodeAnalysis;

namespace InteropLint.CodeFixes
{
    /// <summary>
    /// The integer types the analyzers propose by name (<c>CULong</c>, <c>nuint</c>, <c>uint</c>, …), as symbols:
    /// one mapping for every fix that rewrites an integer type and adapts the code using it.
    /// </summary>
    internal static class IntegerTypeNames
    {
        public static bool IsCLongFamily(string name) => name == "CLong" || name == "CULong";

        /// <summary>The type a proposed name stands for in <paramref name="compilation"/>, or null when it has none.</summary>
        public static ITypeSymbol? Resolve(Compilation compilation, string name) => name switch
        {
            "CLong" => compilation.GetTypeByMetadataName("System.Runtime.InteropServices.CLong"),
            "CULong" => compilation.GetTypeByMetadataName("System.Runtime.InteropServices.CULong"),
            "nint" => compilation.CreateNativeIntegerTypeSymbol(signed: true),
            "nuint" => compilation.CreateNativeIntegerTypeSymbol(signed: false),
            "System.IntPtr" => compilation.GetSpecialType(SpecialType.System_IntPtr),
            "System.UIntPtr" => compilation.GetSpecialType(SpecialType.System_UIntPtr),
            "sbyte" => compilation.GetSpecialType(SpecialType.System_SByte),
            "byte" => compilation.GetSpecialType(SpecialType.System_Byte),
            "short" => compilation.GetSpecialType(SpecialType.System_Int16),
            "ushort" => compilation.GetSpecialType(SpecialType.System_UInt16),
            "int" => compilation.GetSpecialType(SpecialType.System_Int32),
            "uint" => compilation.GetSpecialType(SpecialType.System_UInt32),
            "long" => compilation.GetSpecialType(SpecialType.System_Int64),
            "ulong" => compilation.GetSpecialType(SpecialType.System_UInt64),
            _ => null,
        };

        /// <summary>A C# integer type (not <c>char</c>, not <c>bool</c>, not an enum).</summary>
        public static bool IsInteger(ITypeSymbol type)
        {
            switch (type.SpecialType)
            {
                case SpecialType.System_SByte:
                case SpecialType.System_Byte:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                case SpecialType.System_IntPtr:
                case SpecialType.System_UIntPtr:
                    return true;
                default:
                    return false;
            }
        }
    }
}
