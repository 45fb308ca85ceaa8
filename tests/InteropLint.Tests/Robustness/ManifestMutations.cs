using System.Text;
using System.Text.RegularExpressions;
using InteropLint.Manifest;

namespace InteropLint.Tests.Robustness;

/// <summary>A manifest text to feed the analyzers, named for failure messages.</summary>
public sealed record ManifestVariant(string Name, string Json);

/// <summary>
/// Broken and odd manifests made from real ones: cut every N bytes, older or newer format, bytes flipped,
/// numbers out of range, dangling type indices (all of which the reader must turn into one ILNT902), and
/// well-formed manifests with strange content (the same name twice, arities that differ per ABI, unknown
/// targets, sizes of 0 or 2^63-1, pointers without pointee) which the rules must survive.
/// </summary>
public static class ManifestMutations
{
    /// <summary>Texts that are not readable manifests.</summary>
    public static IEnumerable<ManifestVariant> Unreadable(string name, string json, int cuts)
    {
        var step = Math.Max(1, json.Length / (cuts + 1));
        for (var at = step; at < json.Length - 1; at += step)
        {
            yield return new(name + " cut@" + at, json.Substring(0, at));
        }

        yield return new(name + " empty", "");
        yield return new(name + " whitespace", " \n\t ");
        yield return new(name + " null", "null");
        yield return new(name + " array", "[]");
        yield return new(name + " empty object", "{}");
        yield return new(name + " not json", "this is not JSON; scan the headers again");
        yield return new(name + " xml", "<?xml version=\"1.0\"?><manifest/>");
        yield return new(name + " format only", "{\"format\":1}\n{\"format\":1}");
        yield return new(name + " older format", ReplaceFirst(json, "\"format\":1", "\"format\":0"));
        yield return new(name + " newer format", ReplaceFirst(json, "\"format\":1", "\"format\":2"));
        yield return new(name + " format as string", ReplaceFirst(json, "\"format\":1", "\"format\":\"1\""));
        yield return new(name + " format overflow", ReplaceFirst(json, "\"format\":1", "\"format\":99999999999999999999999"));
        yield return new(name + " format missing", ReplaceFirst(json, "\"format\":1,", ""));
        yield return new(name + " bom", "\uFEFF" + json);
        yield return new(name + " trailing garbage", json + "}]x");
        yield return new(name + " utf-16 read as text", Encoding.Latin1.GetString(Encoding.Unicode.GetBytes(json.Substring(0, Math.Min(json.Length, 2000)))));
        yield return new(name + " nesting bomb", "{\"format\":1,\"x\":" + new string('[', 200_000) + new string(']', 200_000) + "}");
        yield return new(name + " deep nesting in abi", ReplaceFirst(json, "\"target\":", "\"extra\":" + new string('[', 50_000) + new string(']', 50_000) + ",\"target\":"));
        yield return new(name + " dangling type index", Regex.Replace(json, "\"return\":\\d+", "\"return\":987654"));
        yield return new(name + " negative type index", Regex.Replace(json, "\"pointee\":\\d+", "\"pointee\":-1"));
        yield return new(name + " dangling file index", Regex.Replace(json, "\"file\":\\d+", "\"file\":4242"));
        yield return new(name + " sizes overflow", Regex.Replace(json, "\"size\":\\d+", "\"size\":123456789012345678901234567890"));
        yield return new(name + " line overflow", Regex.Replace(json, "\"line\":\\d+", "\"line\":9999999999"));
        yield return new(name + " minus only", Regex.Replace(json, "\"align\":\\d+", "\"align\":-"));
        yield return new(name + " bad escape", ReplaceFirst(json, "\"generator\":\"", "\"generator\":\"\\uZZZZ"));
        yield return new(name + " short escape", json.Substring(0, Math.Min(json.Length, 300)) + "\"\\u12");

        var random = new Random(Mutations.StableSeed(name));
        const string noise = "{}[],:\"\\-0123456789.eEtrufalsn \n";
        for (var i = 0; i < cuts; i++)
        {
            var chars = json.ToCharArray();
            for (var k = 0; k < 3; k++)
            {
                chars[random.Next(chars.Length)] = noise[random.Next(noise.Length)];
            }

            yield return new(name + " flipped#" + i, new string(chars));
        }
    }

