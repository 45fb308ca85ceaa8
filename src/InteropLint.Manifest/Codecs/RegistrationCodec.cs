namespace InteropLint.Manifest
{
    /// <summary>A <see cref="CallbackRegistration"/>: whether a function keeps the callback it is given, and why we think so.</summary>
    internal static class RegistrationCodec
    {
        private const string Function = "function";
        private const string Keeps = "keeps";
        private const string Reason = "reason";
        private const string Evidence = "evidence";

        public static void Write(JsonWriter w, CallbackRegistration g)
        {
            w.StartObject();
            w.Property(Function, g.Function);
            w.Property(Keeps, g.Keeps);
            w.Property(Reason, ManifestSpelling.Of(g.Reason));
            w.Property(Evidence, g.Evidence);
            w.EndObject();
        }

        public static CallbackRegistration Read(JsonReader r)
        {
            string function = "", evidence = "";
            var keeps = false;
            var reason = RegistrationReason.Unknown;
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                switch (name)
                {
                    case Function: function = r.ReadString(); break;
                    case Keeps: keeps = r.ReadBool(); break;
                    case Reason: reason = ManifestSpelling.ParseRegistrationReason(r.ReadString()); break;
                    case Evidence: evidence = r.ReadString(); break;
                    default: r.Skip(); break;
                }
            }

            return new CallbackRegistration { Function = function, Keeps = keeps, Reason = reason, Evidence = evidence };
        }
    }
}
