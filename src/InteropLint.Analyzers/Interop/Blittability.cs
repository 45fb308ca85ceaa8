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

            switch (ValueShapes.Of(type, RefKind.None, types))
            {
                case ValueShape.Integer: // CLong and CULong too
                case ValueShape.Float:
                case ValueShape.Enum:
                    return true;
                case ValueShape.Bool: // converted to a 4-byte BOOL, or 1 byte under [MarshalAs]
                case ValueShape.Character: // converted by the charset
                case ValueShape.Text:
                    return false;
            }

            // The shapes that stand for an address are blittable when they are one (a pointer, nint); a delegate, an
            // array, a class or a SafeHandle is converted. object and decimal are converted too; what remains is a
            // struct, judged by its fields (DateTime and void among them).
            if (type is IPointerTypeSymbol || type is IFunctionPointerTypeSymbol
                || type.SpecialType == SpecialType.System_IntPtr || type.SpecialType == SpecialType.System_UIntPtr)
            {
                return true;
            }

            if (type.SpecialType == SpecialType.System_Decimal)
            {
                return false;
            }

            if (type.TypeKind != TypeKind.Struct || !(type is INamedTypeSymbol named))
            {
                return false;
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
