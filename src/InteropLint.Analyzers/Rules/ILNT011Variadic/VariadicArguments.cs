using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>How an argument travels in a call: what decides where a variadic argument goes on each ABI.</summary>
    internal enum ArgumentClass
    {
        /// <summary>An integer, bool, char or enum: a general-purpose register or a stack slot of its size.</summary>
        Integer,
        /// <summary>A pointer, or what the marshaller passes as one (string, array, span, ref, SafeHandle, delegate).</summary>
        Pointer,
        /// <summary>A C# <c>float</c>: C promotes a float variadic argument to double, so it is wrong on every ABI.</summary>
        Single,
        Double,
        /// <summary>A struct by value, a custom marshaller, or anything else whose passing is not reasoned about.</summary>
        Unknown,
    }

    /// <summary>One C# parameter of a P/Invoke to a variadic C function, as the call passes it.</summary>
    internal sealed class PassedArgument
    {
        public PassedArgument(IParameterSymbol parameter, ArgumentClass kind, int size)
        {
            Parameter = parameter;
            Kind = kind;
            Size = size;
        }

        public IParameterSymbol Parameter { get; }

        public ArgumentClass Kind { get; }

        /// <summary>Bytes on a 64-bit ABI (pointers 8; CLong 8 off Windows).</summary>
        public int Size { get; }

        public bool IsFloatingPoint => Kind == ArgumentClass.Single || Kind == ArgumentClass.Double;

        /// <summary>Each parameter of the P/Invoke, classified from the one marshalling model.</summary>
        public static List<PassedArgument> Classify(PInvokeMethod pinvoke, MarshallingInfoParser marshalling, InteropTypes types)
        {
            var arguments = new List<PassedArgument>(pinvoke.Method.Parameters.Length);
            foreach (var parameter in pinvoke.Method.Parameters)
            {
                var info = marshalling.Parameter(pinvoke, parameter);
                arguments.Add(Classify(parameter, info, types));
            }

            return arguments;
        }

        private static PassedArgument Classify(IParameterSymbol parameter, MarshallingInfo info, InteropTypes types)
        {
            if (info.IsByReference)
            {
                return new PassedArgument(parameter, ArgumentClass.Pointer, 8);
            }

            switch (info.Kind)
            {
                case MarshallingKind.Pointer:
                case MarshallingKind.String:
                case MarshallingKind.StringBuilder:
                case MarshallingKind.SafeHandle:
                case MarshallingKind.Delegate:
                case MarshallingKind.FunctionPointer:
                case MarshallingKind.FormattedClass:
                    return new PassedArgument(parameter, ArgumentClass.Pointer, 8);
                case MarshallingKind.Bool:
                    return info.BoolWidth is int width ? new PassedArgument(parameter, ArgumentClass.Integer, width) : Unknown(parameter);
                case MarshallingKind.Char:
                    return new PassedArgument(parameter, ArgumentClass.Integer, info.Encoding == TextEncoding.Utf16 ? 2 : 1);
                case MarshallingKind.Blittable:
                    return Blittable(parameter, info.Type, types);
                default:
                    return Unknown(parameter);
            }
        }

        private static PassedArgument Blittable(IParameterSymbol parameter, ITypeSymbol type, InteropTypes types)
        {
            if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
            {
                type = underlying;
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_Single:
                    return new PassedArgument(parameter, ArgumentClass.Single, 4);
                case SpecialType.System_Double:
                    return new PassedArgument(parameter, ArgumentClass.Double, 8);
                case SpecialType.System_Byte:
                case SpecialType.System_SByte:
                    return new PassedArgument(parameter, ArgumentClass.Integer, 1);
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                    return new PassedArgument(parameter, ArgumentClass.Integer, 2);
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                    return new PassedArgument(parameter, ArgumentClass.Integer, 4);
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                    return new PassedArgument(parameter, ArgumentClass.Integer, 8);
                case SpecialType.System_IntPtr:
                case SpecialType.System_UIntPtr:
                    return new PassedArgument(parameter, ArgumentClass.Pointer, 8);
            }

            if (types.IsCLong(type) || types.IsCULong(type))
            {
                return new PassedArgument(parameter, ArgumentClass.Integer, 8); // 8 on every 64-bit ABI but Windows, where only register ABIs matter here
            }

            return Unknown(parameter);
        }

        private static PassedArgument Unknown(IParameterSymbol parameter) => new PassedArgument(parameter, ArgumentClass.Unknown, 0);
    }
}
