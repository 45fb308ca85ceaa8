namespace InteropLint.Manifest
{
    /// <summary>A <see cref="ScanDiagnostic"/>: a problem met while scanning one ABI.</summary>
    internal static class ScanDiagnosticCodec
    {
        private const string Severity = "severity";
        private const string Code = "code";
        private const string File = "file";
        private const string Line = "line";
        private const string Column = "column";
        private const string Message = "message";
        private const string Header = "header";

        public static void Write(JsonWriter w, ScanDiagnostic d)
        {
            w.StartObject();
            w.Property(Severity, ManifestSpelling.Of(d.Severity));
            if (d.Code != ToolCode.None)
            {
                w.Property(Code, ManifestSpelling.Of(d.Code));
            }

            w.Property(File, d.File);
            w.Property(Line, d.Line);
            w.Property(Column, d.Column);
            w.Property(Message, d.Message);
            if (d.Header >= 0)
            {
                w.Property(Header, d.Header);
            }

            w.EndObject();
        }

        public static ScanDiagnostic Read(JsonReader r)
        {
            var severity = ScanSeverity.Note;
            var code = ToolCode.None;
            string file = "", message = "";
            int line = 0, column = 0, header = -1;
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                switch (name)
                {
                    case Severity: severity = ManifestSpelling.ParseSeverity(r.ReadString()); break;
                    case Code: code = ManifestSpelling.ParseToolCode(r.ReadString()); break;
                    case File: file = r.ReadString(); break;
                    case Line: line = r.ReadInt(); break;
                    case Column: column = r.ReadInt(); break;
                    case Message: message = r.ReadString(); break;
                    case Header: header = r.ReadInt(); break;
                    default: r.Skip(); break;
                }
            }

            return new ScanDiagnostic { Severity = severity, Code = code, File = file, Line = line, Column = column, Message = message, Header = header };
        }
    }
}
