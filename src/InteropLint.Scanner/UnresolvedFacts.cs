using System.Collections.Generic;
using System.IO;
using InteropLint.Clang;
using InteropLint.Clang.Native;

namespace InteropLint.Scanner;

/// <summary>
/// Whether the facts of a declaration rest on anything clang could not resolve for this ABI. When a type does
/// not resolve for a foreign target (<c>uint8_t</c> without a C library, say), clang recovers by making it
/// <c>int</c> and marks the declaration invalid; that <c>int</c> is a guess, not a fact. A declaration is
/// unresolved when it, or any type it reaches through typedefs, pointees, array elements, fields, parameters
/// and return types, is invalid or is a record whose layout clang could not compute. Opaque records (declared,
/// never defined) are fine: nothing is claimed about them.
/// </summary>
internal sealed class UnresolvedFacts
{
    private const string InProgress = "";

    /// <summary>
    /// Why an unprototyped (K&amp;R) function, <c>int f();</c>, is not checked: C says nothing of its parameters, so
    /// "takes 0 parameters" would be a guess (OpenLDAP's <c>LDAP_P(protos)</c> expands to <c>()</c> without <c>__STDC__</c>).
    /// </summary>
    public const string NoPrototype = "no prototype in the header";

    private readonly Dictionary<ClangTypeIdentity, string> _byType = new();

    /// <summary>The ABI gives every enum 4 bytes though clang's GNU triple widened some (see <see cref="SystemHeaders.EnumsAreInt"/>).</summary>
    public bool EnumsAreInt { get; set; }

    /// <summary>Files whose declarations describe another system (the host C library a target lacks) → the header that stood for them.</summary>
    public IReadOnlyDictionary<string, string> UntrustedFiles { get; set; } = new Dictionary<string, string>();

    /// <summary>
    /// On an ABI parsed without its system headers, why the shim's stand-ins for the system's own types
    /// (<see cref="ShimHeaders.OsTypeStandIns"/>) are no facts, e.g. "no macOS SDK (set InteropLintSysroot)"; null otherwise.
    /// </summary>
    public string? StandInReason { get; set; }

    /// <summary>"" when the function is fully resolved, otherwise why not.</summary>
    public string OfFunction(Cursor function)
    {
        if (Untrusted(function) is { } host)
        {
            return host;
        }

        if (function.IsInvalidDeclaration)
        {
            return At(function);
        }

        if (function.Type.Kind == CXTypeKind.FunctionNoProto)
        {
            return NoPrototype;
        }

        var count = function.ArgumentCount;
        for (var i = 0; i < count; i++)
        {
            var argument = function.Argument(i);
            var why = argument.IsInvalidDeclaration ? At(argument) : OfType(argument.Type);
            if (why.Length > 0)
            {
                return why;
            }
        }

        return OfType(function.Type);
    }

    /// <summary>"" when the record's definition, fields and layout are resolved.</summary>
    public string OfRecord(Cursor record) => Untrusted(record) ?? (record.IsInvalidDeclaration ? At(record) : OfType(record.Type));

    public string OfDeclaration(Cursor declaration, ClangType type) =>
        Untrusted(declaration) ?? (declaration.IsInvalidDeclaration ? At(declaration) : OfType(type));

    public string OfType(ClangType type)
    {
        if (!type.IsValid)
        {
            return "";
        }

        var identity = type.Identity;
        if (_byType.TryGetValue(identity, out var known))
        {
            return known; // InProgress on a cycle (a record that points to itself): the cycle adds nothing
        }

        _byType[identity] = InProgress;
        var why = Compute(type);
        _byType[identity] = why;
        return why;
    }

    private string Compute(ClangType type)
    {
        switch (type.Kind)
        {
            case CXTypeKind.Typedef:
                var typedef = type.Declaration;
                return Untrusted(typedef) ?? (typedef.IsInvalidDeclaration ? At(typedef) : OfType(typedef.TypedefUnderlyingType));
            case CXTypeKind.Elaborated:
                return OfType(type.NamedType);
            case CXTypeKind.Attributed:
                return OfType(type.ModifiedType);
            case CXTypeKind.Pointer:
            case CXTypeKind.BlockPointer:
                return OfType(type.Pointee);
            case CXTypeKind.ConstantArray:
            case CXTypeKind.IncompleteArray:
            case CXTypeKind.VariableArray:
                return OfType(type.ArrayElement);
            case CXTypeKind.FunctionProto:
            case CXTypeKind.FunctionNoProto:
                var result = OfType(type.Result);
                for (var i = 0; result.Length == 0 && i < type.ArgumentCount; i++)
                {
                    result = OfType(type.Argument(i));
                }

                return result;
            case CXTypeKind.Record:
                return OfRecordType(type);
            case CXTypeKind.Enum:
                var declaration = type.Declaration;
                return declaration.IsInvalidDeclaration ? At(declaration) : "";
            case CXTypeKind.Unexposed:
                var canonical = type.Canonical;
                return canonical.Kind == CXTypeKind.Unexposed ? "" : OfType(canonical);
            default:
                return "";
        }
    }

    private string OfRecordType(ClangType type)
    {
        var declaration = type.Declaration;
        if (Untrusted(declaration) is { } host)
        {
            return host;
        }

        if (declaration.IsInvalidDeclaration)
        {
            return At(declaration);
        }

        var definition = declaration.Definition;
        if (definition.IsNull)
        {
            return ""; // opaque: only ever used through a pointer, nothing claimed
        }

        if (definition.IsInvalidDeclaration)
        {
            return At(definition);
        }

        // -2 is "incomplete" (opaque, handled above); any other error means clang has no layout to give.
        var size = type.SizeOrError;
        if (size < 0 && size != -2)
        {
            return At(definition, "layout unknown");
        }

        foreach (var child in definition.Children())
        {
            if (child.Kind == CXCursorKind.FieldDecl)
            {
                var why = child.IsInvalidDeclaration ? At(child) : OfType(child.Type);
                if (why.Length == 0 && HoldsWidenedEnum(child.Type.Canonical))
                {
                    // The record's offsets come from clang's 8-byte enum; MSVC's 4-byte one moves them, and
                    // recomputing a layout is not the scanner's to guess.
                    why = At(child, "MSVC makes this enum field 4 bytes; the GNU triple's layout is not MSVC's");
                }

                if (why.Length > 0)
                {
                    return why;
                }
            }
        }

        return "";
    }

    private bool HoldsWidenedEnum(ClangType canonical)
    {
        while (canonical.Kind == CXTypeKind.ConstantArray)
        {
            canonical = canonical.ArrayElement.Canonical;
        }

        return TypeConverter.IsWidenedEnum(canonical, EnumsAreInt);
    }

    private string? Untrusted(Cursor declaration)
    {
        if (UntrustedFiles.Count == 0 && StandInReason is null)
        {
            return null;
        }

        var file = declaration.Location.File;
        if (StandInReason != null && file == StandInFile)
        {
            return StandInReason;
        }

        return UntrustedFiles.TryGetValue(file, out var header)
            ? "needs " + Path.GetFileName(header) + ", which the target's system headers lack"
            : null;
    }

    private static string StandInFile => Path.Combine(TargetArguments.ShimDirectory, ShimHeaders.OsTypeStandIns);

    /// <summary>"header errors (file:line)": where clang's recovery started, by file name (the path is in ILNT900).</summary>
    private static string At(Cursor cursor, string what = "header errors")
    {
        var location = cursor.Location;
        var file = Path.GetFileName(location.File);
        return file.Length == 0 ? what : what + " (" + file + ":" + location.Line + ")";
    }
}
