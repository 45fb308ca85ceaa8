namespace InteropLint.Manifest
{
    /// <summary>An <see cref="OwnershipPair"/>: who frees what another function returns, and how it was learned.</summary>
    internal static class OwnershipCodec
    {
        private const string Allocator = "allocator";
        private const string Deallocator = "deallocator";
        private const string Reason = "reason";
        private const string Evidence = "evidence";
        private const string OutParameter = "outParameter";

        public static void Write(JsonWriter w, OwnershipPair o)
        {
            w.StartObject();
            w.Property(Allocator, o.Allocator);
            w.Property(Deallocator, o.Deallocator);
            w.Property(Reason, ManifestSpelling.Of(o.Reason));
            if (o.Evidence.Length > 0)
            {
                w.Property(Evidence, o.Evidence);
            }

            if (o.OutParameter >= 0)
            {
                w.Property(OutParameter, o.OutParameter);
            }

            w.EndObject();
        }

        public static OwnershipPair Read(JsonReader r)
        {
            string allocator = "", deallocator = "", evidence = "";
            var outParameter = -1;
            var reason = OwnershipReason.Unknown;
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                switch (name)
                {
                    case Allocator: allocator = r.ReadString(); break;
                    case Deallocator: deallocator = r.ReadString(); break;
                    case Reason: reason = ManifestSpelling.ParseOwnershipReason(r.ReadString()); break;
                    case Evidence: evidence = r.ReadString(); break;
                    case OutParameter: outParameter = r.ReadInt(); break;
                    default: r.Skip(); break;
                }
            }

            return new OwnershipPair { Allocator = allocator, Deallocator = deallocator, Reason = reason, Evidence = evidence, OutParameter = outParameter };
        }
    }
}
