using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers.Infrastructure
{
    /// <summary>How the interop marshaller passes a by-value <c>string</c> argument to native code.</summary>
    internal enum StringArgumentMarshalling
    {
        /// <summary>Not a by-value string, or a form we do not reason about (BSTR, custom marshallers).</summary>
        Unknown,

        /// <summary>UTF-16, pinned in place: no copy (<c>CharSet.Unicode</c>, <c>LPWStr</c>, LibraryImport Utf16).</summary>
        PinnedUtf16,

        /// <summary>Encoded to UTF-8 into a fresh native buffer on every call (<c>LPUTF8Str</c>, LibraryImport Utf8).</summary>
        CopiedUtf8,

        /// <summary>
        /// Encoded to the ANSI code page on Windows and UTF-8 elsewhere, into a fresh buffer on every call
        /// (DllImport's default <c>CharSet.Ansi</c>, <c>LPStr</c>).
        /// </summary>
        CopiedAnsi,

        /// <summary><c>CharSet.Auto</c>: pinned UTF-16 on Windows, copied UTF-8 on Unix.</summary>
        CopiedOnUnixOnly,
    }

    internal static class StringMarshalling
    {
        // System.Runtime.InteropServices.UnmanagedType values (the enum in netstandard2.0 lacks LPUTF8Str's name).
        private const int LPStr = 20;
        private const int LPWStr = 21;
        private const int LPTStr = 22;
        private const int LPUTF8Str = 48;

        // LibraryImportAttribute.StringMarshalling values.
        private const int LibraryImportUtf8 = 1;
        private const int LibraryImportUtf16 = 2;

        /// <summary>What the marshaller does with <paramref name="parameter"/> when it is a by-value <c>string</c>.</summary>
        public static StringArgumentMarshalling Classify(PInvokeMethod pinvoke, IParameterSymbol parameter, INamedTypeSymbol? marshalAsAttribute)
        {
            if (parameter.Type.SpecialType != SpecialType.System_String || parameter.RefKind != RefKind.None)
            {
                return StringArgumentMarshalling.Unknown;
            }

            var marshalAs = MarshalAsValue(parameter, marshalAsAttribute);
            if (marshalAs.HasValue)
            {
                switch (marshalAs.Value)
                {
                    case LPUTF8Str:
                        return StringArgumentMarshalling.CopiedUtf8;
                    case LPStr:
                        return StringArgumentMarshalling.CopiedAnsi;
                    case LPWStr:
                        return StringArgumentMarshalling.PinnedUtf16;
                    case LPTStr:
                        // .NET Core marshals LPTStr as UTF-16 on every platform.
                        return StringArgumentMarshalling.PinnedUtf16;
                    default:
                        return StringArgumentMarshalling.Unknown;
                }
            }

            if (pinvoke.IsLibraryImport)
            {
                return pinvoke.StringMarshalling switch
                {
                    LibraryImportUtf8 => StringArgumentMarshalling.CopiedUtf8,
                    LibraryImportUtf16 => StringArgumentMarshalling.PinnedUtf16,
                    _ => StringArgumentMarshalling.Unknown, // Custom marshaller, or none (a compile error)
                };
            }

            return pinvoke.CharSet switch
            {
                CharSet.Unicode => StringArgumentMarshalling.PinnedUtf16,
                CharSet.Auto => StringArgumentMarshalling.CopiedOnUnixOnly,
                _ => StringArgumentMarshalling.CopiedAnsi, // None and Ansi
            };
        }

        private static int? MarshalAsValue(IParameterSymbol parameter, INamedTypeSymbol? marshalAsAttribute)
        {
            if (marshalAsAttribute is null)
            {
                return null;
            }

            foreach (var attribute in parameter.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, marshalAsAttribute)
                    || attribute.ConstructorArguments.Length != 1)
                {
                    continue;
                }

                switch (attribute.ConstructorArguments[0].Value)
                {
                    case int i:
                        return i;
                    case short s:
                        return s;
                }
            }

            return null;
        }
    }
}
