using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace InteropLint.Manifest
{
    /// <summary>
    /// The manifest's file table on the write side: declarations name their file by index. Filled by the first pass
    /// (<see cref="AbiCodec.Intern"/>) and written before the ABIs that refer to it.
    /// </summary>
    internal sealed class FileTable
    {
        private readonly Dictionary<string, int> _ids = new Dictionary<string, int>(StringComparer.Ordinal);

        public List<string> Items { get; } = new List<string>();

        /// <summary>Set once the table is final (written before the declarations that refer to it): a new entry then is a writer bug.</summary>
        public bool Frozen { get; set; }

        public int Intern(string file)
        {
            if (!_ids.TryGetValue(file, out var id))
            {
                CodecTables.ThrowIfFrozen(Frozen);
                id = Items.Count;
                _ids[file] = id;
                Items.Add(file);
            }

            return id;
        }
    }

    /// <summary>
    /// One ABI's type table on the write side: types interned by their serialized form (<see cref="TypeCodec.Write"/>),
    /// children first, so ids only refer backwards.
    /// </summary>
    internal sealed class TypeTable
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
            TypeCodec.Write(new JsonWriter(sb), type, pointee, element, ret, parameters);
            var key = sb.ToString();
            if (!_ids.TryGetValue(key, out var id))
            {
                CodecTables.ThrowIfFrozen(Frozen);
                id = Items.Count;
                _ids[key] = id;
                Items.Add(key);
            }

            _byReference[type] = id;
            return id;
        }

        private sealed class ReferenceEqualityComparer : IEqualityComparer<CType>
        {
            public static readonly ReferenceEqualityComparer Instance = new ReferenceEqualityComparer();

            public bool Equals(CType? x, CType? y) => ReferenceEquals(x, y);

            public int GetHashCode(CType obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
        }
    }

    /// <summary>The read side's tables: the manifest's files, and the current ABI's types read so far.</summary>
    internal sealed class ReadTables
    {
        public ReadTables(List<string> files) => Files = files;

        public List<string> Files { get; }

        public List<CType> Types { get; } = new List<CType>();

        /// <summary>A file index, checked.</summary>
        public string File(JsonReader r)
        {
            var index = r.ReadInt();
            if (index < 0 || index >= Files.Count)
            {
                throw new ManifestFormatException("file index " + index.ToString(CultureInfo.InvariantCulture) + " out of range");
            }

            return Files[index];
        }

        /// <summary>A type index, checked: a type refers only to types before it, a declaration to any of its ABI's.</summary>
        public CType Type(JsonReader r)
        {
            var index = r.ReadInt();
            if (index < 0 || index >= Types.Count)
            {
                throw new ManifestFormatException("type index " + index.ToString(CultureInfo.InvariantCulture) + " out of range");
            }

            return Types[index];
        }
    }

    internal static class CodecTables
    {
        /// <summary>The first pass must meet every file and type the writing meets.</summary>
        public static void ThrowIfFrozen(bool frozen)
        {
            if (frozen)
            {
                throw new InvalidOperationException("manifest writer: a declaration refers to a file or type the first pass did not intern");
            }
        }

        public static void WriteStrings(JsonWriter w, string name, IReadOnlyList<string> values)
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

        public static IReadOnlyList<string> ReadStrings(JsonReader r)
        {
            var list = new List<string>();
            r.StartArray();
            while (r.NextItem())
            {
                list.Add(r.ReadString());
            }

            return list;
        }
    }
}
