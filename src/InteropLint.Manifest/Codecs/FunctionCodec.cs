using System.Collections.Generic;

namespace InteropLint.Manifest
{
    /// <summary>A <see cref="FunctionDecl"/> with its parameters (<see cref="ParameterDecl"/>).</summary>
    internal static class FunctionCodec
    {
        private const string Return = "return";
        private const string Params = "params";
        private const string ParamName = "name";
        private const string ParamType = "type";
        private const string Variadic = "variadic";
        private const string CallingConvention = "cc";
        private const string Attributes = "attributes";
        private const string Symbol = "symbol";

        /// <summary>The calling convention a function has when the manifest does not say.</summary>
        private const string DefaultCallingConvention = "c";

        public static void Intern(FunctionDecl f, FileTable files, TypeTable types)
        {
            files.Intern(f.File);
            types.Intern(f.Return);
            foreach (var p in f.Parameters)
            {
                types.Intern(p.Type);
            }
        }

        public static void Write(JsonWriter w, FunctionDecl f, FileTable files, TypeTable types)
        {
            w.StartObject();
            DeclarationCodec.Write(w, f, files);
            w.Property(Return, types.Intern(f.Return));
            w.Name(Params);
            w.StartArray();
            foreach (var p in f.Parameters)
            {
                w.StartObject();
                w.Property(ParamName, p.Name);
                w.Property(ParamType, types.Intern(p.Type));
                w.EndObject();
            }

            w.EndArray();
            if (f.IsVariadic)
            {
                w.Property(Variadic, true);
            }

            if (f.CallingConvention != DefaultCallingConvention)
            {
                w.Property(CallingConvention, f.CallingConvention);
            }

            CodecTables.WriteStrings(w, Attributes, f.Attributes);
            if (f.Symbol.Length > 0)
            {
                w.Property(Symbol, f.Symbol);
            }

            w.EndObject();
        }

        public static FunctionDecl Read(JsonReader r, ReadTables tables)
        {
            var shared = DeclarationFields.Empty;
            CType? ret = null;
            IReadOnlyList<ParameterDecl> parameters = System.Array.Empty<ParameterDecl>();
            var variadic = false;
            var cc = DefaultCallingConvention;
            IReadOnlyList<string> attributes = System.Array.Empty<string>();
            var symbol = "";
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                if (DeclarationCodec.TryRead(r, name, ref shared, tables))
                {
                    continue;
                }

                switch (name)
                {
                    case Return: ret = tables.Type(r); break;
                    case Params: parameters = ReadParameters(r, tables); break;
                    case Variadic: variadic = r.ReadBool(); break;
                    case CallingConvention: cc = r.ReadString(); break;
                    case Attributes: attributes = CodecTables.ReadStrings(r); break;
                    case Symbol: symbol = r.ReadString(); break;
                    default: r.Skip(); break;
                }
            }

            return shared.Apply(new FunctionDecl
            {
                Return = ret ?? new CType(),
                Parameters = parameters,
                IsVariadic = variadic,
                CallingConvention = cc,
                Attributes = attributes,
                Symbol = symbol,
            });
        }

        private static List<ParameterDecl> ReadParameters(JsonReader r, ReadTables tables)
        {
            var list = new List<ParameterDecl>();
            r.StartArray();
            while (r.NextItem())
            {
                var name = "";
                CType? type = null;
                r.StartObject();
                while (r.NextProperty(out var property))
                {
                    switch (property)
                    {
                        case ParamName: name = r.ReadString(); break;
                        case ParamType: type = tables.Type(r); break;
                        default: r.Skip(); break;
                    }
                }

                list.Add(new ParameterDecl { Name = name, Type = type ?? new CType() });
            }

            return list;
        }
    }
}
