using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using InteropLint.Clang;
using InteropLint.Clang.Native;
using InteropLint.Manifest;

namespace InteropLint.Scanner;

/// <summary>
/// Turns libclang types into manifest <see cref="CType"/>s for one translation unit. Sizes, alignment,
/// signedness and kind come from the canonical type (what the target ABI really has); the spelling,
/// typedef chain, pointee and element come from the type as written.
/// </summary>
internal sealed class TypeConverter
{
    // Built on first use: most headers never show a tagless record in a type's spelling, and building the regex
    // (with loading its library) is a noticeable part of a short scan.
    private static readonly Lazy<Regex> UnnamedTag = new(() => new Regex(@"(struct |union |enum )?(?:\w+::)*\((unnamed|anonymous)( struct| union| enum)? at [^)]*\)"));

    private readonly Dictionary<string, CType> _cache = new(StringComparer.Ordinal);

    /// <summary>
    /// The same conversion by libclang's type identity (its QualType and unit): a repeated type costs no
    /// spelling. Equal identities have equal spellings, so this never answers differently from <see cref="_cache"/>.
    /// </summary>
    private readonly Dictionary<ClangTypeIdentity, CType> _byIdentity = new();
    private readonly DeclarationNames _names;

    private readonly bool _enumsAreInt;

    public TypeConverter(DeclarationNames names, bool enumsAreInt = false)
    {
        _names = names;
        _enumsAreInt = enumsAreInt;
    }

    /// <summary>
    /// Whether clang's size of this enum is not the ABI's: on MSVC every C enum is <c>int</c>, but the GNU triple
    /// used with MinGW's headers widens one whose enumerators do not fit in 32 bits.
    /// </summary>
    public static bool IsWidenedEnum(ClangType canonical, bool enumsAreInt) =>
        enumsAreInt && canonical.Kind == CXTypeKind.Enum && canonical.Size != 4;

    public CType Convert(ClangType type)
    {
        if (!type.IsValid)
        {
            return new CType { Kind = CTypeKind.Unknown, Spelling = "?" };
        }

        var identity = type.Identity;
        if (_byIdentity.TryGetValue(identity, out var seen))
        {
            return seen;
        }

        var canonical = type.Canonical;
        var spelling = type.Spelling;
        var key = spelling + "\n" + canonical.Spelling;
        if (_cache.TryGetValue(key, out var known))
        {
            _byIdentity[identity] = known;
            return known;
        }

        var result = new CType { Spelling = spelling, IsConst = type.IsConst };
        _cache[key] = result;
        _byIdentity[identity] = result;

        var (written, typedefs) = StripSugar(type);
        result.Typedefs = typedefs;
        result.Kind = KindOf(canonical);
        result.Size = canonical.Size;
        result.Align = canonical.Align;
        result.IsSigned = IsSigned(canonical);

        // The structural parts come from the written type when libclang exposes it, otherwise from the canonical one.
        var shape = written.Kind == CXTypeKind.Unexposed || written.Kind == CXTypeKind.Invalid ? canonical : written;
        switch (result.Kind)
        {
            case CTypeKind.Pointer:
                result.Pointee = Convert(shape.Pointee.IsValid ? shape.Pointee : canonical.Pointee);
                break;
            case CTypeKind.Array:
                result.Element = Convert(shape.ArrayElement.IsValid ? shape.ArrayElement : canonical.ArrayElement);
                result.ArrayLength = canonical.Kind == CXTypeKind.ConstantArray ? canonical.ArraySize : -1;
                break;
            case CTypeKind.Function:
                FillFunction(result, shape.ArgumentCount >= 0 || shape.Kind == CXTypeKind.FunctionNoProto ? shape : canonical);
                break;
            case CTypeKind.Struct:
            case CTypeKind.Union:
            case CTypeKind.Enum:
                var declaration = canonical.Declaration;
                result.DeclName = _names.NameOf(declaration);
                if (result.Kind == CTypeKind.Enum)
                {
                    result.IsSigned = IsSigned(declaration.EnumIntegerType.Canonical);
                    if (IsWidenedEnum(canonical, _enumsAreInt))
                    {
                        (result.Size, result.Align, result.IsSigned) = (4, 4, true);
                    }
                }

                break;
        }

        if (MayNameUnnamedTag(spelling) && UnnamedTag.Value.IsMatch(spelling))
        {
            // clang spells a tagless record with its file path; use the deterministic name instead.
            var named = InnermostDeclName(result) ?? "(anonymous)";
            result.Spelling = UnnamedTag.Value.Replace(spelling, m => m.Groups[1].Value + named);
        }

        return result;
    }

    /// <summary>Whether <see cref="UnnamedTag"/> can match at all: its every match holds one of these words.</summary>
    private static bool MayNameUnnamedTag(string spelling) =>
        spelling.Contains("(unnamed", StringComparison.Ordinal) || spelling.Contains("(anonymous", StringComparison.Ordinal);

