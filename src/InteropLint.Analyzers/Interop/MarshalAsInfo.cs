using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers.Infrastructure
{
    /// <summary>
    /// The <c>[MarshalAs]</c> on a parameter or a return value, read from source attributes: the runtime and
    /// the LibraryImport generator decide from it how wide a <c>bool</c> or a <c>char</c> is and how strings travel.
    /// </summary>
    internal readonly struct MarshalAsInfo
    {
        // System.Runtime.InteropServices.UnmanagedType values used by the rules.
        public const short Bool = 2;
        public const short I1 = 3;
        public const short U1 = 4;
        public const short I2 = 5;
        public const short U2 = 6;
        public const short VariantBool = 37;
        public const short LPStr = 20;
        public const short LPWStr = 21;
        public const short LPTStr = 22;
        public const short LPArray = 42;
        public const short LPUTF8Str = 48;

        private MarshalAsInfo(short? value, short? arraySubType, AttributeData? attribute)
        {
            Value = value;
            ArraySubType = arraySubType;
            Attribute = attribute;
        }

        /// <summary>The <c>UnmanagedType</c> given, or null when there is no <c>[MarshalAs]</c>.</summary>
        public short? Value { get; }

        /// <summary><c>ArraySubType</c> when given.</summary>
        public short? ArraySubType { get; }

        public AttributeData? Attribute { get; }

        public static MarshalAsInfo Of(IParameterSymbol parameter, INamedTypeSymbol? marshalAs) => Find(parameter.GetAttributes(), marshalAs);

        public static MarshalAsInfo OfReturn(IMethodSymbol method, INamedTypeSymbol? marshalAs) => Find(method.GetReturnTypeAttributes(), marshalAs);

        /// <summary>Whether the assembly has <c>[DisableRuntimeMarshalling]</c>: <c>bool</c> is then 1 byte, <c>char</c> 2, and MarshalAs is not allowed.</summary>
        public static bool RuntimeMarshallingDisabled(Compilation compilation)
        {
            var attribute = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.DisableRuntimeMarshallingAttribute");
            if (attribute is null)
            {
                return false;
            }

            foreach (var a in compilation.Assembly.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The <c>UnmanagedType</c> name for a value, as code writes it.</summary>
        public static string Name(short value) => value switch
        {
            Bool => "Bool",
            I1 => "I1",
            U1 => "U1",
            I2 => "I2",
            U2 => "U2",
            VariantBool => "VariantBool",
            LPStr => "LPStr",
            LPWStr => "LPWStr",
            LPTStr => "LPTStr",
            LPUTF8Str => "LPUTF8Str",
            LPArray => "LPArray",
            _ => value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        private static MarshalAsInfo Find(ImmutableArray<AttributeData> attributes, INamedTypeSymbol? marshalAs)
        {
            foreach (var attribute in attributes)
            {
                var cls = attribute.AttributeClass;
                if (cls is null || !(marshalAs is null ? cls.Name == "MarshalAsAttribute" : SymbolEqualityComparer.Default.Equals(cls, marshalAs)))
                {
                    continue;
                }

                short? value = null;
                if (attribute.ConstructorArguments.Length == 1)
                {
                    value = AsShort(attribute.ConstructorArguments[0].Value);
                }

                short? sub = null;
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "ArraySubType")
                    {
                        sub = AsShort(named.Value.Value);
                    }
                }

                return new MarshalAsInfo(value, sub, attribute);
            }

            return default;
        }

        private static short? AsShort(object? raw) => raw switch
        {
            short s => s,
            int i when i >= short.MinValue && i <= short.MaxValue => (short)i,
            _ => null,
        };
    }
}
