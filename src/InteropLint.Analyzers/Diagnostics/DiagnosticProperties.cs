using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// What a rule passes to its fix in <see cref="Diagnostic.Properties"/>, written and read one way, so a fix
    /// never recomputes what the analyzer knew and never parses a number its own way.
    /// </summary>
    internal static class DiagnosticProperties
    {
        /// <summary>The signature slot a diagnostic is about: <c>-1</c> the return value, else the parameter index.</summary>
        public const string Slot = "Slot";

        /// <summary>An integer as a property value (invariant culture).</summary>
        public static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>A text property, or false when it is absent or null.</summary>
        public static bool TryGetText(this ImmutableDictionary<string, string?> properties, string key, out string value)
        {
            properties.TryGetValue(key, out var text);
            value = text ?? "";
            return text != null;
        }

        /// <summary>An integer property, or false when it is absent or not an integer.</summary>
        public static bool TryGetInteger(this ImmutableDictionary<string, string?> properties, string key, out int value)
        {
            value = 0;
            return properties.TryGetValue(key, out var text)
                && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
        }

        /// <summary>The <see cref="Slot"/> property of a diagnostic.</summary>
        public static bool TryGetSlot(this Diagnostic diagnostic, out int slot) => diagnostic.Properties.TryGetInteger(Slot, out slot);
    }
}
