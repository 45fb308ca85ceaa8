namespace InteropLint.Manifest
{
    /// <summary>A <see cref="MacroAliasDecl"/> (a macro naming another function).</summary>
    internal static class MacroAliasCodec
    {
        private const string Target = "target";

        public static void Write(JsonWriter w, MacroAliasDecl m, FileTable files)
        {
            w.StartObject();
            DeclarationCodec.Write(w, m, files);
            w.Property(Target, m.Target);
            w.EndObject();
        }

        public static MacroAliasDecl Read(JsonReader r, ReadTables tables)
        {
            var shared = DeclarationFields.Empty;
            var target = "";
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                if (DeclarationCodec.TryRead(r, name, ref shared, tables))
                {
                    continue;
                }

                if (name == Target)
                {
                    target = r.ReadString();
                }
                else
                {
                    r.Skip();
                }
            }

            return shared.Apply(new MacroAliasDecl { Target = target });
        }
    }
}
