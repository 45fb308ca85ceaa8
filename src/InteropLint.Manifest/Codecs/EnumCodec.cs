using System.Collections.Generic;

namespace InteropLint.Manifest
{
    /// <summary>An <see cref="EnumDecl"/> with its enumerators (<see cref="EnumeratorDecl"/>).</summary>
    internal static class EnumCodec
    {
        private const string IntegerType = "type";
        private const string Aliases = "aliases";
        private const string Values = "values";
        private const string ValueName = "name";
        private const string Value = "value";

        public static void Intern(EnumDecl e, FileTable files, TypeTable types)
        {
            files.Intern(e.File);
            types.Intern(e.IntegerType);
        }

        public static void Write(JsonWriter w, EnumDecl e, FileTable files, TypeTable types)
        {
            w.StartObject();
            DeclarationCodec.Write(w, e, files);
            w.Property(IntegerType, types.Intern(e.IntegerType));
            CodecTables.WriteStrings(w, Aliases, e.Aliases);
            w.Name(Values);
            w.StartArray();
            foreach (var v in e.Enumerators)
            {
                w.StartObject();
                w.Property(ValueName, v.Name);
                w.Property(Value, v.Value);
                w.EndObject();
            }

            w.EndArray();
            w.EndObject();
        }

        public static EnumDecl Read(JsonReader r, ReadTables tables)
        {
            var shared = DeclarationFields.Empty;
            CType? type = null;
            IReadOnlyList<string> aliases = System.Array.Empty<string>();
            IReadOnlyList<EnumeratorDecl> values = System.Array.Empty<EnumeratorDecl>();
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                if (DeclarationCodec.TryRead(r, name, ref shared, tables))
                {
                    continue;
                }

                switch (name)
                {
                    case IntegerType: type = tables.Type(r); break;
                    case Aliases: aliases = CodecTables.ReadStrings(r); break;
                    case Values: values = ReadEnumerators(r); break;
                    default: r.Skip(); break;
                }
            }

            return shared.Apply(new EnumDecl { IntegerType = type ?? new CType(), Aliases = aliases, Enumerators = values });
        }

        private static List<EnumeratorDecl> ReadEnumerators(JsonReader r)
        {
            var list = new List<EnumeratorDecl>();
            r.StartArray();
            while (r.NextItem())
            {
                var name = "";
                long value = 0;
                r.StartObject();
                while (r.NextProperty(out var property))
                {
                    switch (property)
                    {
                        case ValueName: name = r.ReadString(); break;
                        case Value: value = r.ReadLong(); break;
                        default: r.Skip(); break;
                    }
                }

                list.Add(new EnumeratorDecl { Name = name, Value = value });
            }

            return list;
        }
    }
}
