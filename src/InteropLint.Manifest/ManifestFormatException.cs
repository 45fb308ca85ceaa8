using System;

namespace InteropLint.Manifest
{
    /// <summary>The manifest text is not a manifest this version can read.</summary>
    public sealed class ManifestFormatException : Exception
    {
        public ManifestFormatException(string message)
            : base(message)
        {
        }
    }
}
