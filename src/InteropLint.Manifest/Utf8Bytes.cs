using System;
using System.IO;
using System.Text;

namespace InteropLint.Manifest
{
    /// <summary>
    /// UTF-8 (no BOM) encoding of large builders and the write-if-changed of files. A manifest of a big header is
    /// megabytes: encoding the builder in small slices and comparing the old file in blocks avoids full-size
    /// string copies and reading the old file back as text.
    /// </summary>
    internal static class Utf8Bytes
    {
        public static readonly UTF8Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        private const int SliceChars = 16 * 1024;
        private const int BlockBytes = 64 * 1024;

        /// <summary>The builder's text as UTF-8 bytes; only the first <c>Length</c> bytes of <c>Buffer</c> count.</summary>
        public static (byte[] Buffer, int Length) Encode(StringBuilder text)
        {
            var encoder = Encoding.GetEncoder();
            var chars = new char[Math.Min(SliceChars, Math.Max(1, text.Length))];

            // Manifests are nearly all ASCII: one byte per char, grown only if the text says otherwise.
            var bytes = new byte[Math.Max(16, text.Length + (text.Length >> 6))];
            var length = 0;
            for (var start = 0; start < text.Length; start += chars.Length)
            {
                var count = Math.Min(chars.Length, text.Length - start);
                text.CopyTo(start, chars, 0, count);
                var last = start + count == text.Length;
                var needed = encoder.GetByteCount(chars, 0, count, flush: last);
                if (length + needed > bytes.Length)
                {
                    Array.Resize(ref bytes, Math.Max(bytes.Length * 2, length + needed));
                }

                length += encoder.GetBytes(chars, 0, count, bytes, length, flush: last);
            }

            return (bytes, length);
        }

        /// <summary>Writes the bytes unless the file already holds exactly them, so an unchanged file keeps its timestamp.</summary>
        public static void WriteIfChanged(string path, byte[] bytes, int length)
        {
            if (HasContent(path, bytes, length))
            {
                return;
            }

            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 4096);
            stream.Write(bytes, 0, length);
        }

        private static bool HasContent(string path, byte[] bytes, int length)
        {
            var file = new FileInfo(path);
            if (!file.Exists || file.Length != length)
            {
                return false;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            var block = new byte[Math.Min(BlockBytes, Math.Max(1, length))];
            var offset = 0;
            while (offset < length)
            {
                var read = stream.Read(block, 0, Math.Min(block.Length, length - offset));
                if (read <= 0)
                {
                    return false;
                }

                for (var i = 0; i < read; i++)
                {
                    if (block[i] != bytes[offset + i])
                    {
                        return false;
                    }
                }

                offset += read;
            }

            // The file may have grown since its length was taken.
            return stream.Read(block, 0, 1) == 0;
        }
    }
}
