namespace InteropLint.Manifest
{
    /// <summary>A <see cref="ConstantDecl"/> (an integer <c>#define</c>).</summary>
    internal static class ConstantCodec
    {
        private const string Value = "value";
        private const string Text = "text";

        public static void Write(JsonWriter w, ConstantDecl c, FileTable files)
        {
            w.StartObject();
            DeclarationCodec.Write(w, c, files);
            w.Property(Value, c.Value);
            w.Property(Text, c.Text);
            w.EndObject();
        }

        public static ConstantDecl Read(JsonReader r, ReadTables tables)
        {
            var shared = DeclarationFields.Empty;
            long value = 0;
            var text = "";
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                if (DeclarationCodec.TryRead(r, name, ref shared, tables))
                {
                    continue;
                }

                switch (name)
                {
                    case Value: value = r.ReadLong(); break;
                    case Text: text = r.ReadString(); break;
                    default: r.Skip(); break;
                }
            }

            return shared.Apply(new ConstantDecl { Value = value, Text = text });
        }
    }
}
