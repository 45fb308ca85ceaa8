using System;
using System.Collections.Generic;
using System.Globalization;

namespace InteropLint.Manifest
{
    /// <summary>
    /// Reads a manifest written by <see cref="ManifestWriter"/>. Unknown properties are skipped,
    /// so a newer writer's additions do not break an older reader of the same format version.
    /// </summary>
    public static class ManifestReader
    {
        /// <exception cref="ManifestFormatException">The text is not a manifest of a readable format version.</exception>
        public static NativeManifest Read(string text)
        {
            if (text is null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            try
            {
                return ReadCore(text);
            }
            catch (ManifestFormatException)
            {
                throw;
            }
            catch (Exception ex) when (ex is FormatException || ex is OverflowException || ex is ArgumentException || ex is IndexOutOfRangeException)
            {
                throw new ManifestFormatException("malformed manifest: " + ex.Message);
            }
        }

        private static NativeManifest ReadCore(string text)
        {
            var r = new JsonReader(text);
            var manifest = new NativeManifest { FormatVersion = 0 };
            var files = new List<string>();
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                switch (name)
                {
                    case "format":
                        manifest.FormatVersion = r.ReadInt();
                        if (manifest.FormatVersion != NativeManifest.CurrentFormatVersion)
                        {
                            throw new ManifestFormatException(
                                "manifest format " + manifest.FormatVersion.ToString(CultureInfo.InvariantCulture)
                                + " is not the format this InteropLint reads (" + NativeManifest.CurrentFormatVersion.ToString(CultureInfo.InvariantCulture)
                                + "); scan the headers again");
                        }

                        break;
                    case "generator":
                        manifest.Generator = r.ReadString();
                        break;
                    case "headers":
                        r.StartArray();
                        while (r.NextItem())
                        {
                            manifest.Headers.Add(ReadHeader(r));
                        }

                        break;
                    case "files":
                        r.StartArray();
                        while (r.NextItem())
                        {
                            files.Add(r.ReadString());
                        }

                        break;
                    case "abis":
                        if (manifest.FormatVersion != NativeManifest.CurrentFormatVersion)
                        {
                            throw new ManifestFormatException("manifest has no format version before its content");
                        }

                        r.StartArray();
                        while (r.NextItem())
                        {
                            manifest.Abis.Add(ReadAbi(r, files));
                        }

                        break;
                    default:
                        r.Skip();
                        break;
                }
            }

            r.EndOfInput();
            if (manifest.FormatVersion != NativeManifest.CurrentFormatVersion)
            {
                throw new ManifestFormatException("not an InteropLint manifest: no format version");
            }

            return manifest;
        }

        private static ManifestHeader ReadHeader(JsonReader r)
        {
            var h = new ManifestHeader();
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                switch (name)
                {
                    case "path": h.Path = r.ReadString(); break;
                    case "library": h.Library = r.ReadString(); break;
                    case "includePaths": h.IncludePaths = ReadStrings(r); break;
                    case "defines": h.Defines = ReadStrings(r); break;
                    default: r.Skip(); break;
                }
            }

            return h;
        }

