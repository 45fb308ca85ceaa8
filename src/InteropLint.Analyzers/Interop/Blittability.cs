using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// Whether a C# type's managed bytes are what native code gets: a fact about C# types that the marshalling model
    /// (<see cref="MarshallingInfoParser"/>), the struct layouts (ILNT003) and the signature comparison (ILNT005) share.
    /// </summary>
    internal static class Blittability
    {
        /// <summary>How deep nested structs are followed; a deeper (or self-containing) struct is not blittable.</summary>
        private const int MaxDepth = 16;

        /// <summary>
        /// Whether the type is blittable: its managed bytes are what native code gets, so its layout in memory and its
        /// marshalled layout agree. <c>bool</c>, <c>char</c>, references and <c>[MarshalAs]</c> fields are not.
        /// </summary>
        public static bool IsBlittable(ITypeSymbol type, InteropTypes types, int depth = 0)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_Boolean:
                case SpecialType.System_Char:
                case SpecialType.System_String:
                case SpecialType.System_Object:
                case SpecialType.System_Decimal:
                    return false;
                case SpecialType.System_SByte:
                case SpecialType.System_Byte:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                case SpecialType.System_Single:
                case SpecialType.System_Double:
                case SpecialType.System_IntPtr:
                case SpecialType.System_UIntPtr:
                    return true;
            }

            if (type is IPointerTypeSymbol || type is IFunctionPointerTypeSymbol)
            {
                return true;
            }

            if (type.TypeKind == TypeKind.Enum)
            {
                return true;
            }

            if (type.TypeKind != TypeKind.Struct || !(type is INamedTypeSymbol named))
            {
                return false;
            }

            if (types.IsCLong(type) || types.IsCULong(type))
            {
                return true;
            }

            foreach (var member in named.GetMembers())
            {
                if (!(member is IFieldSymbol field) || field.IsStatic || field.IsConst)
                {
                    continue;
                }

                if (field.IsFixedSizeBuffer)
                {
                    continue;
                }

                if (MarshalAsOf(field, types) != null || !IsBlittable(field.Type, types, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>How the field is marshalled, from the shared model, when it has a <c>[MarshalAs]</c>; null otherwise.</summary>
        public static MarshallingInfo? MarshalAsOf(IFieldSymbol field, InteropTypes types)
        {
            if (!MarshallingInfoParser.ReadMarshalAs(field.GetAttributes(), types.MarshalAs).Found)
            {
                return null; // most fields: no model needed
            }

            var info = MarshallingInfoParser.For(types.Compilation).Field(field);
            return info.MarshalAs is null ? null : info;
        }
    }
}
