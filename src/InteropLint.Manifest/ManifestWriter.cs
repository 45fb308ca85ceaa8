using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace InteropLint.Manifest
{
    /// <summary>
    /// Writes a manifest as JSON. Deterministic: declarations are sorted, types are interned
    /// in order of first use, nothing depends on time or machine — the same headers give a
    /// byte-identical file.
    /// </summary>
    public static class ManifestWriter
    {
        public static string Write(NativeManifest manifest) => Build(manifest).ToString();

        public static void WriteFile(NativeManifest manifest, string path)
        {
            var text = Build(manifest);
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            var bytes = Utf8Bytes.Encode(text);
            Utf8Bytes.WriteIfChanged(path, bytes.Buffer, bytes.Length);
        }

        /// <summary>Writes UTF-8 text, leaving an identical file untouched so its timestamp keeps incremental builds quiet.</summary>
        public static void WriteTextIfChanged(string path, string text)
        {
            var bytes = Utf8Bytes.Encoding.GetBytes(text);
            Utf8Bytes.WriteIfChanged(path, bytes, bytes.Length);
        }

        /// <summary>
        /// The whole manifest in one builder. The file table comes before the ABIs and each ABI's type table before
        /// its declarations, so a first pass interns files and types in the order the declarations are written;
        /// the ABIs are then written straight into the output instead of being assembled from intermediate strings.
        /// </summary>
        private static StringBuilder Build(NativeManifest manifest)
        {
            if (manifest is null)
            {
                throw new ArgumentNullException(nameof(manifest));
            }

            var files = new FileTable();
            var abis = new List<SortedAbi>();
            foreach (var abi in manifest.Abis.OrderBy(a => a.Target, StringComparer.Ordinal))
            {
                var sorted = new SortedAbi(abi);
                sorted.Intern(files);
                sorted.Types.Frozen = true;
                abis.Add(sorted);
            }

            var sb = new StringBuilder();
            var w = new JsonWriter(sb);
            w.StartObject();
            w.Property("format", manifest.FormatVersion);
            w.Property("generator", manifest.Generator);
            w.NewLine();
            w.Name("headers");
            w.StartArray();
            foreach (var h in manifest.Headers)
            {
                w.StartObject();
                w.Property("path", h.Path);
                w.Property("library", h.Library);
                WriteStrings(w, "includePaths", h.IncludePaths);
                WriteStrings(w, "defines", h.Defines);
                w.EndObject();
            }

            w.EndArray();
            w.NewLine();
            w.Name("files");
            w.StartArray();
            files.Frozen = true;
            foreach (var f in files.Items)
            {
                w.Value(f);
            }

            w.EndArray();
            w.NewLine();
            w.Name("abis");
            w.StartArray();
            for (var i = 0; i < abis.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                WriteAbi(sb, abis[i], files);
            }

            sb.Append("]}\n");
            return sb;
        }

        private static void WriteAbi(StringBuilder sb, SortedAbi abi, FileTable files)
        {
            var types = abi.Types;
            var head = new JsonWriter(sb);
            sb.Append('\n');
            head.StartObject();
            head.Property("target", abi.Source.Target);
            head.Property("triple", abi.Source.Triple);
            head.Property("scanned", abi.Source.Scanned);
            head.Name("types");
            head.StartArray();
            for (var i = 0; i < types.Items.Count; i++)
            {
                sb.Append(i == 0 ? "\n" : ",\n").Append(types.Items[i]);
            }

            head.EndArray();
            sb.Append(',');

            // The declarations start a fresh writer (no leading comma), as the head ends with the comma above.
            var w = new JsonWriter(sb);
            w.Name("functions");
            w.StartArray();
            foreach (var f in abi.Functions)
            {
                w.NewLine();
                w.StartObject();
                WriteDecl(w, f, files);
                w.Property("return", types.Intern(f.Return));
                w.Name("params");
                w.StartArray();
                foreach (var p in f.Parameters)
                {
                    w.StartObject();
                    w.Property("name", p.Name);
                    w.Property("type", types.Intern(p.Type));
                    w.EndObject();
                }

                w.EndArray();
                if (f.IsVariadic)
                {
                    w.Property("variadic", true);
                }

                if (f.CallingConvention != "c")
                {
                    w.Property("cc", f.CallingConvention);
                }

                WriteStrings(w, "attributes", f.Attributes);
                if (f.Symbol.Length > 0)
                {
                    w.Property("symbol", f.Symbol);
                }

                w.EndObject();
            }

            w.EndArray();

            w.Name("records");
            w.StartArray();
            foreach (var r in abi.Records)
            {
                w.NewLine();
                w.StartObject();
                WriteDecl(w, r, files);
                w.Property("kind", r.Kind == CTypeKind.Union ? "union" : "struct");
                w.Property("size", r.Size);
                w.Property("align", r.Align);
                if (r.IsPacked)
                {
                    w.Property("packed", true);
                }

                WriteStrings(w, "aliases", r.Aliases);
                w.Name("fields");
                w.StartArray();
                foreach (var field in r.Fields)
                {
                    w.StartObject();
                    w.Property("name", field.Name);
                    w.Property("type", types.Intern(field.Type));
                    w.Property("offset", field.OffsetBits);
                    if (field.BitWidth >= 0)
                    {
                        w.Property("bits", field.BitWidth);
                    }

                    w.EndObject();
                }

                w.EndArray();
                w.EndObject();
            }

            w.EndArray();

            w.Name("typedefs");
            w.StartArray();
            foreach (var t in abi.Typedefs)
            {
                w.NewLine();
                w.StartObject();
                WriteDecl(w, t, files);
                w.Property("type", types.Intern(t.Type));
                w.EndObject();
            }

            w.EndArray();

            w.Name("enums");
            w.StartArray();
            foreach (var e in abi.Enums)
            {
                w.NewLine();
                w.StartObject();
                WriteDecl(w, e, files);
                w.Property("type", types.Intern(e.IntegerType));
                WriteStrings(w, "aliases", e.Aliases);
                w.Name("values");
                w.StartArray();
                foreach (var v in e.Enumerators)
                {
                    w.StartObject();
                    w.Property("name", v.Name);
                    w.Property("value", v.Value);
                    w.EndObject();
                }

                w.EndArray();
                w.EndObject();
            }

            w.EndArray();

            w.Name("constants");
            w.StartArray();
            foreach (var c in abi.Constants)
            {
                w.NewLine();
                w.StartObject();
                WriteDecl(w, c, files);
                w.Property("value", c.Value);
                w.Property("text", c.Text);
                w.EndObject();
            }

            w.EndArray();

            w.Name("macroAliases");
            w.StartArray();
            foreach (var m in abi.MacroAliases)
            {
                w.NewLine();
                w.StartObject();
                WriteDecl(w, m, files);
                w.Property("target", m.Target);
                w.EndObject();
            }

            w.EndArray();

            if (abi.Elsewhere.Length > 0)
            {
                // Only when there is any, so manifests of headers without skipped blocks or siblings keep their bytes.
                w.Name("elsewhere");
                w.StartArray();
                foreach (var e in abi.Elsewhere)
                {
                    w.NewLine();
                    w.StartObject();
                    WriteDecl(w, e, files);
                    w.Property("where", e.Where);
                    w.EndObject();
                }

                w.EndArray();
            }

            w.Name("ownership");
            w.StartArray();
            foreach (var o in abi.Ownership)
            {
                w.NewLine();
                w.StartObject();
                w.Property("allocator", o.Allocator);
                w.Property("deallocator", o.Deallocator);
                w.Property("reason", o.Reason);
                if (o.Evidence.Length > 0)
                {
                    w.Property("evidence", o.Evidence);
                }

                if (o.OutParameter >= 0)
                {
                    w.Property("outParameter", o.OutParameter);
                }

                w.EndObject();
            }

            w.EndArray();

            w.Name("registrations");
            w.StartArray();
            foreach (var g in abi.Registrations)
            {
                w.NewLine();
                w.StartObject();
                w.Property("function", g.Function);
                w.Property("keeps", g.Keeps);
                w.Property("reason", g.Reason);
                w.Property("evidence", g.Evidence);
                w.EndObject();
            }

            w.EndArray();

            w.Name("diagnostics");
            w.StartArray();
            foreach (var d in abi.Source.Diagnostics)
            {
                w.NewLine();
                w.StartObject();
                w.Property("severity", d.Severity.ToString().ToLowerInvariant());
                if (d.Code.Length > 0)
                {
                    w.Property("code", d.Code);
                }

                w.Property("file", d.File);
                w.Property("line", d.Line);
                w.Property("column", d.Column);
                w.Property("message", d.Message);
                if (d.Header >= 0)
                {
                    w.Property("header", d.Header);
                }

                w.EndObject();
            }

            w.EndArray();
            sb.Append('}');
        }

        private static void WriteDecl(JsonWriter w, Declaration d, FileTable files)
        {
            w.Property("name", d.Name);
            w.Property("file", files.Intern(d.File));
            w.Property("line", d.Line);
            w.Property("header", d.Header);
            if (d.Unresolved.Length > 0)
            {
                w.Property("unresolved", d.Unresolved);
            }
        }

        private static void WriteStrings(JsonWriter w, string name, IReadOnlyList<string> values)
        {
            if (values.Count == 0)
            {
                return;
            }

            w.Name(name);
            w.StartArray();
            foreach (var v in values)
            {
                w.Value(v);
            }

            w.EndArray();
        }

        internal static string KindName(CTypeKind kind) => kind switch
        {
            CTypeKind.Void => "void",
            CTypeKind.Bool => "bool",
            CTypeKind.Char => "char",
            CTypeKind.Integer => "int",
            CTypeKind.Float => "float",
            CTypeKind.Pointer => "pointer",
            CTypeKind.Struct => "struct",
            CTypeKind.Union => "union",
            CTypeKind.Enum => "enum",
            CTypeKind.Array => "array",
            CTypeKind.Function => "function",
            _ => "unknown",
        };

        /// <summary>The first pass (<see cref="SortedAbi.Intern"/>) must meet every file and type the writing meets.</summary>
        private static void ThrowIfFrozen(bool frozen)
        {
            if (frozen)
            {
                throw new InvalidOperationException("manifest writer: a declaration refers to a file or type the first pass did not intern");
            }
        }

        private sealed class FileTable
        {
            private readonly Dictionary<string, int> _ids = new Dictionary<string, int>(StringComparer.Ordinal);

            public List<string> Items { get; } = new List<string>();

            /// <summary>Set once the table is final (written before the declarations that refer to it): a new entry then is a writer bug.</summary>
            public bool Frozen { get; set; }

            public int Intern(string file)
            {
                if (!_ids.TryGetValue(file, out var id))
                {
                    ThrowIfFrozen(Frozen);
                    id = Items.Count;
                    _ids[file] = id;
                    Items.Add(file);
                }

                return id;
            }
        }

        /// <summary>
        /// One ABI's declarations in the order they are written, with its type table filled in that same order:
        /// ids come out exactly as if they were assigned while writing.
        /// </summary>
        private sealed class SortedAbi
        {
            public SortedAbi(AbiManifest abi)
            {
                Source = abi;
                Functions = abi.Functions.OrderBy(f => f.Name, StringComparer.Ordinal).ThenBy(f => f.Header).ToArray();
                Records = abi.Records.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Header).ToArray();
                Typedefs = abi.Typedefs.OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Header).ToArray();
                Enums = abi.Enums.OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Header).ToArray();
                Constants = abi.Constants.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Header).ToArray();
                MacroAliases = abi.MacroAliases.OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Header).ToArray();
                Elsewhere = abi.Elsewhere.OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Where, StringComparer.Ordinal).ThenBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ToArray();
                Ownership = abi.Ownership.OrderBy(o => o.Allocator, StringComparer.Ordinal).ThenBy(o => o.OutParameter).ThenBy(o => o.Deallocator, StringComparer.Ordinal).ToArray();
                Registrations = abi.Registrations.OrderBy(g => g.Function, StringComparer.Ordinal).ToArray();
            }

            public AbiManifest Source { get; }

            public TypeTable Types { get; } = new TypeTable();

            public FunctionDecl[] Functions { get; }

            public RecordDecl[] Records { get; }

            public TypedefDecl[] Typedefs { get; }

            public EnumDecl[] Enums { get; }

            public ConstantDecl[] Constants { get; }

            public MacroAliasDecl[] MacroAliases { get; }

            public OwnershipPair[] Ownership { get; }

            public CallbackRegistration[] Registrations { get; }

            public ElsewhereDecl[] Elsewhere { get; }

            /// <summary>Interns files and types in the order <see cref="WriteAbi"/> first meets them.</summary>
            public void Intern(FileTable files)
            {
                foreach (var f in Functions)
                {
                    files.Intern(f.File);
                    Types.Intern(f.Return);
                    foreach (var p in f.Parameters)
                    {
                        Types.Intern(p.Type);
                    }
                }

                foreach (var r in Records)
                {
                    files.Intern(r.File);
                    foreach (var field in r.Fields)
                    {
                        Types.Intern(field.Type);
                    }
                }

                foreach (var t in Typedefs)
                {
                    files.Intern(t.File);
                    Types.Intern(t.Type);
                }

                foreach (var e in Enums)
                {
                    files.Intern(e.File);
                    Types.Intern(e.IntegerType);
                }

                foreach (var c in Constants)
                {
                    files.Intern(c.File);
                }

                foreach (var m in MacroAliases)
                {
                    files.Intern(m.File);
                }

                foreach (var e in Elsewhere)
                {
                    files.Intern(e.File);
                }
            }
        }

        /// <summary>Interns types by their serialized form; children are interned first, so ids only refer backwards.</summary>
        private sealed class TypeTable
        {
            private readonly Dictionary<string, int> _ids = new Dictionary<string, int>(StringComparer.Ordinal);
            private readonly Dictionary<CType, int> _byReference = new Dictionary<CType, int>(ReferenceEqualityComparer.Instance);

            // One builder for every type's JSON: interning a 10k-function header builds tens of thousands of them.
            private readonly StringBuilder _json = new StringBuilder();

            public List<string> Items { get; } = new List<string>();

            /// <summary>Set once the first pass has met every type the ABI's declarations use.</summary>
            public bool Frozen { get; set; }

            public int Intern(CType type)
            {
                if (_byReference.TryGetValue(type, out var known))
                {
                    return known;
                }

                var pointee = type.Pointee is null ? -1 : Intern(type.Pointee);
                var element = type.Element is null ? -1 : Intern(type.Element);
                var ret = type.Return is null ? -1 : Intern(type.Return);
                var parameters = new int[type.Parameters.Count];
                for (var i = 0; i < parameters.Length; i++)
                {
                    parameters[i] = Intern(type.Parameters[i]);
                }

                var sb = _json.Clear();
                var w = new JsonWriter(sb);
                w.StartObject();
                w.Property("kind", KindName(type.Kind));
                w.Property("spelling", type.Spelling);
                w.Property("size", type.Size);
                w.Property("align", type.Align);
                if (type.IsSigned)
                {
                    w.Property("signed", true);
                }

                if (type.IsConst)
                {
                    w.Property("const", true);
                }

                WriteStrings(w, "typedefs", type.Typedefs);
                if (pointee >= 0)
                {
                    w.Property("pointee", pointee);
                }

                if (element >= 0)
                {
                    w.Property("element", element);
                    w.Property("length", type.ArrayLength);
                }

                if (type.DeclName != null)
                {
                    w.Property("decl", type.DeclName);
                }

                if (type.Kind == CTypeKind.Function)
                {
                    if (ret >= 0)
                    {
                        w.Property("return", ret);
                    }

                    w.Name("params");
                    w.StartArray();
                    foreach (var p in parameters)
                    {
                        w.Value(p);
                    }

                    w.EndArray();
                    if (type.IsVariadic)
                    {
                        w.Property("variadic", true);
                    }

                    if (type.CallingConvention != null)
                    {
                        w.Property("cc", type.CallingConvention);
                    }
                }

                w.EndObject();
                var key = sb.ToString();
                if (!_ids.TryGetValue(key, out var id))
                {
                    ThrowIfFrozen(Frozen);
                    id = Items.Count;
                    _ids[key] = id;
                    Items.Add(key);
                }

                _byReference[type] = id;
                return id;
            }
        }

        private sealed class ReferenceEqualityComparer : IEqualityComparer<CType>
        {
            public static readonly ReferenceEqualityComparer Instance = new ReferenceEqualityComparer();

            public bool Equals(CType? x, CType? y) => ReferenceEquals(x, y);

            public int GetHashCode(CType obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
        }
    }
}
