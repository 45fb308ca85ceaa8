using System.Text;
using InteropLint.Clang.Native;

namespace InteropLint.Clang;

/// <summary>A <c>CXType</c> together with the translation unit that keeps it valid.</summary>
public readonly struct ClangType
{
    internal ClangType(CXType raw, TranslationUnit unit)
    {
        Raw = raw;
        Unit = unit;
    }

    public CXType Raw { get; }

    public TranslationUnit Unit { get; }

    public CXTypeKind Kind => Raw.Kind;

    public bool IsValid => Raw.Kind != CXTypeKind.Invalid;

    /// <summary>Equal for the same type (same qualifiers, same sugar) of the same translation unit; a dictionary key that costs no call into libclang.</summary>
    public unsafe ClangTypeIdentity Identity => new(Raw.Kind, (nint)Raw.Data0, (nint)Raw.Data1);

    public string Spelling => ClangString.Take(Libclang.clang_getTypeSpelling(Raw));

    public ClangType Canonical => Wrap(Libclang.clang_getCanonicalType(Raw));

    public bool IsConst => Libclang.clang_isConstQualifiedType(Raw) != 0;

    /// <summary>Size in bytes, or -1 when incomplete, dependent or otherwise unknown.</summary>
    public long Size => NonNegative(Libclang.clang_Type_getSizeOf(Raw));

    /// <summary>libclang's own answer: -1 invalid, -2 incomplete, -3 dependent, -4 not constant, … (<c>CXTypeLayoutError</c>).</summary>
    public long SizeOrError => Libclang.clang_Type_getSizeOf(Raw);

    /// <summary>Alignment in bytes, or -1 when unknown.</summary>
    public long Align => NonNegative(Libclang.clang_Type_getAlignOf(Raw));

    public ClangType Pointee => Wrap(Libclang.clang_getPointeeType(Raw));

    public ClangType ArrayElement => Wrap(Libclang.clang_getArrayElementType(Raw));

    /// <summary>Element count of a constant array, -1 otherwise.</summary>
    public long ArraySize => NonNegative(Libclang.clang_getArraySize(Raw));

    public ClangType Result => Wrap(Libclang.clang_getResultType(Raw));

    /// <summary>Number of prototype parameters; -1 for a non-function type.</summary>
    public int ArgumentCount => Libclang.clang_getNumArgTypes(Raw);

    public ClangType Argument(int index) => Wrap(Libclang.clang_getArgType(Raw, (uint)index));

    public bool IsVariadic => Libclang.clang_isFunctionTypeVariadic(Raw) != 0;

    public CXCallingConv CallingConvention => Libclang.clang_getFunctionTypeCallingConv(Raw);

    /// <summary>For a typedef type, the typedef's name.</summary>
    public string TypedefName => ClangString.Take(Libclang.clang_getTypedefName(Raw));

    /// <summary>For an elaborated type (<c>struct x</c>), the type it names.</summary>
    public ClangType NamedType => Wrap(Libclang.clang_Type_getNamedType(Raw));

    /// <summary>For an attributed type, the type without the attribute.</summary>
    public ClangType ModifiedType => Wrap(Libclang.clang_Type_getModifiedType(Raw));

    public Cursor Declaration => new(Libclang.clang_getTypeDeclaration(Raw), Unit);

    /// <summary>Offset in bits of a named field (also inside anonymous members); negative on error.</summary>
    public unsafe long OffsetOf(string fieldName)
    {
        var bytes = Encoding.UTF8.GetBytes(fieldName + "\0");
        fixed (byte* name = bytes)
        {
            return Libclang.clang_Type_getOffsetOf(Raw, name);
        }
    }

    public override string ToString() => Spelling;

    private static long NonNegative(long value) => value < 0 ? -1 : value;

    private ClangType Wrap(CXType raw) => new(raw, Unit);
}

/// <summary>A <c>CXType</c>'s kind and data words (libclang's <c>QualType</c> and unit): see <see cref="ClangType.Identity"/>.</summary>
public readonly record struct ClangTypeIdentity(CXTypeKind Kind, nint Type, nint Unit);
