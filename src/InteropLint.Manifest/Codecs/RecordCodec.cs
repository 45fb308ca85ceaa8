using System.Collections.Generic;

namespace InteropLint.Manifest
{
    /// <summary>A <see cref="RecordDecl"/> (struct or union) with its fields (<see cref="FieldDecl"/>).</summary>
    internal static class RecordCodec
    {
        private const string Kind = "kind";
        private const string Size = "size";
        private const string Align = "align";
        private const string Packed = "packed";
        private const string Aliases = "aliases";
        private const string Fields = "fields";
        private const string FieldName = "name";
        private const string FieldType = "type";
        private const string FieldOffset = "offset";
        private const string FieldBits = "bits";

        public static void Intern(RecordDecl r, FileTable files, TypeTable types)
        {
            files.Intern(r.File);
            foreach (var field in r.Fields)
            {
                types.Intern(field.Type);
            }
        }

        public static void Write(JsonWriter w, RecordDecl r, FileTable files, TypeTable types)
        {
            w.StartObject();
            DeclarationCodec.Write(w, r, files);
            w.Property(Kind, ManifestSpelling.Of(r.Kind == CTypeKind.Union ? CTypeKind.Union : CTypeKind.Struct));
            w.Property(Size, r.Size);
            w.Property(Align, r.Align);
            if (r.IsPacked)
            {
                w.Property(Packed, true);
            }

            CodecTables.WriteStrings(w, Aliases, r.Aliases);
            w.Name(Fields);
            w.StartArray();
            foreach (var field in r.Fields)
            {
                w.StartObject();
                w.Property(FieldName, field.Name);
                w.Property(FieldType, types.Intern(field.Type));
                w.Property(FieldOffset, field.OffsetBits);
                if (field.BitWidth >= 0)
                {
                    w.Property(FieldBits, field.BitWidth);
                }

                w.EndObject();
            }

            w.EndArray();
            w.EndObject();
        }

        public static RecordDecl Read(JsonReader r, ReadTables tables)
        {
            var shared = DeclarationFields.Empty;
            var kind = CTypeKind.Struct;
            long size = -1, align = -1;
            var packed = false;
            IReadOnlyList<string> aliases = System.Array.Empty<string>();
            IReadOnlyList<FieldDecl> fields = System.Array.Empty<FieldDecl>();
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                if (DeclarationCodec.TryRead(r, name, ref shared, tables))
                {
                    continue;
                }

                switch (name)
                {
                    case Kind: kind = ManifestSpelling.ParseKind(r.ReadString()) == CTypeKind.Union ? CTypeKind.Union : CTypeKind.Struct; break;
                    case Size: size = r.ReadLong(); break;
                    case Align: align = r.ReadLong(); break;
                    case Packed: packed = r.ReadBool(); break;
                    case Aliases: aliases = CodecTables.ReadStrings(r); break;
                    case Fields: fields = ReadFields(r, tables); break;
                    default: r.Skip(); break;
                }
            }

            return shared.Apply(new RecordDecl { Kind = kind, Size = size, Align = align, IsPacked = packed, Aliases = aliases, Fields = fields });
        }

        private static List<FieldDecl> ReadFields(JsonReader r, ReadTables tables)
        {
            var list = new List<FieldDecl>();
            r.StartArray();
            while (r.NextItem())
            {
                var name = "";
                CType? type = null;
                long offset = 0;
                var bits = -1;
                r.StartObject();
                while (r.NextProperty(out var property))
                {
                    switch (property)
                    {
                        case FieldName: name = r.ReadString(); break;
                        case FieldType: type = tables.Type(r); break;
                        case FieldOffset: offset = r.ReadLong(); break;
                        case FieldBits: bits = r.ReadInt(); break;
                        default: r.Skip(); break;
                    }
                }

                list.Add(new FieldDecl { Name = name, Type = type ?? new CType(), OffsetBits = offset, BitWidth = bits });
            }

            return list;
        }
    }
}
