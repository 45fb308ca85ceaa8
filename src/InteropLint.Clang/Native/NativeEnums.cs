namespace InteropLint.Clang.Native;

// The subset of clang-c/Index.h's enums the scanner reads. Values are the C API's (stable across releases).

public enum CXCursorKind
{
    UnexposedDecl = 1,
    StructDecl = 2,
    UnionDecl = 3,
    ClassDecl = 4,
    EnumDecl = 5,
    FieldDecl = 6,
    EnumConstantDecl = 7,
    FunctionDecl = 8,
    VarDecl = 9,
    ParmDecl = 10,
    TypedefDecl = 20,
    TypeRef = 43,
    FirstInvalid = 70,
    NoDeclFound = 71,
    NotImplemented = 72,
    InvalidCode = 73,
    UnexposedExpr = 100,
    IntegerLiteral = 106,
    TranslationUnit = 300,
    UnexposedAttr = 400,
    AsmLabelAttr = 407,
    PackedAttr = 408,
    PureAttr = 409,
    ConstAttr = 410,
    VisibilityAttr = 417,
    DllExport = 418,
    DllImport = 419,
    WarnUnusedResultAttr = 440,
    AlignedAttr = 441,
    MacroDefinition = 501,
    MacroExpansion = 502,
    InclusionDirective = 503,
}

public enum CXTypeKind
{
    Invalid = 0,
    Unexposed = 1,
    Void = 2,
    Bool = 3,
    Char_U = 4,
    UChar = 5,
    Char16 = 6,
    Char32 = 7,
    UShort = 8,
    UInt = 9,
    ULong = 10,
    ULongLong = 11,
    UInt128 = 12,
    Char_S = 13,
    SChar = 14,
    WChar = 15,
    Short = 16,
    Int = 17,
    Long = 18,
    LongLong = 19,
    Int128 = 20,
    Float = 21,
    Double = 22,
    LongDouble = 23,
    NullPtr = 24,
    Float128 = 30,
    Half = 31,
    Float16 = 32,
    BFloat16 = 39,
    Ibm128 = 40,
    Complex = 100,
    Pointer = 101,
    BlockPointer = 102,
    LValueReference = 103,
    RValueReference = 104,
    Record = 105,
    Enum = 106,
    Typedef = 107,
    FunctionNoProto = 110,
    FunctionProto = 111,
    ConstantArray = 112,
    Vector = 113,
    IncompleteArray = 114,
    VariableArray = 115,
    DependentSizedArray = 116,
    Elaborated = 119,
    Attributed = 163,
    ExtVector = 176,
    Atomic = 177,
}

public enum CXCallingConv
{
    Default = 0,
    C = 1,
    X86StdCall = 2,
    X86FastCall = 3,
    X86ThisCall = 4,
    X86Pascal = 5,
    AAPCS = 6,
    AAPCS_VFP = 7,
    X86RegCall = 8,
    IntelOclBicc = 9,
    Win64 = 10,
    X86_64SysV = 11,
    X86VectorCall = 12,
    Swift = 13,
    PreserveMost = 14,
    PreserveAll = 15,
    AArch64VectorCall = 16,
    SwiftAsync = 17,
    Invalid = 100,
    Unexposed = 200,
}

public enum CXDiagnosticSeverity
{
    Ignored = 0,
    Note = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}

public enum CXChildVisitResult
{
    Break = 0,
    Continue = 1,
    Recurse = 2,
}

public enum CXTokenKind
{
    Punctuation = 0,
    Keyword = 1,
    Identifier = 2,
    Literal = 3,
    Comment = 4,
}

public enum CXStorageClass
{
    Invalid = 0,
    None = 1,
    Extern = 2,
    Static = 3,
    PrivateExtern = 4,
    OpenCLWorkGroupLocal = 5,
    Auto = 6,
    Register = 7,
}

public enum CXAvailabilityKind
{
    Available = 0,
    Deprecated = 1,
    NotAvailable = 2,
    NotAccessible = 3,
}

public enum CXErrorCode
{
    Success = 0,
    Failure = 1,
    Crashed = 2,
    InvalidArguments = 3,
    ASTReadError = 4,
}

[System.Flags]
public enum CXTranslationUnitFlags : uint
{
    None = 0,
    DetailedPreprocessingRecord = 0x01,
    Incomplete = 0x02,
    SkipFunctionBodies = 0x40,
    KeepGoing = 0x200,
    SingleFileParse = 0x400,
    IncludeAttributedTypes = 0x1000,
    VisitImplicitAttributes = 0x2000,
}
