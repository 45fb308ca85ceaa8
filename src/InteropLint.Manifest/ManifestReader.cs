using System;

namespace InteropLint.Manifest
{
    /// <summary>
    /// Reads a manifest written by <see cref="ManifestWriter"/> (see <see cref="ManifestCodec"/> and the entity codecs
    /// under <c>Codecs/</c>). Unknown properties are skipped, so a newer writer's additions do not break an older
    /// reader of the same format version.
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
                return ManifestCodec.Read(text);
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
    }
}