        private static AbiManifest ReadAbi(JsonReader r, List<string> files)
        {
            var abi = new AbiManifest();
            var types = new List<CType>();
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                switch (name)
                {
                    case "target": abi.Target = r.ReadString(); break;
                    case "triple": abi.Triple = r.ReadString(); break;
                    case "scanned": abi.Scanned = r.ReadBool(); break;
                    case "types":
                        r.StartArray();
                        while (r.NextItem())
                        {
                            types.Add(ReadType(r, types));
                        }

                        break;
                    case "functions":
                        r.StartArray();
                        while (r.NextItem())
                        {
                            abi.Functions.Add(ReadFunction(r, types, files));
                        }

                        break;
                    case "records":
                        r.StartArray();
                        while (r.NextItem())
                        {
                            abi.Records.Add(ReadRecord(r, types, files));
                        }

                        break;
                    case "typedefs":
                        r.StartArray();
                        while (r.NextItem())
                        {
                            var t = new TypedefDecl();
                            r.StartObject();
                            while (r.NextProperty(out var p))
                            {
                                if (!ReadDeclProperty(r, p, t, files))
                                {
                                    if (p == "type")
                                    {
                                        t.Type = TypeRef(r, types);
                                    }
                                    else
                                    {
                                        r.Skip();
                                    }
                                }
                            }

                            abi.Typedefs.Add(t);
                        }

                        break;
                    case "enums":
                        r.StartArray();
                        while (r.NextItem())
                        {
                            abi.Enums.Add(ReadEnum(r, types, files));
                        }

                        break;
                    case "constants":
                        r.StartArray();
                        while (r.NextItem())
                        {
                            var c = new ConstantDecl();
                            r.StartObject();
                            while (r.NextProperty(out var p))
                            {
                                if (!ReadDeclProperty(r, p, c, files))
                                {
                                    switch (p)
                                    {
                                        case "value": c.Value = r.ReadLong(); break;
                                        case "text": c.Text = r.ReadString(); break;
                                        default: r.Skip(); break;
                                    }
                                }
                            }

                            abi.Constants.Add(c);
                        }

                        break;
                    case "macroAliases":
                        r.StartArray();
                        while (r.NextItem())
                        {
                            var m = new MacroAliasDecl();
                            r.StartObject();
                            while (r.NextProperty(out var p))
                            {
                                if (!ReadDeclProperty(r, p, m, files))
                                {
                                    if (p == "target")
                                    {
                                        m.Target = r.ReadString();
                                    }
                                    else
                                    {
                                        r.Skip();
                                    }
                                }
                            }

                            abi.MacroAliases.Add(m);
                        }

                        break;
                    case "registrations":
                        r.StartArray();
                        while (r.NextItem())
                        {
                            var g = new CallbackRegistration();
                            r.StartObject();
                            while (r.NextProperty(out var p))
                            {
                                switch (p)
                                {
                                    case "function": g.Function = r.ReadString(); break;
                                    case "keeps": g.Keeps = r.ReadBool(); break;
                                    case "reason": g.Reason = r.ReadString(); break;
                                    case "evidence": g.Evidence = r.ReadString(); break;
                                    default: r.Skip(); break;
                                }
                            }

                            abi.Registrations.Add(g);
                        }

                        break;
                    case "elsewhere":
                        r.StartArray();
                        while (r.NextItem())
                        {
                            var e = new ElsewhereDecl();
                            r.StartObject();
                            while (r.NextProperty(out var p))
                            {
                                if (!ReadDeclProperty(r, p, e, files))
                                {
                                    if (p == "where")
                                    {
                                        e.Where = r.ReadString();
                                    }
                                    else
                                    {
                                        r.Skip();
                                    }
                                }
                            }

                            abi.Elsewhere.Add(e);
                        }

                        break;
                    case "ownership":
                        r.StartArray();
                        while (r.NextItem())
                        {
                            var o = new OwnershipPair();
                            r.StartObject();
                            while (r.NextProperty(out var p))
                            {
                                switch (p)
                                {
                                    case "allocator": o.Allocator = r.ReadString(); break;
                                    case "deallocator": o.Deallocator = r.ReadString(); break;
                                    case "reason": o.Reason = r.ReadString(); break;
                                    case "evidence": o.Evidence = r.ReadString(); break;
                                    case "outParameter": o.OutParameter = r.ReadInt(); break;
                                    default: r.Skip(); break;
                                }
                            }

                            abi.Ownership.Add(o);
                        }

                        break;
                    case "diagnostics":
                        r.StartArray();
                        while (r.NextItem())
                        {
                            abi.Diagnostics.Add(ReadDiagnostic(r));
                        }

                        break;
                    default:
                        r.Skip();
                        break;
                }
            }

