using System;
using System.Text;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// What a value is at one level of indirection, the same question asked of a C type and of a C#
    /// type. Widths are not part of it: ILNT001 (integers), ILNT008 (bool), ILNT009 (characters) and
    /// ILNT012 (enums) judge widths; ILNT005 judges kinds.
    /// </summary>
    internal enum ValueShape
    {
        Unknown = 0,
        Void,

        /// <summary>C <c>_Bool</c>/<c>bool</c>, a 1-byte flag typedef (<c>lzma_bool</c>), or C# <c>bool</c>.</summary>
        Bool,

        /// <summary>C <c>char</c>/<c>signed char</c>/<c>unsigned char</c>; C# <c>char</c>.</summary>
        Character,

        /// <summary>C <c>wchar_t</c>, <c>char16_t</c>, <c>char32_t</c>.</summary>
        WideCharacter,
        Integer,
        Enum,

        /// <summary>Floating point; the size tells <c>float</c> from <c>double</c> and <c>long double</c>.</summary>
        Float,

        /// <summary>A data pointer: C <c>T*</c> or an array parameter; C# <c>ref</c>/<c>out</c>/<c>in</c>, <c>T*</c>, <c>T[]</c>, a class.</summary>
        Pointer,

        /// <summary>C# <c>string</c> / <c>StringBuilder</c>: a pointer to characters the marshaller converts.</summary>
        Text,

        /// <summary>A struct or union passed by value.</summary>
        Record,

        /// <summary>A function pointer: C pointer to function; C# delegate or <c>delegate*</c>.</summary>
        Function,

        /// <summary>C# <c>nint</c>/<c>IntPtr</c>/<c>SafeHandle</c>/<c>HandleRef</c>: stands for any pointer or a pointer-sized integer.</summary>
        Opaque,
    }

    /// <summary>One classification of C and C# types for every rule that compares a signature with its prototype.</summary>
    internal static class ValueShapes
    {
        /// <summary>The shape of a C value (an array parameter decays to a pointer).</summary>
        public static ValueShape Of(CType type)
        {
            switch (type.Kind)
            {
                case CTypeKind.Void:
                    return ValueShape.Void;
                case CTypeKind.Bool:
                    return ValueShape.Bool;
                case CTypeKind.Char:
                    return IsFlagTypedef(type) ? ValueShape.Bool : ValueShape.Character;
                case CTypeKind.Integer:
                    return TypeWidths.IsWideCharacter(type) ? ValueShape.WideCharacter : ValueShape.Integer;
                case CTypeKind.Enum:
                    return ValueShape.Enum;
                case CTypeKind.Float:
                    return ValueShape.Float;
                case CTypeKind.Pointer:
                    return type.Pointee?.Kind == CTypeKind.Function ? ValueShape.Function : ValueShape.Pointer;
                case CTypeKind.Array:
                    return ValueShape.Pointer;
                case CTypeKind.Struct:
                case CTypeKind.Union:
                    return IsVaList(type) ? ValueShape.Pointer : ValueShape.Record;
                case CTypeKind.Function:
                    return ValueShape.Function;
                default:
                    return ValueShape.Unknown;
            }
        }

        /// <summary>
        /// The compiler's <c>va_list</c> (<c>__builtin_va_list</c>, whatever typedef names it). As a value it is passed as
        /// an address on every supported ABI: an array that decays (x86-64 SysV), <c>char *</c> (Windows, Apple), or AAPCS64's
        /// 32-byte struct, which the caller copies and passes by reference. So it is a pointer here, not a struct by value.
        /// </summary>
        public static bool IsVaList(CType type)
        {
            if (type.Spelling == "__builtin_va_list")
            {
                return true;
            }

            foreach (var name in type.Typedefs)
            {
                if (name == "__builtin_va_list")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>What a C pointer or array points to; null for anything else.</summary>
        public static CType? Pointee(CType type) =>
            type.Kind == CTypeKind.Pointer ? type.Pointee : type.Kind == CTypeKind.Array ? type.Element : null;

        /// <summary>The C function type a function-pointer value calls, or null.</summary>
        public static CType? FunctionType(CType type)
        {
            if (type.Kind == CTypeKind.Function)
            {
                return type;
            }

            return type.Kind == CTypeKind.Pointer && type.Pointee?.Kind == CTypeKind.Function ? type.Pointee : null;
        }

        /// <summary>
        /// A 1-byte C boolean: <c>_Bool</c>, or a 1-byte typedef whose name says it is a flag
        /// (<c>lzma_bool</c>, <c>gboolean</c> is 4 bytes and so is not one).
        /// </summary>
        public static bool IsOneByteBool(CType type) =>
            type.Size == 1 && (type.Kind == CTypeKind.Bool || (type.Kind == CTypeKind.Char && IsFlagTypedef(type)));

        /// <summary>A 4-byte integer: Win32 <c>BOOL</c>, <c>int</c> used as a flag — what <c>UnmanagedType.Bool</c> marshals.</summary>
        public static bool IsFourByteInteger(CType type) => type.Kind == CTypeKind.Integer && type.Size == 4 && !TypeWidths.IsWideCharacter(type);

        /// <summary>A typedef on the way to the canonical type whose name ends in "bool" (any case).</summary>
        public static bool IsFlagTypedef(CType type)
        {
            foreach (var name in type.Typedefs)
            {
                if (name.EndsWith("bool", StringComparison.OrdinalIgnoreCase) || name.EndsWith("boolean", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The shape of a C# value as the marshaller passes it; <paramref name="refKind"/> adds one indirection.</summary>
        public static ValueShape Of(ITypeSymbol type, RefKind refKind, InteropTypes types)
        {
            if (refKind != RefKind.None)
            {
                return ValueShape.Pointer;
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_Void:
                    return ValueShape.Void;
                case SpecialType.System_Boolean:
                    return ValueShape.Bool;
                case SpecialType.System_Char:
                    return ValueShape.Character;
                case SpecialType.System_SByte:
                case SpecialType.System_Byte:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                    return ValueShape.Integer;
                case SpecialType.System_IntPtr:
                case SpecialType.System_UIntPtr:
                    return ValueShape.Opaque;
                case SpecialType.System_Single:
                case SpecialType.System_Double:
                    return ValueShape.Float;
                case SpecialType.System_String:
                    return ValueShape.Text;
                case SpecialType.System_Object:
                case SpecialType.System_Decimal:
                case SpecialType.System_DateTime:
                    return ValueShape.Unknown;
            }

            switch (type.TypeKind)
            {
                case TypeKind.Enum:
                    return ValueShape.Enum;
                case TypeKind.Pointer:
                case TypeKind.Array:
                    return ValueShape.Pointer;
                case TypeKind.FunctionPointer:
                case TypeKind.Delegate:
                    return ValueShape.Function;
                case TypeKind.Error:
                case TypeKind.TypeParameter:
                case TypeKind.Dynamic:
                    return ValueShape.Unknown;
            }

            if (types.IsCLong(type) || types.IsCULong(type))
            {
                return ValueShape.Integer;
            }

            if (IsSpan(type))
            {
                return ValueShape.Pointer; // LibraryImport's built-in marshallers pass a pointer to the elements
            }

            if (IsNamed(type, "System.Text", "StringBuilder"))
            {
                return ValueShape.Text;
            }

            if (IsNamed(type, "System.Runtime.InteropServices", "HandleRef") || DerivesFrom(type, types.SafeHandle))
            {
                return ValueShape.Opaque;
            }

            if (type.IsValueType)
            {
                return ValueShape.Record;
            }

            // A class with a layout is marshalled as a pointer to its fields.
            return type.TypeKind == TypeKind.Class ? ValueShape.Pointer : ValueShape.Unknown;
        }

        /// <summary>
        /// What a C# pointer-shaped value points to: the type behind <c>ref</c>, a pointer's or an array's element,
        /// a class itself (its fields). Null when it is not a pointer or its target is not a type (string: characters).
        /// </summary>
        public static ITypeSymbol? ManagedPointee(ITypeSymbol type, RefKind refKind)
        {
            if (refKind != RefKind.None)
            {
                return type;
            }

            if (IsSpan(type))
            {
                return ((INamedTypeSymbol)type).TypeArguments[0];
            }

            return type switch
            {
                IPointerTypeSymbol p => p.PointedAtType,
                IArrayTypeSymbol a => a.ElementType,
                _ => type.TypeKind == TypeKind.Class && type.SpecialType == SpecialType.None ? type : null,
            };
        }

        /// <summary>Whether a shape is an integer-like scalar: widths of these are other rules' business, kinds agree.</summary>
        public static bool IsIntegral(ValueShape shape) =>
            shape == ValueShape.Integer || shape == ValueShape.Enum || shape == ValueShape.Bool
            || shape == ValueShape.Character || shape == ValueShape.WideCharacter;

        /// <summary>How a shape reads in a message.</summary>
        public static string Describe(ValueShape shape, CType? native = null)
        {
            switch (shape)
            {
                case ValueShape.Void:
                    return "nothing (void)";
                case ValueShape.Bool:
                    return "a boolean";
                case ValueShape.Character:
                case ValueShape.WideCharacter:
                    return "a character";
                case ValueShape.Integer:
                    return "an integer";
                case ValueShape.Enum:
                    return "an enum";
                case ValueShape.Float:
                    return native is null || native.Size <= 0 ? "a floating-point value"
                        : (native.Size == 8 ? "an " : "a ") + native.Size.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-byte " + FloatName(native.Size);
                case ValueShape.Pointer:
                    return "a pointer";
                case ValueShape.Text:
                    return "a string (a pointer to characters)";
                case ValueShape.Record:
                    return native is null ? "a struct passed by value" : "a " + (native.Kind == CTypeKind.Union ? "union" : "struct") + " passed by value";
                case ValueShape.Function:
                    return "a function pointer";
                case ValueShape.Opaque:
                    return "a pointer-sized handle";
                default:
                    return "an unknown type";
            }
        }

        public static string FloatName(long size) => size == 4 ? "float" : size == 8 ? "double" : "long double";

        /// <summary><c>int deflate(z_streamp strm, int flush)</c>: the prototype as a person reads it.</summary>
        public static string Prototype(FunctionDecl function)
        {
            var sb = new StringBuilder();
            AppendTypeAndName(sb, function.Return.Spelling, function.Name);
            sb.Append('(');
            for (var i = 0; i < function.Parameters.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(", ");
                }

                AppendTypeAndName(sb, function.Parameters[i].Type.Spelling, function.Parameters[i].Name);
            }

            if (function.IsVariadic)
            {
                sb.Append(function.Parameters.Count > 0 ? ", ..." : "...");
            }
            else if (function.Parameters.Count == 0)
            {
                sb.Append("void");
            }

            return sb.Append(')').ToString();
        }

        private static void AppendTypeAndName(StringBuilder sb, string type, string name)
        {
            sb.Append(type);
            if (name.Length > 0)
            {
                if (!type.EndsWith("*", StringComparison.Ordinal))
                {
                    sb.Append(' ');
                }

                sb.Append(name);
            }
        }

        /// <summary><c>Span&lt;T&gt;</c> or <c>ReadOnlySpan&lt;T&gt;</c> (System namespace, one type argument).</summary>
        public static bool IsSpan(ITypeSymbol type) =>
            type is INamedTypeSymbol named && named.TypeArguments.Length == 1 && type.TypeKind == TypeKind.Struct
            && (IsNamed(type, "System", "Span") || IsNamed(type, "System", "ReadOnlySpan"));

        /// <summary>
        /// A C pointee that means "bytes": <c>unsigned char</c>, <c>uint8_t</c> and their typedefs (not <c>char</c>, which is
        /// text, nor a 1-byte flag typedef). Behind it C reads or writes raw bytes, so any blittable C# pointee is the same call.
        /// </summary>
        public static bool IsUntypedBytes(CType pointee) =>
            pointee.Size == 1 && !pointee.IsSigned && (pointee.Kind == CTypeKind.Integer || pointee.Kind == CTypeKind.Char)
            && !IsFlagTypedef(pointee);

        private static bool IsNamed(ITypeSymbol type, string ns, string name) =>
            type.Name == name && type.ContainingNamespace?.ToDisplayString() == ns;

        private static bool DerivesFrom(ITypeSymbol type, INamedTypeSymbol? baseType)
        {
            if (baseType is null)
            {
                return false;
            }

            for (var t = type; t != null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t, baseType))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
