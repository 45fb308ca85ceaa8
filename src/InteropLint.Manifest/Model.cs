using System;
using System.Collections.Generic;

namespace InteropLint.Manifest
{
    /// <summary>What a C type is, as far as marshalling cares.</summary>
    public enum CTypeKind
    {
        Unknown = 0,
        Void,
        /// <summary>C <c>_Bool</c> / <c>bool</c>.</summary>
        Bool,
        /// <summary>Plain <c>char</c>, <c>signed char</c>, <c>unsigned char</c>.</summary>
        Char,
        /// <summary>Every other integer type, including <c>wchar_t</c> (see <see cref="CType.Typedefs"/>).</summary>
        Integer,
        Float,
        Pointer,
        Struct,
        Union,
        Enum,
        Array,
        /// <summary>A function type (the pointee of a function pointer).</summary>
        Function,
    }

    /// <summary>
    /// A C type on one ABI. Instances are shared by reference inside one <see cref="AbiManifest"/>;
    /// the writer interns them into a per-ABI type table.
    /// </summary>
    public sealed class CType
    {
        public CTypeKind Kind { get; set; }

        /// <summary>The type as written in the header, e.g. <c>uLongf *</c>.</summary>
        public string Spelling { get; set; } = "";

        /// <summary>Size in bytes; -1 when incomplete or unknown (void, function, flexible array).</summary>
        public long Size { get; set; } = -1;

        /// <summary>Alignment in bytes; -1 when unknown.</summary>
        public long Align { get; set; } = -1;

        /// <summary>For integers, chars and enums: whether the type is signed on this ABI.</summary>
        public bool IsSigned { get; set; }

        public bool IsConst { get; set; }

        /// <summary>
        /// The typedef names passed through from the spelling down to the canonical type,
        /// outermost first (e.g. <c>uLongf</c>, <c>uLong</c>). Empty when the type is written
        /// without a typedef. This is how <c>wchar_t</c>, <c>size_t</c> or <c>lzma_bool</c>
        /// are recognised without trusting names for widths.
        /// </summary>
        public IReadOnlyList<string> Typedefs { get; set; } = Array.Empty<string>();

        /// <summary>Pointer: what it points to.</summary>
        public CType? Pointee { get; set; }

        /// <summary>Array: element type.</summary>
        public CType? Element { get; set; }

        /// <summary>Array: element count; -1 for a flexible or incomplete array.</summary>
        public long ArrayLength { get; set; } = -1;

        /// <summary>Struct, Union, Enum: the declaration's name, a key of the ABI's records or enums.</summary>
        public string? DeclName { get; set; }

        /// <summary>Function: return type.</summary>
        public CType? Return { get; set; }

        /// <summary>Function: parameter types.</summary>
        public IReadOnlyList<CType> Parameters { get; set; } = Array.Empty<CType>();

        /// <summary>Function: declared with <c>...</c>.</summary>
        public bool IsVariadic { get; set; }

        /// <summary>
        /// Function: false for an unprototyped (K&amp;R) declaration, <c>void (*)()</c>: C says nothing of its parameters,
        /// so <see cref="Parameters"/> is empty without meaning "none".
        /// </summary>
        public bool HasPrototype { get; set; } = true;

        /// <summary>Function: calling convention (<c>c</c>, <c>stdcall</c>, <c>fastcall</c>, <c>thiscall</c>, <c>vectorcall</c>, <c>win64</c>, <c>sysv64</c>, …).</summary>
        public string? CallingConvention { get; set; }

        public bool IsInteger => Kind == CTypeKind.Integer || Kind == CTypeKind.Char || Kind == CTypeKind.Bool || Kind == CTypeKind.Enum;

