using System.Collections.Generic;

namespace InteropLint.Manifest
{
    /// <summary>
    /// A <see cref="CType"/> in an ABI's type table, written and read here and nowhere else. References to other types
    /// are indexes into the same table (children are written first).
    /// </summary>
    internal static class TypeCodec
    {
        private const string Kind = "kind";
        private const string Spelling = "spelling";
        private const string Size = "size";
        private const string Align = "align";
        private const string Signed = "signed";
        private const string Const = "const";
        private const string Typedefs = "typedefs";
        private const string Pointee = "pointee";
        private const string Element = "element";
        private const string Length = "length";
        private const string Decl = "decl";
        private const string Return = "return";
        private const string Params = "params";
        private const string Variadic = "variadic";
        private const string NoPrototype = "noproto";
        private const string CallingConvention = "cc";

        /// <summary>Writes <paramref name="type"/> with the table ids of its pointee, element, return and parameters (-1: none).</summary>
        public static void Write(JsonWriter w, CType type, int pointee, int element, int ret, int[] parameters)
        {
            w.StartObject();
            w.Property(Kind, ManifestSpelling.Of(type.Kind));
            w.Property(Spelling, type.Spelling);
            w.Property(Size, type.Size);
            w.Property(Align, type.Align);
            if (type.IsSigned)
            {
                w.Property(Signed, true);
            }

            if (type.IsConst)
            {
                w.Property(Const, true);
            }

            CodecTables.WriteStrings(w, Typedefs, type.Typedefs);
            if (pointee >= 0)
            {
                w.Property(Pointee, pointee);
            }

            if (element >= 0)
            {
                w.Property(Element, element);
                w.Property(Length, type.ArrayLength);
            }

            if (type.DeclName != null)
            {
                w.Property(Decl, type.DeclName);
            }

            if (type.Kind == CTypeKind.Function)
            {
                if (ret >= 0)
                {
                    w.Property(Return, ret);
                }

                w.Name(Params);
                w.StartArray();
                foreach (var p in parameters)
                {
                    w.Value(p);
                }

                w.EndArray();
                if (type.IsVariadic)
                {
                    w.Property(Variadic, true);
                }

                if (!type.HasPrototype)
                {
                    w.Property(NoPrototype, true);
                }

                if (type.CallingConvention != null)
                {
                    w.Property(CallingConvention, type.CallingConvention);
                }
            }

            w.EndObject();
        }

        public static CType Read(JsonReader r, ReadTables tables)
        {
            var kind = CTypeKind.Unknown;
            var spelling = "";
            long size = -1, align = -1, length = -1;
            bool signed = false, isConst = false, variadic = false, noPrototype = false;
            IReadOnlyList<string> typedefs = System.Array.Empty<string>();
            CType? pointee = null, element = null, ret = null;
            string? decl = null, cc = null;
            IReadOnlyList<CType> parameters = System.Array.Empty<CType>();
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                switch (name)
                {
                    case Kind: kind = ManifestSpelling.ParseKind(r.ReadString()); break;
                    case Spelling: spelling = r.ReadString(); break;
                    case Size: size = r.ReadLong(); break;
                    case Align: align = r.ReadLong(); break;
                    case Signed: signed = r.ReadBool(); break;
                    case Const: isConst = r.ReadBool(); break;
                    case Typedefs: typedefs = CodecTables.ReadStrings(r); break;
                    case Pointee: pointee = tables.Type(r); break;
                    case Element: element = tables.Type(r); break;
                    case Length: length = r.ReadLong(); break;
                    case Decl: decl = r.ReadString(); break;
                    case Return: ret = tables.Type(r); break;
                    case Params:
                        var list = new List<CType>();
                        r.StartArray();
                        while (r.NextItem())
                        {
                            list.Add(tables.Type(r));
                        }

                        parameters = list;
                        break;
                    case Variadic: variadic = r.ReadBool(); break;
                    case NoPrototype: noPrototype = r.ReadBool(); break;
                    case CallingConvention: cc = r.ReadString(); break;
                    default: r.Skip(); break;
                }
            }

            return new CType
            {
                Kind = kind,
                Spelling = spelling,
                Size = size,
                Align = align,
                IsSigned = signed,
                IsConst = isConst,
                Typedefs = typedefs,
                Pointee = pointee,
                Element = element,
                ArrayLength = length,
                DeclName = decl,
                Return = ret,
                Parameters = parameters,
                IsVariadic = variadic,
                HasPrototype = !noPrototype,
                CallingConvention = cc,
            };
        }
    }
}
