using InteropLint.Manifest;

namespace InteropLint.Tests.Sweep;

/// <summary>
/// Parameters as a LibraryImport binding writes them: the marshaller's idioms where they say more than a pointer
/// (<c>string</c>, spans, <c>in</c>/<c>ref</c>, <c>[MarshalAs(U1)] bool</c>), all of which pass the same bytes as the C parameter.
/// </summary>
public static class LibraryImportParameters
{
    public static string? Spell(CType type, TypeWriter types, out string why)
    {
        why = "";
        if (type.Kind == CTypeKind.Bool)
        {
            return "[MarshalAs(UnmanagedType.U1)] bool";
        }

        if (type.Kind == CTypeKind.Array && type.Element is not null)
        {
            type = new CType { Kind = CTypeKind.Pointer, Pointee = type.Element, Size = 8, Align = 8, Spelling = type.Spelling };
        }

        if (type.Kind != CTypeKind.Pointer || type.Pointee is not { } pointee)
        {
            return types.Parameter(type, out why);
        }

        if (IsConstPlainChar(pointee, types.Host))
        {
            return "string";
        }

        if (pointee.Kind is CTypeKind.Void or CTypeKind.Function or CTypeKind.Pointer or CTypeKind.Array)
        {
            return "IntPtr";
        }

        if (pointee.Kind is CTypeKind.Struct or CTypeKind.Union && pointee.Align > 8)
        {
            // The runtime aligns managed memory to 8 at most: an over-aligned state (libsodium's 64-byte blake2b state)
            // is allocated aligned in native memory and passed as a pointer, never 'ref' to a managed copy.
            return "IntPtr";
        }

        var element = types.Field(pointee, out _);
        if (element is "byte" or "sbyte" && pointee.Kind != CTypeKind.Bool)
        {
            return pointee.IsConst ? "ReadOnlySpan<" + element + ">" : "Span<" + element + ">";
        }

        if (element is null || element.Contains('*', StringComparison.Ordinal) || pointee.Kind == CTypeKind.Bool)
        {
            return "IntPtr";
        }

        return (pointee.IsConst ? "in " : "ref ") + element;
    }

    /// <summary><c>const char</c> as written (text), not <c>const unsigned char</c> or a typedef of bytes.</summary>
    public static bool IsConstPlainChar(CType pointee, AbiManifest host) =>
        pointee.Kind == CTypeKind.Char && pointee.IsConst && pointee.Typedefs.Count == 0 && CTypeMeaning.Builtin(pointee, host) == "char";
}
