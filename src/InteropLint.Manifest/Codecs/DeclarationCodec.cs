namespace InteropLint.Manifest
{
    /// <summary>What every declaration carries (<see cref="Declaration"/>): written first in each declaration's object.</summary>
    internal static class DeclarationCodec
    {
        private const string Name = "name";
        private const string File = "file";
        private const string Line = "line";
        private const string Header = "header";
        private const string Unresolved = "unresolved";

        public static void Write(JsonWriter w, Declaration d, FileTable files)
        {
            w.Property(Name, d.Name);
            w.Property(File, files.Intern(d.File));
            w.Property(Line, d.Line);
            w.Property(Header, d.Header);
            if (d.Unresolved.Length > 0)
            {
                w.Property(Unresolved, d.Unresolved);
            }
        }

        /// <summary>Reads <paramref name="property"/> into <paramref name="fields"/> when it is one of the shared ones.</summary>
        public static bool TryRead(JsonReader r, string property, ref DeclarationFields fields, ReadTables tables)
        {
            switch (property)
            {
                case Name: fields.Name = r.ReadString(); return true;
                case Unresolved: fields.Unresolved = r.ReadString(); return true;
                case File: fields.File = tables.File(r); return true;
                case Line: fields.Line = r.ReadInt(); return true;
                case Header: fields.Header = r.ReadInt(); return true;
                default: return false;
            }
        }
    }

    /// <summary>A declaration's shared fields while its object is read.</summary>
    internal struct DeclarationFields
    {
        public string Name;
        public string File;
        public int Line;
        public int Header;
        public string Unresolved;

        public static DeclarationFields Empty => new DeclarationFields { Name = "", File = "", Unresolved = "" };

        public T Apply<T>(T declaration)
            where T : Declaration
        {
            declaration.SetShared(Name, File, Line, Header, Unresolved);
            return declaration;
        }
    }
}
