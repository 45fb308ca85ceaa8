namespace InteropLint.Manifest
{
    /// <summary>A <see cref="TypedefDecl"/>.</summary>
    internal static class TypedefCodec
    {
        private const string Type = "type";

        public static void Intern(TypedefDecl t, FileTable files, TypeTable types)
        {
            files.Intern(t.File);
            types.Intern(t.Type);
        }

        public static void Write(JsonWriter w, TypedefDecl t, FileTable files, TypeTable types)
        {
            w.StartObject();
            DeclarationCodec.Write(w, t, files);
            w.Property(Type, types.Intern(t.Type));
            w.EndObject();
        }

        public static TypedefDecl Read(JsonReader r, ReadTables tables)
        {
            var shared = DeclarationFields.Empty;
            CType? type = null;
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                if (DeclarationCodec.TryRead(r, name, ref shared, tables))
                {
                    continue;
                }

                if (name == Type)
                {
                    type = tables.Type(r);
                }
                else
                {
                    r.Skip();
                }
            }

            return shared.Apply(new TypedefDecl { Type = type ?? new CType() });
        }
    }
}