    /// <summary>Readable manifests with strange content.</summary>
    public static IEnumerable<ManifestVariant> Odd(string name, string json)
    {
        foreach (var (what, mutate) in Mutators())
        {
            var manifest = ManifestReader.Read(json);
            mutate(manifest);
            yield return new(name + " " + what, ManifestWriter.Write(manifest));
        }

        // Numbers at the edge of what the reader accepts, written straight into the text.
        yield return new(name + " sizes 2^63-1", Regex.Replace(json, "\"size\":\\d+", "\"size\":9223372036854775807"));
        yield return new(name + " sizes negative", Regex.Replace(json, "\"size\":\\d+", "\"size\":-9223372036854775808"));
        yield return new(name + " sizes zero", Regex.Replace(json, "\"(size|align)\":\\d+", "\"$1\":0"));
        yield return new(name + " offsets huge", Regex.Replace(json, "\"offset\":\\d+", "\"offset\":9223372036854775807"));
        yield return new(name + " bits huge", Regex.Replace(json, "\"bits\":\\d+", "\"bits\":2147483647"));
        yield return new(name + " lines max", Regex.Replace(json, "\"line\":\\d+", "\"line\":2147483647"));
        yield return new(name + " unknown kinds", Regex.Replace(json, "\"kind\":\"(int|pointer|char)\"", "\"kind\":\"quantum\""));
        yield return new(name + " unknown properties", json.Replace("\"name\":", "\"future\":{\"a\":[1,2.5e3,null,true,{}]},\"name\":"));
    }

