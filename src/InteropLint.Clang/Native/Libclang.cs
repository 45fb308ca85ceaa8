using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

[assembly: DisableRuntimeMarshalling]

namespace InteropLint.Clang.Native;

/// <summary>
/// The raw libclang C API, one entry per function the binding uses. Every signature is blittable
/// (runtime marshalling is disabled for this assembly): C <c>unsigned</c> is <see cref="uint"/>,
/// <c>long long</c> is <see cref="long"/>, opaque handles are <see cref="nint"/>.
/// The library name is resolved by <see cref="LibclangLoader"/>.
/// </summary>
public static unsafe class Libclang
{
    public const string LibraryName = "libclang";

    // CXString
    [DllImport(LibraryName)] public static extern byte* clang_getCString(CXString s);
    [DllImport(LibraryName)] public static extern void clang_disposeString(CXString s);
    [DllImport(LibraryName)] public static extern CXString clang_getClangVersion();

    // Index and translation units
    [DllImport(LibraryName)] public static extern nint clang_createIndex(int excludeDeclarationsFromPch, int displayDiagnostics);
    [DllImport(LibraryName)] public static extern void clang_disposeIndex(nint index);
    [DllImport(LibraryName)] public static extern void clang_toggleCrashRecovery(uint isEnabled);

    [DllImport(LibraryName)]
    public static extern CXErrorCode clang_parseTranslationUnit2(
        nint index, byte* sourceFilename, byte** commandLineArgs, int numCommandLineArgs,
        CXUnsavedFile* unsavedFiles, uint numUnsavedFiles, uint options, nint* translationUnit);

    [DllImport(LibraryName)] public static extern void clang_disposeTranslationUnit(nint translationUnit);
    [DllImport(LibraryName)] public static extern CXCursor clang_getTranslationUnitCursor(nint translationUnit);

    [DllImport(LibraryName)]
    public static extern void clang_getInclusions(
        nint translationUnit, delegate* unmanaged<nint, CXSourceLocation*, uint, void*, void> visitor, void* clientData);

    // Diagnostics
    [DllImport(LibraryName)] public static extern uint clang_getNumDiagnostics(nint translationUnit);
    [DllImport(LibraryName)] public static extern nint clang_getDiagnostic(nint translationUnit, uint index);
    [DllImport(LibraryName)] public static extern void clang_disposeDiagnostic(nint diagnostic);
    [DllImport(LibraryName)] public static extern CXDiagnosticSeverity clang_getDiagnosticSeverity(nint diagnostic);
    [DllImport(LibraryName)] public static extern CXSourceLocation clang_getDiagnosticLocation(nint diagnostic);
    [DllImport(LibraryName)] public static extern CXString clang_getDiagnosticSpelling(nint diagnostic);

    // Locations and files
    [DllImport(LibraryName)] public static extern void clang_getExpansionLocation(CXSourceLocation location, nint* file, uint* line, uint* column, uint* offset);
    [DllImport(LibraryName)] public static extern void clang_getSpellingLocation(CXSourceLocation location, nint* file, uint* line, uint* column, uint* offset);
    [DllImport(LibraryName)] public static extern CXString clang_getFileName(nint file);
    [DllImport(LibraryName)] public static extern CXString clang_File_tryGetRealPathName(nint file);
    [DllImport(LibraryName)] public static extern int clang_Location_isInSystemHeader(CXSourceLocation location);