            return abi;
        }

        private static CType ReadType(JsonReader r, List<CType> types)
        {
            var t = new CType();
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                switch (name)
                {
                    case "kind": t.Kind = ParseKind(r.ReadString()); break;
                    case "spelling": t.Spelling = r.ReadString(); break;
                    case "size": t.Size = r.ReadLong(); break;
                    case "align": t.Align = r.ReadLong(); break;
                    case "signed": t.IsSigned = r.ReadBool(); break;
                    case "const": t.IsConst = r.ReadBool(); break;
                    case "typedefs": t.Typedefs = ReadStrings(r); break;
                    case "pointee": t.Pointee = TypeRef(r, types); break;
                    case "element": t.Element = TypeRef(r, types); break;
                    case "length": t.ArrayLength = r.ReadLong(); break;
                    case "decl": t.DeclName = r.ReadString(); break;
                    case "return": t.Return = TypeRef(r, types); break;
                    case "params":
                        var ps = new List<CType>();
                        r.StartArray();
                        while (r.NextItem())
                        {
                            ps.Add(TypeRef(r, types));
                        }

                        t.Parameters = ps;
                        break;
                    case "variadic": t.IsVariadic = r.ReadBool(); break;
                    case "cc": t.CallingConvention = r.ReadString(); break;
                    default: r.Skip(); break;
                }
            }

            return t;
        }

        private static FunctionDecl ReadFunction(JsonReader r, List<CType> types, List<string> files)
        {
            var f = new FunctionDecl();
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                if (ReadDeclProperty(r, name, f, files))
                {
                    continue;
                }

                switch (name)
                {
                    case "return": f.Return = TypeRef(r, types); break;
                    case "params":
                        var ps = new List<ParameterDecl>();
                        r.StartArray();
                        while (r.NextItem())
                        {
                            var p = new ParameterDecl();
                            r.StartObject();
                            while (r.NextProperty(out var pn))
                            {
                                switch (pn)
                                {
                                    case "name": p.Name = r.ReadString(); break;
                                    case "type": p.Type = TypeRef(r, types); break;
                                    default: r.Skip(); break;
                                }
                            }

                            ps.Add(p);
                        }

                        f.Parameters = ps;
                        break;
                    case "variadic": f.IsVariadic = r.ReadBool(); break;
                    case "cc": f.CallingConvention = r.ReadString(); break;
                    case "attributes": f.Attributes = ReadStrings(r); break;
                    case "symbol": f.Symbol = r.ReadString(); break;
                    default: r.Skip(); break;
                }
            }

            return f;
        }

        private static RecordDecl ReadRecord(JsonReader r, List<CType> types, List<string> files)
        {
            var rec = new RecordDecl();
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                if (ReadDeclProperty(r, name, rec, files))
                {
                    continue;
                }

                switch (name)
                {
                    case "kind": rec.Kind = r.ReadString() == "union" ? CTypeKind.Union : CTypeKind.Struct; break;
                    case "size": rec.Size = r.ReadLong(); break;
                    case "align": rec.Align = r.ReadLong(); break;
                    case "packed": rec.IsPacked = r.ReadBool(); break;
                    case "aliases": rec.Aliases = ReadStrings(r); break;
                    case "fields":
                        var fields = new List<FieldDecl>();
                        r.StartArray();
                        while (r.NextItem())
                        {
                            var field = new FieldDecl();
                            r.StartObject();
                            while (r.NextProperty(out var fn))
                            {
                                switch (fn)
                                {
                                    case "name": field.Name = r.ReadString(); break;
                                    case "type": field.Type = TypeRef(r, types); break;
                                    case "offset": field.OffsetBits = r.ReadLong(); break;
                                    case "bits": field.BitWidth = r.ReadInt(); break;
                                    default: r.Skip(); break;
                                }
                            }

                            fields.Add(field);
                        }

                        rec.Fields = fields;
                        break;
                    default: r.Skip(); break;
                }
            }

            return rec;
        }

        private static EnumDecl ReadEnum(JsonReader r, List<CType> types, List<string> files)
        {
            var e = new EnumDecl();
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                if (ReadDeclProperty(r, name, e, files))
                {
                    continue;
                }

                switch (name)
                {
                    case "type": e.IntegerType = TypeRef(r, types); break;
                    case "aliases": e.Aliases = ReadStrings(r); break;
                    case "values":
                        var values = new List<EnumeratorDecl>();
                        r.StartArray();
                        while (r.NextItem())
                        {
                            var v = new EnumeratorDecl();
                            r.StartObject();
                            while (r.NextProperty(out var vn))
                            {
                                switch (vn)
                                {
                                    case "name": v.Name = r.ReadString(); break;
                                    case "value": v.Value = r.ReadLong(); break;
                                    default: r.Skip(); break;
                                }
                            }

                            values.Add(v);
                        }

                        e.Enumerators = values;
                        break;
                    default: r.Skip(); break;
                }
            }

            return e;
        }

        private static ScanDiagnostic ReadDiagnostic(JsonReader r)
        {
            var d = new ScanDiagnostic();
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                switch (name)
                {
                    case "severity": d.Severity = ParseSeverity(r.ReadString()); break;
                    case "code": d.Code = r.ReadString(); break;
                    case "file": d.File = r.ReadString(); break;
                    case "line": d.Line = r.ReadInt(); break;
                    case "column": d.Column = r.ReadInt(); break;
                    case "message": d.Message = r.ReadString(); break;
                    case "header": d.Header = r.ReadInt(); break;
                    default: r.Skip(); break;
                }
            }

            return d;
        }

        private static bool ReadDeclProperty(JsonReader r, string name, Declaration d, List<string> files)
        {
            switch (name)
            {
                case "name":
                    d.Name = r.ReadString();
                    return true;
                case "unresolved":
                    d.Unresolved = r.ReadString();
                    return true;
                case "file":
                    var index = r.ReadInt();
                    if (index < 0 || index >= files.Count)
                    {
                        throw new ManifestFormatException("file index " + index.ToString(CultureInfo.InvariantCulture) + " out of range");
                    }

                    d.File = files[index];
                    return true;
                case "line":
                    d.Line = r.ReadInt();
                    return true;
                case "header":
                    d.Header = r.ReadInt();
                    return true;
                default:
                    return false;
            }
        }

        private static CType TypeRef(JsonReader r, List<CType> types)
        {
            var index = r.ReadInt();
            if (index < 0 || index >= types.Count)
            {
                throw new ManifestFormatException("type index " + index.ToString(CultureInfo.InvariantCulture) + " out of range");
            }

            return types[index];
        }

        private static IReadOnlyList<string> ReadStrings(JsonReader r)
        {
            var list = new List<string>();
            r.StartArray();
            while (r.NextItem())
            {
                list.Add(r.ReadString());
            }

            return list;
        }

        private static CTypeKind ParseKind(string kind) => kind switch
        {
            "void" => CTypeKind.Void,
            "bool" => CTypeKind.Bool,
            "char" => CTypeKind.Char,
            "int" => CTypeKind.Integer,
            "float" => CTypeKind.Float,
            "pointer" => CTypeKind.Pointer,
            "struct" => CTypeKind.Struct,
            "union" => CTypeKind.Union,
            "enum" => CTypeKind.Enum,
            "array" => CTypeKind.Array,
            "function" => CTypeKind.Function,
            _ => CTypeKind.Unknown,
        };

        private static ScanSeverity ParseSeverity(string s) => s switch
        {
            "warning" => ScanSeverity.Warning,
            "error" => ScanSeverity.Error,
            "fatal" => ScanSeverity.Fatal,
            _ => ScanSeverity.Note,
        };
    }
}
