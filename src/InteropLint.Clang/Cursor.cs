using System.Collections.Generic;
using System.Runtime.InteropServices;
using InteropLint.Clang.Native;

namespace InteropLint.Clang;

/// <summary>A <c>CXCursor</c> together with the translation unit that keeps it valid.</summary>
public readonly struct Cursor
{
    internal Cursor(CXCursor raw, TranslationUnit unit)
    {
        Raw = raw;
        Unit = unit;
    }

    public CXCursor Raw { get; }

    public TranslationUnit Unit { get; }

    public CXCursorKind Kind => Libclang.clang_getCursorKind(Raw);

    public bool IsNull => Libclang.clang_Cursor_isNull(Raw) != 0;

    public string Spelling => ClangString.Take(Libclang.clang_getCursorSpelling(Raw));

    /// <summary>Where the declaration is, at its expansion point (a declaration made by a macro is placed at the macro's use).</summary>
    public SourceLocation Location => SourceLocation.Expansion(Libclang.clang_getCursorLocation(Raw), Unit);

    public ClangType Type => new(Libclang.clang_getCursorType(Raw), Unit);

    public ClangType ResultType => new(Libclang.clang_getCursorResultType(Raw), Unit);

    /// <summary>clang could not make sense of the declaration (an unknown type, a failed <c>#include</c>) and recovered with a guess.</summary>
    public bool IsInvalidDeclaration => Libclang.clang_isInvalidDeclaration(Raw) != 0;

    public bool IsDefinition => Libclang.clang_isCursorDefinition(Raw) != 0;

    public Cursor Definition => new(Libclang.clang_getCursorDefinition(Raw), Unit);

    /// <summary>A struct/union/enum without a tag (<c>clang_Cursor_isAnonymous</c>).</summary>
    public bool IsAnonymous => Libclang.clang_Cursor_isAnonymous(Raw) != 0;

    /// <summary>A C11 anonymous struct/union member (no tag, no field name).</summary>
    public bool IsAnonymousRecordMember => Libclang.clang_Cursor_isAnonymousRecordDecl(Raw) != 0;

    public ClangType TypedefUnderlyingType => new(Libclang.clang_getTypedefDeclUnderlyingType(Raw), Unit);

    public ClangType EnumIntegerType => new(Libclang.clang_getEnumDeclIntegerType(Raw), Unit);

    public long EnumConstantValue => Libclang.clang_getEnumConstantDeclValue(Raw);

    public ulong EnumConstantUnsignedValue => Libclang.clang_getEnumConstantDeclUnsignedValue(Raw);

    /// <summary>Field offset in bits from the start of its record; negative on error.</summary>
    public long FieldOffsetBits => Libclang.clang_Cursor_getOffsetOfField(Raw);

    public bool IsBitField => Libclang.clang_Cursor_isBitField(Raw) != 0;

    /// <summary>Bit-field width, or -1 when not a bit-field.</summary>
    public int BitFieldWidth => IsBitField ? Libclang.clang_getFieldDeclBitWidth(Raw) : -1;

    public bool HasAttributes => Libclang.clang_Cursor_hasAttrs(Raw) != 0;

    public CXStorageClass StorageClass => Libclang.clang_Cursor_getStorageClass(Raw);

    public bool IsInlined => Libclang.clang_Cursor_isFunctionInlined(Raw) != 0;

    public bool IsVariadic => Libclang.clang_Cursor_isVariadic(Raw) != 0;

    public bool IsMacroFunctionLike => Libclang.clang_Cursor_isMacroFunctionLike(Raw) != 0;

    public bool IsMacroBuiltin => Libclang.clang_Cursor_isMacroBuiltin(Raw) != 0;

    public CXAvailabilityKind Availability => Libclang.clang_getCursorAvailability(Raw);

    /// <summary>Number of function parameters; -1 for a cursor that is not a function.</summary>
    public int ArgumentCount => Libclang.clang_Cursor_getNumArguments(Raw);

    /// <summary>One function parameter (a declaration, with its name), without building the list of all.</summary>
    public Cursor Argument(int index) => new(Libclang.clang_Cursor_getArgument(Raw, (uint)index), Unit);

    /// <summary>Attribute cursors attached to this declaration (packed, dllimport, unexposed ones such as malloc…).</summary>
    public IReadOnlyList<Cursor> Attributes
    {
        get
        {
            if (!HasAttributes)
            {
                return System.Array.Empty<Cursor>();
            }

            var result = new List<Cursor>();
            foreach (var child in Children())
            {
                var kind = (int)child.Kind;
                if (kind >= (int)CXCursorKind.UnexposedAttr && kind <= (int)CXCursorKind.AlignedAttr)
                {
                    result.Add(child);
                }
            }

            return result;
        }
    }

    public bool IsSameAs(Cursor other) => Libclang.clang_equalCursors(Raw, other.Raw) != 0;

    /// <summary>The direct children, in source order.</summary>
    public unsafe List<Cursor> Children()
    {
        var state = new VisitState(Unit);
        var handle = GCHandle.Alloc(state);
        try
        {
            Libclang.clang_visitChildren(Raw, &Visit, (void*)GCHandle.ToIntPtr(handle));
        }
        finally
        {
            handle.Free();
        }

        return state.Children;
    }

    [UnmanagedCallersOnly]
    private static unsafe CXChildVisitResult Visit(CXCursor cursor, CXCursor parent, void* clientData)
    {
        var state = (VisitState)GCHandle.FromIntPtr((nint)clientData).Target!;
        state.Children.Add(new Cursor(cursor, state.Unit));
        return CXChildVisitResult.Continue;
    }

    public override string ToString() => Kind + " " + Spelling;

    private sealed class VisitState
    {
        public VisitState(TranslationUnit unit)
        {
            Unit = unit;
        }

        public TranslationUnit Unit { get; }

        public List<Cursor> Children { get; } = new();
    }
}