    // Cursors
    [DllImport(LibraryName)] public static extern CXCursorKind clang_getCursorKind(CXCursor cursor);
    [DllImport(LibraryName)] public static extern CXString clang_getCursorSpelling(CXCursor cursor);
    [DllImport(LibraryName)] public static extern CXSourceLocation clang_getCursorLocation(CXCursor cursor);
    [DllImport(LibraryName)] public static extern CXSourceRange clang_getCursorExtent(CXCursor cursor);
    [DllImport(LibraryName)] public static extern uint clang_isInvalidDeclaration(CXCursor cursor);
    [DllImport(LibraryName)] public static extern CXSourceLocation clang_getRangeStart(CXSourceRange range);
    [DllImport(LibraryName)] public static extern CXSourceLocation clang_getRangeEnd(CXSourceRange range);
    [DllImport(LibraryName)] public static extern CXSourceRange clang_getRange(CXSourceLocation begin, CXSourceLocation end);
    [DllImport(LibraryName)] public static extern CXSourceRangeList* clang_getAllSkippedRanges(nint translationUnit);
    [DllImport(LibraryName)] public static extern void clang_disposeSourceRangeList(CXSourceRangeList* ranges);
    [DllImport(LibraryName)] public static extern CXType clang_getCursorType(CXCursor cursor);
    [DllImport(LibraryName)] public static extern CXType clang_getCursorResultType(CXCursor cursor);
    [DllImport(LibraryName)] public static extern uint clang_visitChildren(CXCursor parent, delegate* unmanaged<CXCursor, CXCursor, void*, CXChildVisitResult> visitor, void* clientData);
    [DllImport(LibraryName)] public static extern uint clang_isCursorDefinition(CXCursor cursor);
    [DllImport(LibraryName)] public static extern CXCursor clang_getCursorDefinition(CXCursor cursor);
    [DllImport(LibraryName)] public static extern uint clang_equalCursors(CXCursor a, CXCursor b);
    [DllImport(LibraryName)] public static extern int clang_Cursor_isNull(CXCursor cursor);
    [DllImport(LibraryName)] public static extern uint clang_Cursor_isAnonymous(CXCursor cursor);
    [DllImport(LibraryName)] public static extern uint clang_Cursor_isAnonymousRecordDecl(CXCursor cursor);
    [DllImport(LibraryName)] public static extern CXType clang_getTypedefDeclUnderlyingType(CXCursor cursor);
    [DllImport(LibraryName)] public static extern CXType clang_getEnumDeclIntegerType(CXCursor cursor);
    [DllImport(LibraryName)] public static extern long clang_getEnumConstantDeclValue(CXCursor cursor);
    [DllImport(LibraryName)] public static extern ulong clang_getEnumConstantDeclUnsignedValue(CXCursor cursor);
    [DllImport(LibraryName)] public static extern long clang_Cursor_getOffsetOfField(CXCursor cursor);
    [DllImport(LibraryName)] public static extern uint clang_Cursor_isBitField(CXCursor cursor);
    [DllImport(LibraryName)] public static extern int clang_getFieldDeclBitWidth(CXCursor cursor);
    [DllImport(LibraryName)] public static extern uint clang_Cursor_hasAttrs(CXCursor cursor);
    [DllImport(LibraryName)] public static extern CXStorageClass clang_Cursor_getStorageClass(CXCursor cursor);
    [DllImport(LibraryName)] public static extern uint clang_Cursor_isFunctionInlined(CXCursor cursor);
    [DllImport(LibraryName)] public static extern uint clang_Cursor_isVariadic(CXCursor cursor);
    [DllImport(LibraryName)] public static extern uint clang_Cursor_isMacroFunctionLike(CXCursor cursor);
    [DllImport(LibraryName)] public static extern uint clang_Cursor_isMacroBuiltin(CXCursor cursor);
    [DllImport(LibraryName)] public static extern int clang_Cursor_getNumArguments(CXCursor cursor);
    [DllImport(LibraryName)] public static extern CXCursor clang_Cursor_getArgument(CXCursor cursor, uint index);
    [DllImport(LibraryName)] public static extern CXAvailabilityKind clang_getCursorAvailability(CXCursor cursor);

    // Tokens
    [DllImport(LibraryName)] public static extern void clang_tokenize(nint translationUnit, CXSourceRange range, CXToken** tokens, uint* numTokens);
    [DllImport(LibraryName)] public static extern void clang_disposeTokens(nint translationUnit, CXToken* tokens, uint numTokens);
    [DllImport(LibraryName)] public static extern CXTokenKind clang_getTokenKind(CXToken token);
    [DllImport(LibraryName)] public static extern CXString clang_getTokenSpelling(nint translationUnit, CXToken token);
    [DllImport(LibraryName)] public static extern CXSourceLocation clang_getTokenLocation(nint translationUnit, CXToken token);

    // Types
    [DllImport(LibraryName)] public static extern CXString clang_getTypeSpelling(CXType type);
    [DllImport(LibraryName)] public static extern CXType clang_getCanonicalType(CXType type);
    [DllImport(LibraryName)] public static extern uint clang_isConstQualifiedType(CXType type);
    [DllImport(LibraryName)] public static extern long clang_Type_getSizeOf(CXType type);
    [DllImport(LibraryName)] public static extern long clang_Type_getAlignOf(CXType type);
    [DllImport(LibraryName)] public static extern long clang_Type_getOffsetOf(CXType type, byte* fieldName);
    [DllImport(LibraryName)] public static extern CXType clang_getPointeeType(CXType type);
    [DllImport(LibraryName)] public static extern CXType clang_getArrayElementType(CXType type);
    [DllImport(LibraryName)] public static extern long clang_getArraySize(CXType type);
    [DllImport(LibraryName)] public static extern CXType clang_getResultType(CXType type);
    [DllImport(LibraryName)] public static extern int clang_getNumArgTypes(CXType type);
    [DllImport(LibraryName)] public static extern CXType clang_getArgType(CXType type, uint index);
    [DllImport(LibraryName)] public static extern uint clang_isFunctionTypeVariadic(CXType type);
    [DllImport(LibraryName)] public static extern CXCallingConv clang_getFunctionTypeCallingConv(CXType type);
    [DllImport(LibraryName)] public static extern CXString clang_getTypedefName(CXType type);
    [DllImport(LibraryName)] public static extern CXType clang_Type_getNamedType(CXType type);
    [DllImport(LibraryName)] public static extern CXType clang_Type_getModifiedType(CXType type);
    [DllImport(LibraryName)] public static extern CXCursor clang_getTypeDeclaration(CXType type);
}
