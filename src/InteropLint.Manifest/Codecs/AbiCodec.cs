using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace InteropLint.Manifest
{
    /// <summary>
    /// One <see cref="AbiManifest"/>: its head, its type table, then each declaration list in a fixed order, one
    /// declaration per line. Each list's entity has its own codec; this one owns the section names and their order.
    /// </summary>
    internal static class AbiCodec
    {
        private const string Target = "target";
        private const string Triple = "triple";
        private const string Scanned = "scanned";
        private const string Types = "types";
        private const string Functions = "functions";
        private const string Records = "records";
        private const string Typedefs = "typedefs";
        private const string Enums = "enums";
        private const string Constants = "constants";
        private const string MacroAliases = "macroAliases";
        private const string Elsewhere = "elsewhere";
        private const string Ownership = "ownership";
        private const string Registrations = "registrations";
        private const string Diagnostics = "diagnostics";

        /// <summary>
        /// Sorts the ABI's declarations and interns, in the order <see cref="Write"/> meets them, their files into
        /// <paramref name="files"/> and their types into the ABI's own table: ids come out exactly as if they were
        /// assigned while writing, and both tables can be written before the declarations that refer to them.
        /// </summary>
        public static SortedAbi Intern(AbiManifest abi, FileTable files)
        {
            var sorted = new SortedAbi(abi);
            var types = sorted.Types;
            foreach (var f in sorted.Functions)
            {
                FunctionCodec.Intern(f, files, types);
            }

            foreach (var r in sorted.Records)
            {
                RecordCodec.Intern(r, files, types);
            }

            foreach (var t in sorted.Typedefs)
            {
                TypedefCodec.Intern(t, files, types);
            }

            foreach (var e in sorted.Enums)
            {
                EnumCodec.Intern(e, files, types);
            }

            foreach (var c in sorted.Constants)
            {
                files.Intern(c.File);
            }

            foreach (var m in sorted.MacroAliases)
            {
                files.Intern(m.File);
            }

            foreach (var e in sorted.Elsewhere)
            {
                files.Intern(e.File);
            }

            types.Frozen = true;
            return sorted;
        }

        public static void Write(StringBuilder sb, SortedAbi abi, FileTable files)
        {
            var types = abi.Types;
            var head = new JsonWriter(sb);
            sb.Append('\n');
            head.StartObject();
            head.Property(Target, abi.Source.Target);
            head.Property(Triple, abi.Source.Triple);
            head.Property(Scanned, abi.Source.Scanned);
            head.Name(Types);
            head.StartArray();
            for (var i = 0; i < types.Items.Count; i++)
            {
                sb.Append(i == 0 ? "\n" : ",\n").Append(types.Items[i]);
            }

            head.EndArray();
            sb.Append(',');

            // The declarations start a fresh writer (no leading comma), as the head ends with the comma above.
            var w = new JsonWriter(sb);
            WriteList(w, Functions, abi.Functions, f => FunctionCodec.Write(w, f, files, types));
            WriteList(w, Records, abi.Records, r => RecordCodec.Write(w, r, files, types));
            WriteList(w, Typedefs, abi.Typedefs, t => TypedefCodec.Write(w, t, files, types));
            WriteList(w, Enums, abi.Enums, e => EnumCodec.Write(w, e, files, types));
            WriteList(w, Constants, abi.Constants, c => ConstantCodec.Write(w, c, files));
            WriteList(w, MacroAliases, abi.MacroAliases, m => MacroAliasCodec.Write(w, m, files));
            if (abi.Elsewhere.Length > 0)
            {
                // Only when there is any, so manifests of headers without skipped blocks or siblings keep their bytes.
                WriteList(w, Elsewhere, abi.Elsewhere, e => ElsewhereCodec.Write(w, e, files));
            }

            WriteList(w, Ownership, abi.Ownership, o => OwnershipCodec.Write(w, o));
            WriteList(w, Registrations, abi.Registrations, g => RegistrationCodec.Write(w, g));
            WriteList(w, Diagnostics, abi.Source.Diagnostics, d => ScanDiagnosticCodec.Write(w, d));
            sb.Append('}');
        }

        public static AbiManifest Read(JsonReader r, List<string> files)
        {
            var tables = new ReadTables(files);
            string target = "", triple = "";
            var scanned = true;
            var functions = new List<FunctionDecl>();
            var records = new List<RecordDecl>();
            var typedefs = new List<TypedefDecl>();
            var enums = new List<EnumDecl>();
            var constants = new List<ConstantDecl>();
            var macroAliases = new List<MacroAliasDecl>();
            var elsewhere = new List<ElsewhereDecl>();
            var ownership = new List<OwnershipPair>();
            var registrations = new List<CallbackRegistration>();
            var diagnostics = new List<ScanDiagnostic>();
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                switch (name)
                {
                    case Target: target = r.ReadString(); break;
                    case Triple: triple = r.ReadString(); break;
                    case Scanned: scanned = r.ReadBool(); break;
                    case Types: ReadList(r, tables.Types, () => TypeCodec.Read(r, tables)); break;
                    case Functions: ReadList(r, functions, () => FunctionCodec.Read(r, tables)); break;
                    case Records: ReadList(r, records, () => RecordCodec.Read(r, tables)); break;
                    case Typedefs: ReadList(r, typedefs, () => TypedefCodec.Read(r, tables)); break;
                    case Enums: ReadList(r, enums, () => EnumCodec.Read(r, tables)); break;
                    case Constants: ReadList(r, constants, () => ConstantCodec.Read(r, tables)); break;
                    case MacroAliases: ReadList(r, macroAliases, () => MacroAliasCodec.Read(r, tables)); break;
                    case Elsewhere: ReadList(r, elsewhere, () => ElsewhereCodec.Read(r, tables)); break;
                    case Ownership: ReadList(r, ownership, () => OwnershipCodec.Read(r)); break;
                    case Registrations: ReadList(r, registrations, () => RegistrationCodec.Read(r)); break;
                    case Diagnostics: ReadList(r, diagnostics, () => ScanDiagnosticCodec.Read(r)); break;
                    default: r.Skip(); break;
                }
            }

            return new AbiManifest
            {
                Target = target,
                Triple = triple,
                Scanned = scanned,
                Functions = functions,
                Records = records,
                Typedefs = typedefs,
                Enums = enums,
                Constants = constants,
                MacroAliases = macroAliases,
                Elsewhere = elsewhere,
                Ownership = ownership,
                Registrations = registrations,
                Diagnostics = diagnostics,
            };
        }

        private static void WriteList<T>(JsonWriter w, string name, IReadOnlyList<T> items, Action<T> write)
        {
            w.Name(name);
            w.StartArray();
            foreach (var item in items)
            {
                w.NewLine();
                write(item);
            }

            w.EndArray();
        }

        private static void ReadList<T>(JsonReader r, List<T> into, Func<T> read)
        {
            r.StartArray();
            while (r.NextItem())
            {
                into.Add(read());
            }
        }

        /// <summary>One ABI's declarations in the order they are written, with the type table they fill.</summary>
        internal sealed class SortedAbi
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
                Elsewhere = abi.Elsewhere.OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Where).ThenBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ToArray();
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
        }
    }
}
