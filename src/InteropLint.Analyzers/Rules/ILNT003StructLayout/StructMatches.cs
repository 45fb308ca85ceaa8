using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>A C# struct and the C record it stands for, with the ways native code sees it.</summary>
    internal sealed class StructMatch
    {
        public StructMatch(INamedTypeSymbol type, string nativeName, NativeMatch<RecordDecl> record)
        {
            Type = type;
            NativeName = nativeName;
            Record = record;
        }

        public INamedTypeSymbol Type { get; }

        /// <summary>The C name as a person knows it (<c>z_stream</c>).</summary>
        public string NativeName { get; }

        public NativeMatch<RecordDecl> Record { get; }

        /// <summary>Passed by pointer, through LibraryImport, or with runtime marshalling disabled: the managed bytes.</summary>
        public bool InMemory { get; set; }

        /// <summary>Passed by value, <c>ref</c>/<c>out</c>/<c>in</c> or in an array through DllImport: the marshaller's copy.</summary>
        public bool Marshalled { get; set; }

        /// <summary>Matched because a bound P/Invoke, or a used struct it is nested in, uses it (not only by its name).</summary>
        public bool Used { get; set; }

        /// <summary>A P/Invoke parameter carries it (or a struct that holds it) to C: C may read or write all of it.</summary>
        public bool PassedToNative { get; set; }

        /// <summary>
        /// Native code gets managed memory holding it: by value, <c>ref</c>/<c>out</c>/<c>in</c>, an array element, or a
        /// field of such a struct. Used only behind pointers, it may be memory C allocated, so neither an empty
        /// struct (an opaque handle) nor its alignment makes a claim.
        /// </summary>
        public bool ManagedStorage { get; set; }

        /// <summary>A field of a struct native code sees: its bytes are part of that struct's layout, even when empty.</summary>
        public bool HeldInline { get; set; }

        /// <summary>
        /// A bound P/Invoke receives pointers to it from C (a <c>T*</c> return, <c>out T*</c>, <c>T**</c>): C allocates
        /// such records, so a pointer the binding passes back may be one C made.
        /// </summary>
        public bool HandedOutByNative { get; set; }
    }

    /// <summary>
    /// Which C# structs of the compilation stand for which C records: those used in a P/Invoke bound to a
    /// header (by value, <c>ref</c>/<c>out</c>/<c>in</c>, pointer, array), those nested in such a struct, and
    /// those named like a header record (or carrying a <c>[NativeTypeName("...")]</c>-style attribute).
    /// Decided per struct, on demand: the P/Invokes and structs that can use a struct are found by name in
    /// each tree's <see cref="StructUseIndex"/>, and only those are bound. So checking the structs of one
    /// edited document binds a handful of P/Invokes, not every P/Invoke of the compilation.
    /// </summary>
    internal sealed class StructMatches
    {
        /// <summary>How deep "nested in a struct nested in a struct …" is followed (C# forbids cycles; broken code may not).</summary>
        private const int MaxNesting = 8;

        private readonly ConcurrentDictionary<INamedTypeSymbol, StructMatch?> _matches = new ConcurrentDictionary<INamedTypeSymbol, StructMatch?>(SymbolEqualityComparer.Default);

        /// <summary>Per nesting depth, <see cref="FindUsed"/> of the outer structs met at that depth (see <see cref="FindUsedAt"/>).</summary>
        private readonly ConcurrentDictionary<INamedTypeSymbol, StructMatch?>[] _usedAtDepth = Enumerable.Range(0, MaxNesting + 2)
            .Select(_ => new ConcurrentDictionary<INamedTypeSymbol, StructMatch?>(SymbolEqualityComparer.Default)).ToArray();

        private readonly Compilation _compilation;
        private readonly InteropContext _interop;
        private readonly bool _runtimeMarshallingDisabled;

        private Dictionary<string, string?>? _normalizedNames;
        private List<KeyValuePair<string, HashSet<string>>>? _globalAliases;
        private (SyntaxTree Tree, StructUseIndex Index)[]? _trees;
        private object? _reachLock;
        private bool _reachMade;
        private NativeReach? _reach;

        public StructMatches(Compilation compilation, InteropContext interop)
        {
            _compilation = compilation;
            _interop = interop;
            _runtimeMarshallingDisabled = MarshallingInfoParser.For(compilation).RuntimeMarshallingDisabled;
        }

        /// <summary>The C record a struct stands for, or null when it is neither used with a header's function nor named like a header record.</summary>
        public StructMatch? Find(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            if (_matches.TryGetValue(type, out var known))
            {
                return known;
            }

            var match = FindUsed(type, 0, cancellationToken) ?? FindNamedLike(type, cancellationToken);
            return _matches.GetOrAdd(type, match);
        }

        /// <summary>The record a struct stands for because a bound P/Invoke, or a struct it is nested in, uses it.</summary>
        private StructMatch? FindUsed(INamedTypeSymbol type, int depth, CancellationToken cancellationToken)
        {
            if (!IsCandidate(type))
            {
                return null;
            }

            var names = NamesFor(type);
            StructMatch? match = null;
            foreach (var symbol in Declared(names, (index, name) => index.SignaturesMentioning(name), cancellationToken))
            {
                if (symbol is IMethodSymbol method && _interop.Bind(method) is BoundPInvoke bound)
                {
                    foreach (var slot in bound.Slots)
                    {
                        AddUse(type, slot, bound.PInvoke, ref match);
                    }
                }
            }

            if (depth < MaxNesting)
            {
                foreach (var symbol in Declared(names, (index, name) => index.StructsWithFieldsMentioning(name), cancellationToken))
                {
                    if (symbol is INamedTypeSymbol outer && !SymbolEqualityComparer.Default.Equals(outer, type))
                    {
                        AddNested(type, outer, depth, ref match, cancellationToken);
                    }
                }
            }

            return match;
        }

        /// <summary>The symbols of the declarations an index selects by any of <paramref name="names"/>, tree by tree.</summary>
        private IEnumerable<ISymbol?> Declared(List<string> names, System.Func<StructUseIndex, string, IEnumerable<SyntaxNode>> select, CancellationToken cancellationToken)
        {
            foreach (var (tree, index) in Trees)
            {
                SemanticModel? model = null;
                foreach (var name in names)
                {
                    foreach (var declaration in select(index, name))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        model ??= _compilation.GetSemanticModel(tree);
                        yield return model.GetDeclaredSymbol(declaration, cancellationToken);
                    }
                }
            }
        }

        /// <summary>Each syntax tree with its index, looked up once per compilation.</summary>
        private (SyntaxTree Tree, StructUseIndex Index)[] Trees
        {
            get
            {
                var trees = _trees;
                if (trees is null)
                {
                    var list = new List<(SyntaxTree, StructUseIndex)>();
                    foreach (var tree in _compilation.SyntaxTrees)
                    {
                        list.Add((tree, StructUseIndex.For(tree)));
                    }

                    _trees = trees = list.ToArray();
                }

                return trees;
            }
        }

        /// <summary>The compilation's <see cref="NativeReach"/>, made by the first struct that asks.</summary>
        private NativeReach Reach => LazyInitializer.EnsureInitialized(ref _reach, ref _reachMade, ref _reachLock, () => new NativeReach(_compilation, Trees))!;

        private bool IsCandidate(INamedTypeSymbol type) =>
            (type.TypeKind == TypeKind.Struct || ManagedLayout.IsFormattedClass(type, _interop.Types)) && !type.IsGenericType && type.DeclaringSyntaxReferences.Length > 0;

        /// <summary>The struct's name and the global aliases that stand for it.</summary>
        private List<string> NamesFor(INamedTypeSymbol type)
        {
            var names = new List<string>(1) { type.Name };
            var aliases = _globalAliases;
            if (aliases is null)
            {
                aliases = new List<KeyValuePair<string, HashSet<string>>>();
                foreach (var (_, index) in Trees)
                {
                    aliases.AddRange(index.GlobalAliases);
                }

                _globalAliases = aliases;
            }

            foreach (var alias in aliases)
            {
                if (alias.Value.Contains(type.Name) && !names.Contains(alias.Key))
                {
                    names.Add(alias.Key);
                }
            }

            return names;
        }

        /// <summary>
        /// The record a struct stands for by its name (<c>z_stream</c>, <c>ZStream</c>, <c>[NativeTypeName]</c>), when the struct
        /// can reach native code (<see cref="NativeReach"/>): bindings keep managed structs named like C records.
        /// </summary>
        private StructMatch? FindNamedLike(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var name = NativeTypeName(type) ?? type.Name;
            var record = _interop.Index.FindRecord(name);
            if (record is null && NormalizedNames.TryGetValue(FieldPairing.Normalize(name), out var cName) && cName != null)
            {
                // C# names its structs in PascalCase: DemoRecord stands for demo_record when no other record normalizes alike.
                name = cName;
                record = _interop.Index.FindRecord(cName);
            }

            if (record is null || !Reach.Reaches(NamesFor(type), cancellationToken))
            {
                return null;
            }

            var match = new StructMatch(type, name, record);
            if (type.TypeKind == TypeKind.Class)
            {
                match.Marshalled = true; // a formatted class reaches C only as the marshaller's copy
            }
            else if (_runtimeMarshallingDisabled || Blittability.IsBlittable(type, _interop.Types))
            {
                match.InMemory = true;
            }
            else
            {
                match.Marshalled = true;
            }

            return match;
        }

        /// <summary>Record and typedef names keyed by <see cref="FieldPairing.Normalize"/>; null values mark names two records share.</summary>
        private Dictionary<string, string?> NormalizedNames
        {
            get
            {
                var names = _normalizedNames;
                if (names != null)
                {
                    return names;
                }

                names = new Dictionary<string, string?>(System.StringComparer.Ordinal);
                foreach (var (manifest, abi) in _interop.Index.Abis)
                {
                    foreach (var record in abi.Records)
                    {
                        if (!FromHeaderItem(record, manifest))
                        {
                            continue; // a PascalCase name may stand for the library's records, not for the system's
                        }

                        var key = FieldPairing.Normalize(record.Name);
                        foreach (var alias in record.Aliases)
                        {
                            Note(names, FieldPairing.Normalize(alias), alias, record);
                        }

                        Note(names, key, record.Name, record);
                    }
                }

                return _normalizedNames = names;
            }
        }

        /// <summary>Whether the record is declared in a header the project listed (zlib.h), or in the folder named after it (lzma.h → lzma/).</summary>
        private static bool FromHeaderItem(RecordDecl record, NativeManifest manifest)
        {
            if (record.Header < 0 || record.Header >= manifest.Headers.Count)
            {
                return false;
            }

            var item = manifest.Headers[record.Header].Path.Replace('\\', '/');
            var file = record.File.Replace('\\', '/');
            var dot = item.LastIndexOf('.');
            var folder = (dot > item.LastIndexOf('/') ? item.Substring(0, dot) : item) + "/";
            if (!item.StartsWith("/", System.StringComparison.Ordinal) && !(item.Length > 1 && item[1] == ':'))
            {
                // A relative item path: compare the ends.
                item = "/" + item.TrimStart('.', '/');
                folder = "/" + folder.TrimStart('.', '/');
                return file.EndsWith(item, System.StringComparison.Ordinal) || file.IndexOf(folder, System.StringComparison.Ordinal) >= 0;
            }

            return string.Equals(file, item, System.StringComparison.Ordinal) || file.StartsWith(folder, System.StringComparison.Ordinal);
        }

        private static void Note(Dictionary<string, string?> names, string key, string name, RecordDecl record)
        {
            if (key.Length == 0 || name.IndexOf('.') >= 0)
            {
                return; // tagless nested records have scanner-made names
            }

            if (!names.TryGetValue(key, out var existing))
            {
                names[key] = name;
            }
            else if (existing != null && existing != name && !SameRecord(existing, record))
            {
                names[key] = null;
            }
        }

        private static bool SameRecord(string name, RecordDecl record)
        {
            if (record.Name == name)
            {
                return true;
            }

            foreach (var alias in record.Aliases)
            {
                if (alias == name)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Notes how a P/Invoke's slot uses <paramref name="target"/>, if it does, paired with the C type at the same position.</summary>
        private void AddUse(INamedTypeSymbol target, SignatureSlot slot, PInvokeMethod pinvoke, ref StructMatch? match)
        {
            var type = slot.Type;
            var native = slot.Native[0].Type;
            var inMemory = pinvoke.IsLibraryImport || _runtimeMarshallingDisabled;
            var byReference = slot.RefKind != RefKind.None;
            var behindPointer = false;
            var pointers = 0;
            for (var depth = 0; depth < 8; depth++)
            {
                if (byReference)
                {
                    byReference = false;
                }
                else if (type is IPointerTypeSymbol pointer)
                {
                    type = pointer.PointedAtType;
                    inMemory = true;
                    behindPointer = true;
                    pointers++;
                }
                else if (type is IArrayTypeSymbol array)
                {
                    type = array.ElementType;
                }
                else
                {
                    break;
                }

                var inner = native.Kind == CTypeKind.Pointer ? native.Pointee : native.Kind == CTypeKind.Array ? native.Element : null;
                if (inner is null)
                {
                    return;
                }

                native = inner;
            }

            if (!SymbolEqualityComparer.Default.Equals(type, target))
            {
                return;
            }

            if (type.TypeKind == TypeKind.Class && slot.RefKind == RefKind.None && native.Kind == CTypeKind.Pointer && native.Pointee != null)
            {
                // A formatted class is passed as a pointer to the marshaller's copy of it.
                native = native.Pointee;
            }

            if ((native.Kind != CTypeKind.Struct && native.Kind != CTypeKind.Union) || native.DeclName is null)
            {
                return;
            }

            if (Add(target, NativeLayout.DisplayName(native), native.DeclName, inMemory, ref match))
            {
                // The marshaller's copy of a formatted class is memory the runtime allocated, too.
                match!.PassedToNative |= !slot.IsReturn;
                match.ManagedStorage |= !behindPointer;
                match.HandedOutByNative |= behindPointer && (slot.IsReturn || slot.RefKind != RefKind.None || pointers > 1);
            }
        }

        /// <summary>Notes <paramref name="target"/> as nested in <paramref name="outer"/> when the outer struct is used and its C field holds a record.</summary>
        private void AddNested(INamedTypeSymbol target, INamedTypeSymbol outer, int depth, ref StructMatch? match, CancellationToken cancellationToken)
        {
            var outerMatch = depth == 0 ? FindUsedCached(outer, cancellationToken) : FindUsedAt(outer, depth + 1, cancellationToken);
            if (outerMatch is null)
            {
                return;
            }

            foreach (var pair in FieldPairing.Pair(FieldPairing.InstanceFields(outer), outerMatch.Record.First.Fields))
            {
                var native = pair.Value.Type;
                while (native.Kind == CTypeKind.Array && native.Element != null)
                {
                    native = native.Element;
                }

                if (SymbolEqualityComparer.Default.Equals(pair.Key.Type, target) && (native.Kind == CTypeKind.Struct || native.Kind == CTypeKind.Union) && native.DeclName != null)
                {
                    if (outerMatch.InMemory)
                    {
                        Add(target, NativeLayout.DisplayName(native), native.DeclName, true, ref match);
                    }

                    if (outerMatch.Marshalled)
                    {
                        Add(target, NativeLayout.DisplayName(native), native.DeclName, false, ref match);
                    }

                    if (match != null)
                    {
                        match.PassedToNative |= outerMatch.PassedToNative;
                        match.ManagedStorage |= outerMatch.ManagedStorage;
                        match.HeldInline = true;
                    }
                }
            }
        }

        /// <summary>
        /// <see cref="FindUsed"/> of an outer struct at a nesting depth, remembered: its result depends only on the struct
        /// and the depth, and without it every path up a struct's holders is walked again (exponential in
        /// <see cref="MaxNesting"/> on bindings where many structs hold many others, such as twelve real libraries').
        /// The matches kept here are only read (by <see cref="AddNested"/>), never handed out.
        /// </summary>
        private StructMatch? FindUsedAt(INamedTypeSymbol outer, int depth, CancellationToken cancellationToken)
        {
            var remembered = _usedAtDepth[depth];
            if (remembered.TryGetValue(outer, out var known))
            {
                return known;
            }

            return remembered.GetOrAdd(outer, FindUsed(outer, depth, cancellationToken));
        }

        /// <summary>An outer struct's use, remembered for every struct nested in it.</summary>
        private StructMatch? FindUsedCached(INamedTypeSymbol outer, CancellationToken cancellationToken)
        {
            if (_matches.TryGetValue(outer, out var known))
            {
                return known != null && known.Used ? known : null;
            }

            var used = FindUsed(outer, 1, cancellationToken);
            if (used != null)
            {
                _matches.TryAdd(outer, used);
            }

            return used;
        }

        /// <summary>Notes the use; false when the record is not in the manifest (then nothing was noted).</summary>
        private bool Add(INamedTypeSymbol type, string displayName, string declName, bool inMemory, ref StructMatch? match)
        {
            if (match is null)
            {
                var record = _interop.Index.FindRecord(declName);
                if (record is null)
                {
                    return false;
                }

                match = new StructMatch(type, displayName, record) { Used = true };
            }

            if (inMemory)
            {
                match.InMemory = true;
            }
            else
            {
                match.Marshalled = true;
            }

            return true;
        }

        /// <summary>Whether an attribute's name is a generator's <c>NativeTypeName</c> (matched by name: each generator declares its own).</summary>
        internal static bool IsNativeTypeNameAttribute(string? name) => name == "NativeTypeNameAttribute" || name == "NativeTypeName";

        /// <summary>The record name a generator's <c>[NativeTypeName("struct z_stream_s")]</c> gives, or null.</summary>
        private static string? NativeTypeName(INamedTypeSymbol type)
        {
            foreach (var attribute in type.GetAttributes())
            {
                if (IsNativeTypeNameAttribute(attribute.AttributeClass?.Name) && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string value)
                {
                    value = value.Trim();
                    foreach (var prefix in new[] { "const ", "struct ", "union " })
                    {
                        if (value.StartsWith(prefix, System.StringComparison.Ordinal))
                        {
                            value = value.Substring(prefix.Length).Trim();
                        }
                    }

                    return value.Length > 0 ? value : null;
                }
            }

            return null;
        }
    }
}
