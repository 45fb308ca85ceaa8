using System;
using System.IO;

namespace InteropLint.Manifest
{
    /// <summary>Writes a manifest as JSON (see <see cref="ManifestCodec"/> and the entity codecs under <c>Codecs/</c>).</summary>
    public static class ManifestWriter
    {
        public static string Write(NativeManifest manifest) => ManifestCodec.Write(manifest).ToString();

        public static void WriteFile(NativeManifest manifest, string path)
        {
            var text = ManifestCodec.Write(manifest);
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            var bytes = Utf8Bytes.Encode(text);
            Utf8Bytes.WriteIfChanged(path, bytes.Buffer, bytes.Length);
        }

        /// <summary>Writes UTF-8 text, leaving an identical file untouched so its timestamp keeps incremental builds quiet.</summary>
        public static void WriteTextIfChanged(string path, string text)
        {
            var bytes = Utf8Bytes.Encoding.GetBytes(text);
            Utf8Bytes.WriteIfChanged(path, bytes, bytes.Length);
        }
    }
}
