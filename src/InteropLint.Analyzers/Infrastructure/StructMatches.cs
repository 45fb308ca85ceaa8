using System.Collections.Generic;
using System.Threading;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers.Infrastructure
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

        /// <summary>Why it was matched: <c>used by deflateInit_</c>, <c>named like</c>, <c>nested in</c>.</summary>
        public string Reason { get; set; } = "";
    }

    /// <summary>
    /// Which C# structs of the compilation stand for which C records: those used in a P/Invoke bound to a
    /// header (by value, <c>ref</c>/<c>out</c>/<c>in</c>, pointer, array), those nested in such a struct, and
    /// those named like a header record (or carrying a <c>[NativeTypeName("...")]</c>-style attribute).
    /// Built once per compilation, on first use.
    /// </summary>
    internal sealed class StructMatches
    {
        private readonly Dictionary<INamedTypeSymbol, StructMatch> _used = new Dictionary<INamedTypeSymbol, StructMatch>(SymbolEqualityComparer.Default);
        private readonly InteropContext _interop;
        private readonly bool _runtimeMarshallingDisabled;

        private Dictionary<string, string?>? _normalizedNames;

        private StructMatches(Compilation compilation, InteropContext interop)
        {
            _interop = interop;
            foreach (var attribute in compilation.Assembly.GetAttributes())
            {
                if (attribute.AttributeClass?.Name == "DisableRuntimeMarshallingAttribute")
                {
                    _runtimeMarshallingDisabled = true;
                }
            }
        }

        public static StructMatches Build(Compilation compilation, InteropContext interop, CancellationToken cancellationToken)
        {
            var matches = new StructMatches(compilation, interop);
            var queue = new Queue<StructMatch>();
            matches.CollectSignatures(compilation.Assembly.GlobalNamespace, queue, cancellationToken);
            matches.CollectNested(queue, cancellationToken);
            return matches;
        }

        /// <summary>The C record a struct stands for, or null when it is neither used with a header's function nor named like a header record.</summary>
        public StructMatch? Find(INamedTypeSymbol type)
        {
            if (_used.TryGetValue(type, out var used))
            {
                return used;
            }

            var name = NativeTypeName(type) ?? type.Name;
            var record = _interop.Index.FindRecord(name);
            if (record is null && NormalizedNames.TryGetValue(FieldPairing.Normalize(name), out var cName) && cName != null)
            {
                // C# names its structs in PascalCase: DemoRecord stands for demo_record when no other record normalizes alike.
                name = cName;
                record = _interop.Index.FindRecord(cName);
            }

            if (record is null)
            {
                return null;
            }

            var match = new StructMatch(type, name, record) { Reason = "named like" };
            if (_runtimeMarshallingDisabled || ManagedLayout.IsBlittable(type, _interop.Types))
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

        private void CollectSignatures(INamespaceOrTypeSymbol container, Queue<StructMatch> queue, CancellationToken cancellationToken)
        {
            foreach (var member in container.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member is INamespaceOrTypeSymbol nested)
                {
                    CollectSignatures(nested, queue, cancellationToken);
                }
                else if (member is IMethodSymbol method && _interop.TryBind(method, out var pinvoke, out var function, cancellationToken))
                {
                    foreach (var slot in SignatureSlot.Enumerate(pinvoke, function, cancellationToken))
                    {
                        AddUse(slot, pinvoke, queue);
                    }
                }
            }
        }

        private void AddUse(SignatureSlot slot, PInvokeMethod pinvoke, Queue<StructMatch> queue)
        {
            var type = slot.Type;
            var native = slot.Native[0].Type;
            var inMemory = pinvoke.IsLibraryImport || _runtimeMarshallingDisabled;
            var byReference = slot.RefKind != RefKind.None;
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

            if (type.TypeKind != TypeKind.Struct || !(type is INamedTypeSymbol named) || named.IsGenericType || named.DeclaringSyntaxReferences.Length == 0)
            {
                return;
            }

            if ((native.Kind != CTypeKind.Struct && native.Kind != CTypeKind.Union) || native.DeclName is null)
            {
                return;
            }

            Add(named, NativeLayout.DisplayName(native), native.DeclName, inMemory, "used by " + pinvoke.EntryPoint, queue);
        }

        private void Add(INamedTypeSymbol type, string displayName, string declName, bool inMemory, string reason, Queue<StructMatch> queue)
        {
            if (!_used.TryGetValue(type, out var match))
            {
                var record = _interop.Index.FindRecord(declName);
                if (record is null)
                {
                    return;
                }

                _used[type] = match = new StructMatch(type, displayName, record) { Reason = reason };
                queue.Enqueue(match);
            }

            if (inMemory)
            {
                match.InMemory = true;
            }
            else
            {
                match.Marshalled = true;
            }
        }

        /// <summary>Structs nested in matched structs, paired with the C fields' record types.</summary>
        private void CollectNested(Queue<StructMatch> queue, CancellationToken cancellationToken)
        {
            var guard = 0;
            while (queue.Count > 0 && guard++ < 10_000)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var outer = queue.Dequeue();
                var record = outer.Record.First;
                foreach (var pair in FieldPairing.Pair(FieldPairing.InstanceFields(outer.Type), record.Fields))
                {
                    var fieldType = pair.Key.Type;
                    var native = pair.Value.Type;
                    while (native.Kind == CTypeKind.Array && native.Element != null)
                    {
                        native = native.Element;
                    }

                    if (fieldType is INamedTypeSymbol named && named.TypeKind == TypeKind.Struct && !named.IsGenericType && named.DeclaringSyntaxReferences.Length > 0
                        && (native.Kind == CTypeKind.Struct || native.Kind == CTypeKind.Union) && native.DeclName != null)
                    {
                        if (outer.InMemory)
                        {
                            Add(named, NativeLayout.DisplayName(native), native.DeclName, true, "nested in " + outer.Type.Name, queue);
                        }

                        if (outer.Marshalled)
                        {
                            Add(named, NativeLayout.DisplayName(native), native.DeclName, false, "nested in " + outer.Type.Name, queue);
                        }
                    }
                }
            }
        }

        /// <summary>The record name a generator's <c>[NativeTypeName("struct z_stream_s")]</c> gives, or null.</summary>
        private static string? NativeTypeName(INamedTypeSymbol type)
        {
            foreach (var attribute in type.GetAttributes())
            {
                var name = attribute.AttributeClass?.Name;
                if ((name == "NativeTypeNameAttribute" || name == "NativeTypeName") && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string value)
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
