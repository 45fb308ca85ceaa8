using InteropLint.Manifest;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// ILNT005 at Info: a P/Invoke declared <c>void</c> for a C function that returns a status or an answer (an integer,
    /// bool, enum or floating-point value). The call is right on every ABI — the value is left in a register nobody
    /// reads — but the caller cannot see it (<c>sodium_init</c>'s failure, <c>SDL_HasARMSIMD</c>'s answer), so it is said
    /// at a lower severity than a mismatch. A pointer return is not reported: it usually echoes an argument (<c>strcpy</c>).
    /// The opposite, a value read from a C <c>void</c> function, stays a warning (see docs/rules/ILNT005.md).
    /// </summary>
    internal static class DroppedReturn
    {
        /// <summary>The message, or null when the P/Invoke returns a value or C returns nothing worth reading on some ABI.</summary>
        public static string? Describe(BoundPInvoke bound)
        {
            var method = bound.PInvoke.Method;
            if (!method.ReturnsVoid)
            {
                return null;
            }

            var c = bound.Function.First;
            foreach (var found in bound.Function.Found)
            {
                var shape = ValueShapes.Of(found.Declaration.Return);
                if (!(ValueShapes.IsIntegral(shape) || shape == ValueShape.Float))
                {
                    return null;
                }
            }

            var why = c.HasAttribute("warn_unused_result") ? ", which the header marks warn_unused_result" : "";
            return "'" + c.Name + "' returns '" + c.Return.Spelling + "' (" + MessageText.Where(c) + ": " + ValueShapes.Prototype(c) + ")" + why
                + " but the P/Invoke returns 'void', so callers cannot see it; the call itself is right on every ABI. Declare the return value to read it"
                + MessageText.NotChecked(bound.Function.NotChecked);
        }
    }
}
