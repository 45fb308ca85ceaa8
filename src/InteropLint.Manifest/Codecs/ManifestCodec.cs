using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace InteropLint.Manifest
{
    /// <summary>
    /// The whole <see cref="NativeManifest"/>: format version, generator, header items, the file table, the ABIs.
    /// Deterministic: declarations are sorted, types are interned in order of first use, nothing depends on time or
    /// machine — the same headers give a byte-identical file. Unknown properties are skipped on reading, so a newer
    /// writer's additions do not break an older reader of the same format version.
    /// </summary>
    internal static class ManifestCodec
    {
        private const string Format = "format";
        private const string Generator = "generator";
        private const string Headers = "headers";
        private const string Files = "files";
        private const string Abis = "abis";

        /// <summary>
        /// The whole manifest in one builder. The file table comes before the ABIs and each ABI's type table before
        /// its declarations, so a first pass interns files and types in the order the declarations are written;
        /// the ABIs are then written straight into the output instead of being assembled from intermediate strings.
        /// </summary>
        public static StringBuilder Write(NativeManifest manifest)
        {
            if (manifest is null)
            {
                throw new ArgumentNullException(nameof(manifest));
            }

            var files = new FileTable();
            var abis = manifest.Abis.OrderBy(a => a.Target, StringComparer.Ordinal).Select(abi => AbiCodec.Intern(abi, files)).ToList();
            files.Frozen = true;

            var sb = new StringBuilder();
            var w = new JsonWriter(sb);
            w.StartObject();
            w.Property(Format, manifest.FormatVersion);
            w.Property(Generator, manifest.Generator);
            w.NewLine();
            w.Name(Headers);
            w.StartArray();
            foreach (var h in manifest.Headers)
            {
                HeaderCodec.Write(w, h);
            }

            w.EndArray();
            w.NewLine();
            w.Name(Files);
            w.StartArray();
            foreach (var f in files.Items)
            {
                w.Value(f);
            }

            w.EndArray();
            w.NewLine();
            w.Name(Abis);
            w.StartArray();
            for (var i = 0; i < abis.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                AbiCodec.Write(sb, abis[i], files);
            }

            sb.Append("]}\n");
            return sb;
        }

        public static NativeManifest Read(string text)
        {
            var r = new JsonReader(text);
            var format = 0;
            var generator = "";
            var headers = new List<ManifestHeader>();
            var files = new List<string>();
            var abis = new List<AbiManifest>();
            r.StartObject();
            while (r.NextProperty(out var name))
            {
                switch (name)
                {
                    case Format:
                        format = r.ReadInt();
                        if (format != NativeManifest.CurrentFormatVersion)
                        {
                            throw new ManifestFormatException(
                                "manifest format " + format.ToString(CultureInfo.InvariantCulture)
                                + " is not the format this InteropLint reads (" + NativeManifest.CurrentFormatVersion.ToString(CultureInfo.InvariantCulture)
                                + "); scan the headers again");
                        }

                        break;
                    case Generator:
                        generator = r.ReadString();
                        break;
                    case Headers:
                        r.StartArray();
                        while (r.NextItem())
                        {
                            headers.Add(HeaderCodec.Read(r));
                        }

                        break;
                    case Files:
                        r.StartArray();
                        while (r.NextItem())
                        {
                            files.Add(r.ReadString());
                        }

                        break;
                    case Abis:
                        if (format != NativeManifest.CurrentFormatVersion)
                        {
                            throw new ManifestFormatException("manifest has no format version before its content");
                        }

                        r.StartArray();
                        while (r.NextItem())
                        {
                            abis.Add(AbiCodec.Read(r, files));
                        }

                        break;
                    default:
                        r.Skip();
                        break;
                }
            }

            r.EndOfInput();
            if (format != NativeManifest.CurrentFormatVersion)
            {
                throw new ManifestFormatException("not an InteropLint manifest: no format version");
            }

            return new NativeManifest { FormatVersion = format, Generator = generator, Headers = headers, Abis = abis };
        }
    }
}
