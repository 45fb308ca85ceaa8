namespace InteropLint.Manifest
{
    /// <summary>An <see cref="ElsewhereDecl"/> (a function declared where this ABI's parse did not look).</summary>
    internal static class ElsewhereCodec
    {
        private const string Where = "where";

        public static void Write(JsonWriter w, ElsewhereDecl e, FileTable files)
        {
            w.StartObject();
            DeclarationCodec.Write(w, e, files);
            w.Property(Where, ManifestSpelling.Of(e.Where));
            w.EndObject();
        }

        public static ElsewhereDecl Read(JsonReader r, ReadTables tables)
        {
            var shared = DeclarationFields.Empty;
            var where = ElsewhereKind.Unknown;
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                if (DeclarationCodec.TryRead(r, name, ref shared, tables))
                {
                    continue;
                }

                if (name == Where)
                {
                    where = ManifestSpelling.ParseElsewhere(r.ReadString());
                }
                else
                {
                    r.Skip();
                }
            }

            return shared.Apply(new ElsewhereDecl { Where = where });
        }
    }
}