    private static string? InnermostDeclName(CType type)
    {
        for (var t = type; t != null; t = t.Pointee ?? t.Element)
        {
            if (t.DeclName != null)
            {
                return t.DeclName;
            }
        }

        return null;
    }

    private void FillFunction(CType result, ClangType function)
    {
        result.Return = Convert(function.Result);
        var count = Math.Max(0, function.ArgumentCount);
        var parameters = new CType[count];
        for (var i = 0; i < count; i++)
        {
            parameters[i] = Convert(function.Argument(i));
        }

        result.Parameters = parameters;
        result.IsVariadic = function.IsVariadic;
        result.HasPrototype = function.Kind != CXTypeKind.FunctionNoProto;
        result.CallingConvention = CallingConventionName(function.CallingConvention);
    }

    /// <summary>Removes typedef, elaborated (<c>struct x</c>) and attribute sugar, collecting typedef names outermost first.</summary>
    private static (ClangType Written, IReadOnlyList<string> Typedefs) StripSugar(ClangType type)
    {
        List<string>? typedefs = null;
        for (var depth = 0; depth < 64; depth++)
        {
            switch (type.Kind)
            {
                case CXTypeKind.Typedef:
                    (typedefs ??= new List<string>()).Add(type.TypedefName);
                    type = type.Declaration.TypedefUnderlyingType;
                    continue;
                case CXTypeKind.Elaborated:
                    type = type.NamedType;
                    continue;
                case CXTypeKind.Attributed:
                    type = type.ModifiedType;
                    continue;
            }

            break;
        }

        return (type, typedefs ?? (IReadOnlyList<string>)Array.Empty<string>());
    }

    internal static CTypeKind KindOf(ClangType canonical)
    {
        switch (canonical.Kind)
        {
            case CXTypeKind.Void:
                return CTypeKind.Void;
            case CXTypeKind.Bool:
                return CTypeKind.Bool;
            case CXTypeKind.Char_U:
            case CXTypeKind.Char_S:
            case CXTypeKind.UChar:
            case CXTypeKind.SChar:
                return CTypeKind.Char;
            case CXTypeKind.WChar:
            case CXTypeKind.Char16:
            case CXTypeKind.Char32:
            case CXTypeKind.UShort:
            case CXTypeKind.UInt:
            case CXTypeKind.ULong:
            case CXTypeKind.ULongLong:
            case CXTypeKind.UInt128:
            case CXTypeKind.Short:
            case CXTypeKind.Int:
            case CXTypeKind.Long:
            case CXTypeKind.LongLong:
            case CXTypeKind.Int128:
                return CTypeKind.Integer;
            case CXTypeKind.Float:
            case CXTypeKind.Double:
            case CXTypeKind.LongDouble:
            case CXTypeKind.Float128:
            case CXTypeKind.Half:
            case CXTypeKind.Float16:
            case CXTypeKind.BFloat16:
            case CXTypeKind.Ibm128:
                return CTypeKind.Float;
            case CXTypeKind.Pointer:
            case CXTypeKind.BlockPointer:
                return CTypeKind.Pointer;
            case CXTypeKind.Record:
                return canonical.Declaration.Kind == CXCursorKind.UnionDecl ? CTypeKind.Union : CTypeKind.Struct;
            case CXTypeKind.Enum:
                return CTypeKind.Enum;
            case CXTypeKind.ConstantArray:
            case CXTypeKind.IncompleteArray:
            case CXTypeKind.VariableArray:
                return CTypeKind.Array;
            case CXTypeKind.FunctionProto:
            case CXTypeKind.FunctionNoProto:
                return CTypeKind.Function;
            default:
                return CTypeKind.Unknown;
        }
    }

    internal static bool IsSigned(ClangType canonical) => canonical.Kind switch
    {
        CXTypeKind.Char_S or CXTypeKind.SChar or CXTypeKind.WChar or CXTypeKind.Short or CXTypeKind.Int
            or CXTypeKind.Long or CXTypeKind.LongLong or CXTypeKind.Int128 => true,
        _ => false,
    };

    internal static string CallingConventionName(CXCallingConv convention) => convention switch
    {
        CXCallingConv.Default or CXCallingConv.C => "c",
        CXCallingConv.X86StdCall => "stdcall",
        CXCallingConv.X86FastCall => "fastcall",
        CXCallingConv.X86ThisCall => "thiscall",
        CXCallingConv.X86VectorCall => "vectorcall",
        CXCallingConv.X86Pascal => "pascal",
        CXCallingConv.X86RegCall => "regcall",
        CXCallingConv.Win64 => "win64",
        CXCallingConv.X86_64SysV => "sysv64",
        CXCallingConv.AAPCS => "aapcs",
        CXCallingConv.AAPCS_VFP => "aapcs-vfp",
        CXCallingConv.AArch64VectorCall => "aarch64_vector_pcs",
        CXCallingConv.Swift => "swiftcall",
        CXCallingConv.SwiftAsync => "swiftasynccall",
        CXCallingConv.PreserveMost => "preserve_most",
        CXCallingConv.PreserveAll => "preserve_all",
        _ => "unknown",
    };
}