    private static IEnumerable<(string, Action<NativeManifest>)> Mutators()
    {
        static IEnumerable<CType> TypesOf(AbiManifest abi)
        {
            var seen = new HashSet<CType>(ReferenceEqualityComparer.Instance);
            var stack = new Stack<CType>(abi.Functions.SelectMany(f => f.Parameters.Select(p => p.Type).Append(f.Return))
                .Concat(abi.Records.SelectMany(r => r.Fields.Select(x => x.Type)))
                .Concat(abi.Typedefs.Select(t => t.Type))
                .Concat(abi.Enums.Select(e => e.IntegerType)));
            while (stack.Count > 0)
            {
                var t = stack.Pop();
                if (t is null || !seen.Add(t))
                {
                    continue;
                }

                yield return t;
                foreach (var next in new[] { t.Pointee, t.Element, t.Return }.Concat(t.Parameters))
                {
                    if (next != null)
                    {
                        stack.Push(next);
                    }
                }
            }
        }

        static void EachType(NativeManifest m, Action<CType> change)
        {
            foreach (var abi in m.Abis)
            {
                foreach (var t in TypesOf(abi).ToList())
                {
                    change(t);
                }
            }
        }

        yield return ("same function twice with other arities", m =>
        {
            foreach (var abi in m.Abis)
            {
                foreach (var f in abi.Functions.ToList())
                {
                    abi.Functions.Add(new FunctionDecl { Name = f.Name, File = f.File, Line = f.Line, Header = f.Header, Return = f.Parameters.Count > 0 ? f.Parameters[0].Type : f.Return, Parameters = f.Parameters.Skip(1).ToList() });
                    abi.Functions.Add(new FunctionDecl { Name = f.Name, Header = f.Header, Return = f.Return, Parameters = f.Parameters.Concat(f.Parameters).ToList(), IsVariadic = true, CallingConvention = "stdcall" });
                }

                abi.Functions.Reverse();
            }
        });
        yield return ("arity differs per ABI", m =>
        {
            for (var i = 0; i < m.Abis.Count; i++)
            {
                foreach (var f in m.Abis[i].Functions)
                {
                    f.Parameters = i == 0 ? Array.Empty<ParameterDecl>() : i == 1 ? f.Parameters.Concat(new[] { new ParameterDecl { Name = "extra", Type = f.Return } }).ToList() : f.Parameters;
                }
            }
        });
        yield return ("same record twice, fields reversed", m =>
        {
            foreach (var abi in m.Abis)
            {
                foreach (var r in abi.Records.ToList())
                {
                    abi.Records.Insert(0, new RecordDecl { Name = r.Name, Aliases = r.Aliases, Kind = CTypeKind.Union, Size = r.Size + 1, Align = 3, Fields = r.Fields.Reverse().ToList(), IsPacked = true });
                }
            }
        });
        yield return ("same enum and typedef twice", m =>
        {
            foreach (var abi in m.Abis)
            {
                foreach (var e in abi.Enums.ToList())
                {
                    abi.Enums.Insert(0, new EnumDecl { Name = e.Name, Aliases = e.Aliases, IntegerType = new CType { Kind = CTypeKind.Integer, Size = 8, Spelling = "long long" }, Enumerators = e.Enumerators.Select(x => new EnumeratorDecl { Name = x.Name, Value = x.Value == 0 ? long.MinValue : long.MaxValue }).ToList() });
                }

                foreach (var t in abi.Typedefs.ToList())
                {
                    abi.Typedefs.Insert(0, new TypedefDecl { Name = t.Name, Type = new CType { Kind = CTypeKind.Void, Spelling = "void" } });
                }

                foreach (var c in abi.Constants.ToList())
                {
                    abi.Constants.Add(new ConstantDecl { Name = c.Name, Value = ~c.Value, Text = "" });
                }
            }
        });
        yield return ("ABI listed twice, once not scanned", m =>
        {
            var again = ManifestReader.Read(ManifestWriter.Write(m));
            foreach (var abi in again.Abis)
            {
                abi.Scanned = false;
                m.Abis.Add(abi);
            }
        });
        yield return ("unknown and empty targets", m =>
        {
            for (var i = 0; i < m.Abis.Count; i++)
            {
                m.Abis[i].Target = i == 0 ? "plan9-mips" : i == 1 ? "" : "LINUX-X64";
            }
        });
        yield return ("not scanned, no diagnostics", m => m.Abis.ForEach(a => { a.Scanned = false; a.Diagnostics.Clear(); }));
        yield return ("no ABIs", m => m.Abis.Clear());
        yield return ("no headers", m => m.Headers.Clear());
        yield return ("header indices out of range", m =>
        {
            foreach (var abi in m.Abis)
            {
                for (var i = 0; i < abi.Functions.Count; i++)
                {
                    abi.Functions[i].Header = i % 2 == 0 ? -1 : 1000;
                }
            }
        });
        yield return ("empty names", m =>
        {
            foreach (var abi in m.Abis)
            {
                abi.Functions.ForEach(f => f.Parameters = f.Parameters.Select(p => new ParameterDecl { Name = "", Type = p.Type }).ToList());
                abi.Records.ForEach(r => { r.Name = ""; r.Fields = r.Fields.Select(x => new FieldDecl { Name = "", Type = x.Type, OffsetBits = -x.OffsetBits, BitWidth = 100_000 }).ToList(); });
                abi.Enums.ForEach(e => e.Name = "");
                abi.Typedefs.ForEach(t => t.Name = "");
            }
        });
        yield return ("odd file and line", m =>
        {
            foreach (var abi in m.Abis)
            {
                abi.Functions.ForEach(f => { f.File = "a\nb\"c\u0000d\\e"; f.Line = -7; });
                abi.Diagnostics.Add(new ScanDiagnostic { Severity = ScanSeverity.Fatal, File = "x.h", Line = int.MaxValue, Column = int.MaxValue, Message = "" });
                abi.Diagnostics.Add(new ScanDiagnostic { Severity = (ScanSeverity)17, File = "", Line = -1, Column = -1, Message = new string('m', 100_000) });
            }
        });
        yield return ("many header errors", m =>
        {
            foreach (var abi in m.Abis)
            {
                for (var i = 0; i < 500; i++)
                {
                    abi.Diagnostics.Add(new ScanDiagnostic { Severity = ScanSeverity.Error, File = "/usr/include/zlib.h", Line = i + 1, Column = 0, Message = "error " + i });
                }
            }
        });
        yield return ("pointers without pointee, arrays without element", m => EachType(m, t =>
        {
            t.Pointee = null;
            t.Element = null;
            t.ArrayLength = -5;
            if (t.Kind == CTypeKind.Integer)
            {
                t.Kind = CTypeKind.Array;
            }
        }));
        yield return ("function types without return", m => EachType(m, t =>
        {
            if (t.Kind == CTypeKind.Pointer || t.Kind == CTypeKind.Struct)
            {
                t.Kind = CTypeKind.Function;
                t.Return = null;
                t.Parameters = Array.Empty<CType>();
            }
        }));
        yield return ("every kind unknown, sizes 3", m => EachType(m, t => { t.Kind = CTypeKind.Unknown; t.Size = 3; t.Align = 0; }));
        yield return ("integers as enums, bools, chars, floats", m =>
        {
            var kinds = new[] { CTypeKind.Enum, CTypeKind.Bool, CTypeKind.Char, CTypeKind.Float, CTypeKind.Void, CTypeKind.Union };
            var i = 0;
            EachType(m, t => { t.Kind = kinds[i++ % kinds.Length]; t.DeclName = i % 2 == 0 ? "" : "no_such_decl"; });
        });
        yield return ("sizes at the extremes", m =>
        {
            var sizes = new[] { long.MaxValue, long.MinValue, 0L, -1L, 1L << 40, 16L, 2L };
            var i = 0;
            EachType(m, t => { t.Size = sizes[i++ % sizes.Length]; t.Align = sizes[(i + 3) % sizes.Length]; t.ArrayLength = sizes[(i + 1) % sizes.Length]; });
            foreach (var abi in m.Abis)
            {
                abi.Records.ForEach(r => { r.Size = long.MaxValue; r.Align = long.MinValue; });
            }
        });
        yield return ("long typedef chains and spellings", m => EachType(m, t =>
        {
            t.Typedefs = Enumerable.Range(0, 300).Select(n => "size_t" + (n % 3 == 0 ? "" : n.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
            t.Spelling = t.Spelling + new string('*', 2000) + "\u0001\u00ff";
        }));
        yield return ("wchar_t, bool and long typedefs everywhere", m =>
        {
            var names = new[] { "wchar_t", "size_t", "ssize_t", "bool", "_Bool", "uLong", "intptr_t", "char16_t", "BOOL", "lzma_bool" };
            var i = 0;
            EachType(m, t => t.Typedefs = new[] { names[i++ % names.Length] });
        });
        yield return ("ownership pairs to nowhere", m =>
        {
            foreach (var abi in m.Abis)
            {
                abi.Ownership.Add(new OwnershipPair { Allocator = "", Deallocator = "", Reason = OwnershipReason.Unknown });
                abi.Ownership.Add(new OwnershipPair { Allocator = "no_such_alloc", Deallocator = "no_such_free", Reason = OwnershipReason.Attribute });
                foreach (var f in abi.Functions.Take(30))
                {
                    abi.Ownership.Add(new OwnershipPair { Allocator = f.Name, Deallocator = f.Name, Reason = OwnershipReason.NamePair });
                    f.Attributes = new[] { "malloc", "ownership_returns", "ownership_takes", "deprecated", "", "static", "inline" };
                }
            }
        });
        yield return ("macro aliases in circles", m =>
        {
            foreach (var abi in m.Abis)
            {
                var names = abi.Functions.Select(f => f.Name).Take(20).ToList();
                for (var i = 0; i < names.Count; i++)
                {
                    abi.MacroAliases.Add(new MacroAliasDecl { Name = names[i], Target = names[(i + 1) % names.Count] });
                    abi.MacroAliases.Add(new MacroAliasDecl { Name = names[i] + "X", Target = names[i] + "X" });
                }
            }
        });
    }

    private static string ReplaceFirst(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        return at < 0 ? text : text.Substring(0, at) + with + text.Substring(at + what.Length);
    }
}
