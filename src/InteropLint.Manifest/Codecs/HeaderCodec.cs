namespace InteropLint.Manifest
{
    /// <summary>A <see cref="ManifestHeader"/> (one <c>InteropLintHeader</c> item).</summary>
    internal static class HeaderCodec
    {
        private const string Path = "path";
        private const string Library = "library";
        private const string IncludePaths = "includePaths";
        private const string Defines = "defines";

        public static void Write(JsonWriter w, ManifestHeader h)
        {
            w.StartObject();
            w.Property(Path, h.Path);
            w.Property(Library, h.Library);
            CodecTables.WriteStrings(w, IncludePaths, h.IncludePaths);
            CodecTables.WriteStrings(w, Defines, h.Defines);
            w.EndObject();
        }

        public static ManifestHeader Read(JsonReader r)
        {
            string path = "", library = "";
            var includePaths = (System.Collections.Generic.IReadOnlyList<string>)System.Array.Empty<string>();
            var defines = includePaths;
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                switch (name)
                {
                    case Path: path = r.ReadString(); break;
                    case Library: library = r.ReadString(); break;
                    case IncludePaths: includePaths = CodecTables.ReadStrings(r); break;
                    case Defines: defines = CodecTables.ReadStrings(r); break;
                    default: r.Skip(); break;
                }
            }

            return new ManifestHeader { Path = path, Library = library, IncludePaths = includePaths, Defines = defines };
        }
    }
}