        /// <summary>Whether a typedef of this name is on the way to the canonical type.</summary>
        public bool HasTypedef(string name)
        {
            foreach (var t in Typedefs)
            {
                if (string.Equals(t, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        public override string ToString() => Spelling;
    }

    /// <summary>Where a declaration is, and which <c>InteropLintHeader</c> item brought it in.</summary>
    public abstract class Declaration
    {
        public string Name { get; set; } = "";

        /// <summary>The file that declares it (may be a header included by the item's header).</summary>
        public string File { get; set; } = "";

        public int Line { get; set; }

        /// <summary>Index into <see cref="NativeManifest.Headers"/> of the header item whose translation unit declared it.</summary>
        public int Header { get; set; }

        public string Location => Line > 0 ? File + ":" + Line : File;

        /// <summary>
        /// Empty when clang understood everything this declaration's facts rest on for this ABI; otherwise why not,
        /// e.g. <c>header errors (SDL_stdinc.h:185)</c>: an invalid declaration, a type clang recovered from an
        /// error (through typedefs, pointees, fields, parameters), a record whose layout clang could not compute.
        /// Rules give such a declaration no verdict on this ABI.
        /// </summary>
        public string Unresolved { get; set; } = "";

        public bool IsResolved => Unresolved.Length == 0;

        /// <summary>The fields every declaration has, set by the manifest reader in one place.</summary>
        internal void SetShared(string name, string file, int line, int header, string unresolved)
        {
            Name = name;
            File = file;
            Line = line;
            Header = header;
            Unresolved = unresolved;
        }
    }

    public sealed class ParameterDecl
    {
        public string Name { get; set; } = "";

        public CType Type { get; set; } = new CType();
    }

    public sealed class FunctionDecl : Declaration
    {
        public CType Return { get; set; } = new CType();

        public IReadOnlyList<ParameterDecl> Parameters { get; set; } = Array.Empty<ParameterDecl>();

        public bool IsVariadic { get; set; }

        public string CallingConvention { get; set; } = "c";

        /// <summary>
        /// The declaration's comment (clang's raw comment, or a comment trailing it on its line), for the scanner's
        /// ownership and registration inference. Not written to the manifest: what is learned from it is, with its evidence.
        /// </summary>
        public string DocComment { get; set; } = "";

        /// <summary>
        /// The symbol the function is exported as when an asm label renames it (glibc's <c>__REDIRECT</c>:
        /// <c>strerror_r</c> → <c>__xpg_strerror_r</c>); empty when it is the C name.
        /// </summary>
        public string Symbol { get; set; } = "";

        /// <summary>Attributes that matter to interop, sorted: <c>malloc</c>, <c>deprecated</c>, <c>inline</c>, <c>static</c>, <c>dllimport</c>, <c>ownership_returns</c>, …</summary>
        public IReadOnlyList<string> Attributes { get; set; } = Array.Empty<string>();

        public bool HasAttribute(string name)
        {
            foreach (var a in Attributes)
            {
                if (string.Equals(a, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }

    public sealed class FieldDecl
    {
        public string Name { get; set; } = "";

        public CType Type { get; set; } = new CType();

        /// <summary>Offset from the start of the record, in bits.</summary>
        public long OffsetBits { get; set; }

        /// <summary>Bit-field width, or -1 when the field is not a bit-field.</summary>
        public int BitWidth { get; set; } = -1;

        public bool IsBitField => BitWidth >= 0;

        public long Offset => OffsetBits / 8;
    }

    public sealed class RecordDecl : Declaration
    {
        /// <summary>Struct or Union.</summary>
        public CTypeKind Kind { get; set; } = CTypeKind.Struct;

        public long Size { get; set; } = -1;

        public long Align { get; set; } = -1;

        /// <summary><c>__attribute__((packed))</c> on the record, or a <c>#pragma pack</c> value below natural alignment in effect.</summary>
        public bool IsPacked { get; set; }

        /// <summary>Typedef names that name this record (e.g. <c>z_stream</c> for <c>struct z_stream_s</c>).</summary>
        public IReadOnlyList<string> Aliases { get; set; } = Array.Empty<string>();

        public IReadOnlyList<FieldDecl> Fields { get; set; } = Array.Empty<FieldDecl>();
    }

    public sealed class TypedefDecl : Declaration
    {
        public CType Type { get; set; } = new CType();
    }

    public sealed class EnumeratorDecl
    {
        public string Name { get; set; } = "";

        public long Value { get; set; }
    }

    public sealed class EnumDecl : Declaration
    {
        /// <summary>The integer type the enum is stored as on this ABI.</summary>
        public CType IntegerType { get; set; } = new CType();

        public IReadOnlyList<string> Aliases { get; set; } = Array.Empty<string>();

        public IReadOnlyList<EnumeratorDecl> Enumerators { get; set; } = Array.Empty<EnumeratorDecl>();
    }

    /// <summary>An object-like <c>#define</c> whose value is an integer constant.</summary>
    public sealed class ConstantDecl : Declaration
    {
        public long Value { get; set; }

        /// <summary>The macro's replacement text as written.</summary>
        public string Text { get; set; } = "";
    }

    /// <summary>A function-like or object-like macro that names another function, e.g. zlib's <c>deflateInit</c> → <c>deflateInit_</c>.</summary>
    public sealed class MacroAliasDecl : Declaration
    {
        public string Target { get; set; } = "";
    }

    /// <summary>
    /// A function the scanned headers do not declare for this ABI but which the library declares elsewhere: in a
    /// preprocessor block skipped for this ABI (<c>#ifdef __ANDROID__</c>), or in a header of the library's folder
    /// the header items do not include. Only for "is it declared at all": no facts come with it.
    /// </summary>
    public sealed class ElsewhereDecl : Declaration
    {
        public ElsewhereKind Where { get; set; }
    }

    /// <summary>Where an <see cref="ElsewhereDecl"/> was found. The order is the manifest's sort order (by spelling).</summary>
    public enum ElsewhereKind
    {
        Unknown = 0,

        /// <summary>In a header of the library's folder that the header items do not include.</summary>
        Sibling,

        /// <summary>In a preprocessor block skipped for this ABI.</summary>
        Skipped,
    }

    /// <summary>"What <see cref="Allocator"/> returns, <see cref="Deallocator"/> frees", and why we believe it.</summary>
    public sealed class OwnershipPair
    {
        public string Allocator { get; set; } = "";

        public string Deallocator { get; set; } = "";

        /// <summary>How it was learned (see the scanner's OwnershipInference).</summary>
        public OwnershipReason Reason { get; set; }

        /// <summary>Where the evidence is, for messages and <c>dump</c>: <c>doc comment, SDL_clipboard.h:55</c>; empty when the reason says it all.</summary>
        public string Evidence { get; set; } = "";

        /// <summary>
        /// -1: what <see cref="Allocator"/> returns. Otherwise the index of the out-parameter through which it hands the
        /// value out (<c>git_annotated_commit **out</c>: the pointer stored there; <c>git_buf *out</c>: the struct's
        /// contents), which <see cref="Deallocator"/> releases.
        /// </summary>
        public int OutParameter { get; set; } = -1;
    }

    /// <summary>
    /// Whether a function keeps a callback it is given after it returns (so the caller must keep the delegate alive),
    /// judged by the scanner from the header, with the evidence.
    /// </summary>
    public sealed class CallbackRegistration
    {
        public string Function { get; set; } = "";

        /// <summary>True: the library keeps the pointer (a registration). False: it calls it only during the call (qsort, <c>…_foreach</c>).</summary>
        public bool Keeps { get; set; }

        /// <summary>How it was judged (see the scanner's RegistrationInference).</summary>
        public RegistrationReason Reason { get; set; }

        /// <summary>Where the evidence is: <c>libvlc_event_detach at libvlc.h:350</c>, <c>doc comment, x.h:12</c>.</summary>
        public string Evidence { get; set; } = "";
    }

    /// <summary>How an <see cref="OwnershipPair"/> was learned.</summary>
    public enum OwnershipReason
    {
        /// <summary>Not said (or a reason this reader does not know).</summary>
        Unknown = 0,

        /// <summary><c>__attribute__((malloc(dealloc)))</c> / <c>ownership_returns</c> on the declarations.</summary>
        Attribute,

        /// <summary>The allocator's doc comment names the function that frees its result.</summary>
        DocComment,

        /// <summary>The C library's own pairs (<c>strdup</c> → <c>free</c>).</summary>
        Libc,

        /// <summary>A create/destroy name pair in the header.</summary>
        NamePair,

        /// <summary>Same library, an allocating name, and a deallocator taking the returned pointer type.</summary>
        TypePair,

        /// <summary>The user's <c>interoplint.ownership_pairs</c> option (never written by the scanner).</summary>
        Option,
    }

    /// <summary>How a <see cref="CallbackRegistration"/> was judged.</summary>
    public enum RegistrationReason
    {
        Unknown = 0,

        /// <summary>The header has a function that undoes it (<c>…_detach</c>, <c>…_unregister</c>).</summary>
        UnregisterPair,

        /// <summary>Its doc comment says when the callback is called.</summary>
        DocComment,

        /// <summary>A setter: it sets the callback for later calls.</summary>
        Setter,

        /// <summary>The callback's type is stored in a struct field of the library.</summary>
        StoredInStruct,

        /// <summary>The function's name says it calls the callback during the call (<c>…_foreach</c>).</summary>
        Name,
    }

    /// <summary>A failure of the scan itself (not of the header), which the analyzers turn into an ILNT9xx diagnostic.</summary>
    public enum ToolCode
    {
        /// <summary>Not a tool failure: clang's own message about the header.</summary>
        None = 0,

        /// <summary>libclang could not be loaded: nothing was scanned (ILNT901).</summary>
        LibclangNotFound,

        /// <summary>A unit timed out or failed, or the scanner itself failed (ILNT902).</summary>
        ScanFailed,
    }

    public enum ScanSeverity
    {
        Note = 0,
        Warning,
        Error,
        Fatal,
    }

    /// <summary>A problem met while scanning, for one ABI (clang's diagnostics, a missing header, a time-out).</summary>
    public sealed class ScanDiagnostic
    {
        public ScanSeverity Severity { get; set; }

        /// <summary>A failure of the scan itself; <see cref="ToolCode.None"/> for clang's own messages about the header (ILNT900).</summary>
        public ToolCode Code { get; set; }

        public string File { get; set; } = "";

        public int Line { get; set; }

        public int Column { get; set; }

        public string Message { get; set; } = "";

        /// <summary>Index into <see cref="NativeManifest.Headers"/> of the header whose scan reported it; -1 when not known.</summary>
        public int Header { get; set; } = -1;

        public override string ToString() =>
            (File.Length == 0 ? "" : Line > 0 ? File + ":" + Line + ":" + Column + ": " : File + ": ")
            + ManifestSpelling.Of(Severity) + ": " + Message;
    }

    /// <summary>One <c>InteropLintHeader</c> item.</summary>
    public sealed class ManifestHeader
    {
        public string Path { get; set; } = "";

        /// <summary>The library name P/Invokes use for it; empty serves every library.</summary>
        public string Library { get; set; } = "";

        public IReadOnlyList<string> IncludePaths { get; set; } = Array.Empty<string>();

        public IReadOnlyList<string> Defines { get; set; } = Array.Empty<string>();

        public bool ServesLibrary(string library) =>
            Library.Length == 0 || LibraryNames.Same(Library, library);
    }

    /// <summary>Everything scanned for one target ABI.</summary>
    public sealed class AbiManifest
    {
        private Dictionary<string, List<FunctionDecl>>? _functions;
        private Dictionary<string, List<FunctionDecl>>? _symbols;
        private Dictionary<string, RecordDecl>? _records;
        private Dictionary<string, EnumDecl>? _enums;
        private Dictionary<string, TypedefDecl>? _typedefs;
        private Dictionary<string, List<ConstantDecl>>? _constants;
        private Dictionary<string, List<EnumeratorDecl>>? _enumerators;

        /// <summary>Runtime identifier, e.g. <c>linux-x64</c>.</summary>
        public string Target { get; set; } = "";

        /// <summary>The clang target triple used, e.g. <c>x86_64-pc-linux-gnu</c>.</summary>
        public string Triple { get; set; } = "";

        /// <summary>False when nothing could be scanned for this ABI (see <see cref="Diagnostics"/>).</summary>
        public bool Scanned { get; set; } = true;

        public List<FunctionDecl> Functions { get; set; } = new List<FunctionDecl>();

        public List<RecordDecl> Records { get; set; } = new List<RecordDecl>();

        public List<TypedefDecl> Typedefs { get; set; } = new List<TypedefDecl>();

        public List<EnumDecl> Enums { get; set; } = new List<EnumDecl>();

        public List<ConstantDecl> Constants { get; set; } = new List<ConstantDecl>();

        public List<MacroAliasDecl> MacroAliases { get; set; } = new List<MacroAliasDecl>();

        public List<OwnershipPair> Ownership { get; set; } = new List<OwnershipPair>();

        /// <summary>What the header says about functions taking callbacks (see the scanner's RegistrationInference).</summary>
        public List<CallbackRegistration> Registrations { get; set; } = new List<CallbackRegistration>();

        /// <summary>Functions declared where this ABI's parse did not look (see <see cref="ElsewhereDecl"/>).</summary>
        public List<ElsewhereDecl> Elsewhere { get; set; } = new List<ElsewhereDecl>();

        public List<ScanDiagnostic> Diagnostics { get; set; } = new List<ScanDiagnostic>();

        /// <summary>Every function of that name, one per header item that declares it.</summary>
        public IReadOnlyList<FunctionDecl> FindFunctions(string name)
        {
            var map = _functions ??= Index(Functions);
            return map.TryGetValue(name, out var list) ? list : (IReadOnlyList<FunctionDecl>)Array.Empty<FunctionDecl>();
        }

        /// <summary>Every function exported under this symbol through an asm label (<c>__xpg_strerror_r</c> → <c>strerror_r</c>).</summary>
        public IReadOnlyList<FunctionDecl> FindFunctionsBySymbol(string symbol)
        {
            var map = _symbols;
            if (map == null)
            {
                map = new Dictionary<string, List<FunctionDecl>>(StringComparer.Ordinal);
                foreach (var f in Functions)
                {
                    if (f.Symbol.Length > 0)
                    {
                        if (!map.TryGetValue(f.Symbol, out var list))
                        {
                            map[f.Symbol] = list = new List<FunctionDecl>(1);
                        }

                        list.Add(f);
                    }
                }

                _symbols = map;
            }

            return map.TryGetValue(symbol, out var found) ? found : (IReadOnlyList<FunctionDecl>)Array.Empty<FunctionDecl>();
        }

        /// <summary>A struct or union by tag or typedef name.</summary>
        public RecordDecl? FindRecord(string name)
        {
            var map = _records ??= IndexWithAliases(Records, r => r.Aliases);
            return map.TryGetValue(name, out var r) ? r : null;
        }

        public EnumDecl? FindEnum(string name)
        {
            var map = _enums ??= IndexWithAliases(Enums, e => e.Aliases);
            return map.TryGetValue(name, out var e) ? e : null;
        }

        public TypedefDecl? FindTypedef(string name)
        {
            var map = _typedefs ??= IndexWithAliases(Typedefs, _ => Array.Empty<string>());
            return map.TryGetValue(name, out var t) ? t : null;
        }

        public IReadOnlyList<ConstantDecl> FindConstants(string name)
        {
            var map = _constants ??= Index(Constants);
            return map.TryGetValue(name, out var list) ? list : (IReadOnlyList<ConstantDecl>)Array.Empty<ConstantDecl>();
        }

        public IReadOnlyList<EnumeratorDecl> FindEnumerators(string name)
        {
            var map = _enumerators ??= IndexEnumerators(Enums);
            return map.TryGetValue(name, out var list) ? list : (IReadOnlyList<EnumeratorDecl>)Array.Empty<EnumeratorDecl>();
        }

        private static Dictionary<string, List<T>> Index<T>(List<T> items)
            where T : Declaration
        {
            var map = new Dictionary<string, List<T>>(items.Count, StringComparer.Ordinal);
            foreach (var item in items)
            {
                if (!map.TryGetValue(item.Name, out var list))
                {
                    map[item.Name] = list = new List<T>(1);
                }

                list.Add(item);
            }

            return map;
        }

        private static Dictionary<string, T> IndexWithAliases<T>(List<T> items, Func<T, IReadOnlyList<string>> aliases)
            where T : Declaration
        {
            var map = new Dictionary<string, T>(items.Count, StringComparer.Ordinal);
            foreach (var item in items)
            {
                if (!map.ContainsKey(item.Name))
                {
                    map[item.Name] = item;
                }

                foreach (var alias in aliases(item))
                {
                    if (!map.ContainsKey(alias))
                    {
                        map[alias] = item;
                    }
                }
            }

            return map;
        }

        private static Dictionary<string, List<EnumeratorDecl>> IndexEnumerators(List<EnumDecl> enums)
        {
            var map = new Dictionary<string, List<EnumeratorDecl>>(StringComparer.Ordinal);
            foreach (var e in enums)
            {
                foreach (var item in e.Enumerators)
                {
                    if (!map.TryGetValue(item.Name, out var list))
                    {
                        map[item.Name] = list = new List<EnumeratorDecl>(1);
                    }

                    list.Add(item);
                }
            }

            return map;
        }
    }

    /// <summary>The whole manifest: the header items and one <see cref="AbiManifest"/> per target ABI.</summary>
    public sealed class NativeManifest
    {
        /// <summary>Bumped whenever the file format changes incompatibly.</summary>
        public const int CurrentFormatVersion = 1;

        public int FormatVersion { get; set; } = CurrentFormatVersion;

        /// <summary>The tool that wrote it, e.g. <c>InteropLint.Scanner 0.1.0 (libclang 14.0.6)</c>.</summary>
        public string Generator { get; set; } = "";

        public List<ManifestHeader> Headers { get; set; } = new List<ManifestHeader>();

        public List<AbiManifest> Abis { get; set; } = new List<AbiManifest>();

        public AbiManifest? FindAbi(string target)
        {
            foreach (var abi in Abis)
            {
                if (string.Equals(abi.Target, target, StringComparison.Ordinal))
                {
                    return abi;
                }
            }

            return null;
        }
    }
}
