using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// The one reader of marshalling attributes (as dotnet/runtime's MarshalAsParser and DefaultMarshallingInfoParser are
    /// for the generator): <c>[MarshalAs]</c> with ArraySubType, SizeConst and MarshalTypeRef; <c>[MarshalUsing]</c>;
    /// <c>[NativeMarshalling]</c> on the type; DllImport's CharSet; LibraryImport's StringMarshalling; the assembly's
    /// <c>[DisableRuntimeMarshalling]</c>. Each slot is read once per compilation (the cache lives as long as it).
    /// </summary>
    internal sealed class MarshallingInfoParser
    {
        private static readonly ConditionalWeakTable<Compilation, MarshallingInfoParser> PerCompilation = new ConditionalWeakTable<Compilation, MarshallingInfoParser>();

        private readonly ConcurrentDictionary<(ISymbol Symbol, bool IsReturn), MarshallingInfo> _cache =
            new ConcurrentDictionary<(ISymbol, bool), MarshallingInfo>(new SlotComparer());

        private readonly InteropTypes _types;
        private readonly INamedTypeSymbol? _marshalUsing;
        private readonly INamedTypeSymbol? _nativeMarshalling;

        private MarshallingInfoParser(Compilation compilation)
        {
            _types = InteropTypes.Create(compilation);
            _marshalUsing = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.Marshalling.MarshalUsingAttribute");
            _nativeMarshalling = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.Marshalling.NativeMarshallingAttribute");
            RuntimeMarshallingDisabled = HasAssemblyAttribute(compilation, "System.Runtime.CompilerServices.DisableRuntimeMarshallingAttribute");
        }

        /// <summary>Whether the assembly has <c>[DisableRuntimeMarshalling]</c>: DllImport then passes bool as 1 byte, char as 2, and forbids MarshalAs.</summary>
        public bool RuntimeMarshallingDisabled { get; }

        public static MarshallingInfoParser For(Compilation compilation) => PerCompilation.GetValue(compilation, c => new MarshallingInfoParser(c));

        /// <summary>A P/Invoke's parameter (remembered with the P/Invoke, <see cref="PInvokeMethod.Marshalling"/>).</summary>
        public MarshallingInfo Parameter(PInvokeMethod pinvoke, IParameterSymbol parameter)
        {
            var slot = parameter.Ordinal + 1;
            if (slot < pinvoke.Marshalling.Length && ReferenceEquals(pinvoke.Method.Parameters[parameter.Ordinal], parameter))
            {
                return Volatile.Read(ref pinvoke.Marshalling[slot]) ?? Remember(pinvoke.Marshalling, slot, ParseParameter(pinvoke, parameter));
            }

            return _cache.GetOrAdd((parameter, false), _ => ParseParameter(pinvoke, parameter)); // a parameter of another declaration of the method
        }

        /// <summary>A P/Invoke's return value (remembered with the P/Invoke).</summary>
        public MarshallingInfo Return(PInvokeMethod pinvoke) =>
            Volatile.Read(ref pinvoke.Marshalling[0])
            ?? Remember(pinvoke.Marshalling, 0, Parse(pinvoke.Method.ReturnType, RefKind.None, pinvoke.Method.GetReturnTypeAttributes(), TextDefault(pinvoke), pinvoke.IsLibraryImport, true));

        /// <summary>The first slot's entry stored wins: one instance even when two threads parse it at once.</summary>
        private static MarshallingInfo Remember(MarshallingInfo?[] slots, int slot, MarshallingInfo parsed) =>
            Interlocked.CompareExchange(ref slots[slot], parsed, null) ?? parsed;

        private MarshallingInfo ParseParameter(PInvokeMethod pinvoke, IParameterSymbol parameter) =>
            Parse(parameter.Type, parameter.RefKind, parameter.GetAttributes(), TextDefault(pinvoke), pinvoke.IsLibraryImport, false);

        /// <summary>A field of a struct (or formatted class) the runtime marshaller copies, with its type's <c>[StructLayout]</c> CharSet.</summary>
        public MarshallingInfo Field(IFieldSymbol field) =>
            _cache.GetOrAdd((field, false), _ => Parse(field.Type, RefKind.None, field.GetAttributes(), FromCharSet(CharSetOf(field.ContainingType)), false, false, shallow: true));

        /// <summary>The raw <c>[MarshalAs]</c> of a set of attributes, compared by symbol with the well-known attribute type.</summary>
        internal static (UnmanagedType? Value, UnmanagedType? ArraySubType, int SizeConst, ITypeSymbol? MarshalTypeRef, bool Found) ReadMarshalAs(ImmutableArray<AttributeData> attributes, INamedTypeSymbol? marshalAs)
        {
            if (marshalAs is null)
            {
                return default;
            }

            foreach (var attribute in attributes)
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, marshalAs))
                {
                    continue;
                }

                UnmanagedType? value = attribute.ConstructorArguments.Length == 1 ? AsUnmanagedType(attribute.ConstructorArguments[0].Value) : null;
                UnmanagedType? sub = null;
                var sizeConst = 0;
                ITypeSymbol? typeRef = null;
                foreach (var named in attribute.NamedArguments)
                {
                    switch (named.Key)
                    {
                        case "ArraySubType":
                            sub = AsUnmanagedType(named.Value.Value);
                            break;
                        case "SizeConst" when named.Value.Value is int n:
                            sizeConst = n;
                            break;
                        case "MarshalTypeRef":
                            typeRef = named.Value.Value as ITypeSymbol;
                            break;
                    }
                }

                return (value, sub, sizeConst, typeRef, true);
            }

            return default;
        }

        private MarshallingInfo Parse(ITypeSymbol type, RefKind refKind, ImmutableArray<AttributeData> attributes, (TextEncoding Encoding, string Source) textDefault, bool isLibraryImport, bool isReturn, bool shallow = false)
        {
            var marshalAs = ReadMarshalAs(attributes, _types.MarshalAs);
            var custom = marshalAs.Value == UnmanagedType.CustomMarshaler ? marshalAs.MarshalTypeRef : null;
            var hasCustom = marshalAs.Value == UnmanagedType.CustomMarshaler;
            foreach (var attribute in attributes)
            {
                if (_marshalUsing != null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _marshalUsing))
                {
                    // [MarshalUsing(typeof(M))] names a marshaller; [MarshalUsing(CountElementName = ...)] only sizes a collection.
                    if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is ITypeSymbol marshaller)
                    {
                        custom = marshaller;
                        hasCustom = true;
                    }
                }
            }

            var builtIn = KindOf(type, shallow);

            // A type's own [NativeMarshalling] counts for user types only: Span<T> and ReadOnlySpan<T> carry one too,
            // and it is the generator's built-in marshaller (a pointer to the elements).
            if (!hasCustom && builtIn != MarshallingKind.Span && NativeMarshallingOf(type) is ITypeSymbol typeMarshaller)
            {
                custom = typeMarshaller;
                hasCustom = true;
            }

            var kind = hasCustom ? MarshallingKind.Custom : builtIn;
            ITypeSymbol? element = null;
            var elementKind = MarshallingKind.Unknown;
            if (type is IArrayTypeSymbol array)
            {
                element = array.ElementType;
            }
            else if (kind == MarshallingKind.Span && type is INamedTypeSymbol span && span.TypeArguments.Length == 1)
            {
                element = span.TypeArguments[0];
            }

            if (element != null)
            {
                elementKind = KindOf(element, shallow);
            }

            var textKind = element != null ? elementKind : kind;
            var (encoding, source) = textKind == MarshallingKind.String || textKind == MarshallingKind.Char || textKind == MarshallingKind.StringBuilder
                ? Encoding(element != null ? marshalAs.ArraySubType : marshalAs.Value, textDefault, isLibraryImport, textKind)
                : (TextEncoding.None, "");
            return new MarshallingInfo(type, refKind, kind, element, elementKind, marshalAs.Value, marshalAs.ArraySubType, marshalAs.SizeConst, custom, encoding, source, isLibraryImport, RuntimeMarshallingDisabled, isReturn);
        }

        private MarshallingKind KindOf(ITypeSymbol type, bool shallow)
        {
            // What the value is comes from the one classification of C# values; the marshalling kind refines it.
            switch (ValueShapes.Of(type, RefKind.None, _types))
            {
                case ValueShape.Bool:
                    return MarshallingKind.Bool;
                case ValueShape.Character:
                    return MarshallingKind.Char;
                case ValueShape.Text:
                    return type.SpecialType == SpecialType.System_String ? MarshallingKind.String : MarshallingKind.StringBuilder;
                case ValueShape.Enum:
                    return MarshallingKind.Blittable;
                case ValueShape.Function:
                    return type is IFunctionPointerTypeSymbol ? MarshallingKind.FunctionPointer : MarshallingKind.Delegate;
                case ValueShape.Unknown when type.SpecialType == SpecialType.System_Object:
                    return MarshallingKind.Unknown;
            }

            if (type is IPointerTypeSymbol || type.SpecialType == SpecialType.System_IntPtr || type.SpecialType == SpecialType.System_UIntPtr)
            {
                return MarshallingKind.Pointer;
            }

            if (type is IArrayTypeSymbol)
            {
                return MarshallingKind.Array;
            }

            if (ValueShapes.IsSpan(type))
            {
                return MarshallingKind.Span;
            }

            if (_types.SafeHandle != null && DerivesFrom(type, _types.SafeHandle))
            {
                return MarshallingKind.SafeHandle;
            }

            if (type.TypeKind == TypeKind.Struct)
            {
                if (RuntimeMarshallingDisabled)
                {
                    return MarshallingKind.Blittable;
                }

                // A field's struct type is not classified: blittability reads the fields' [MarshalAs] through this parser,
                // and a struct that holds itself (a compile error the analyzers still see) must not recurse without end.
                if (shallow)
                {
                    return MarshallingKind.Unknown;
                }

                return Blittability.IsBlittable(type, _types) ? MarshallingKind.Blittable : MarshallingKind.MarshalledStruct;
            }

            if (type.TypeKind == TypeKind.Class && type is INamedTypeSymbol cls && IsFormatted(cls))
            {
                return MarshallingKind.FormattedClass;
            }

            return MarshallingKind.Unknown;
        }

        private CharSet CharSetOf(INamedTypeSymbol? type)
        {
            foreach (var attribute in type?.GetAttributes() ?? ImmutableArray<AttributeData>.Empty)
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _types.StructLayout))
                {
                    foreach (var named in attribute.NamedArguments)
                    {
                        if (named.Key == "CharSet" && named.Value.Value is int charSet)
                        {
                            return (CharSet)charSet;
                        }
                    }
                }
            }

            return CharSet.Ansi;
        }

        /// <summary>A class with <c>[StructLayout(Sequential)]</c> or <c>(Explicit)</c> (classes default to Auto).</summary>
        private bool IsFormatted(INamedTypeSymbol type)
        {
            foreach (var attribute in type.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _types.StructLayout)
                    && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int kind)
                {
                    return kind == (int)LayoutKind.Sequential || kind == (int)LayoutKind.Explicit;
                }
            }

            return false;
        }

        private ITypeSymbol? NativeMarshallingOf(ITypeSymbol type)
        {
            if (_nativeMarshalling is null)
            {
                return null;
            }

            foreach (var attribute in type.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _nativeMarshalling)
                    && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is ITypeSymbol marshaller)
                {
                    return marshaller;
                }
            }

            return null;
        }

        /// <summary>The encoding a string/char slot gets: its own UnmanagedType first, then the method's (or struct's) default.</summary>
        private static (TextEncoding, string) Encoding(UnmanagedType? given, (TextEncoding Encoding, string Source) fallback, bool isLibraryImport, MarshallingKind kind)
        {
            switch (given)
            {
                case UnmanagedType.LPStr:
                    return (TextEncoding.Ansi, "[MarshalAs(UnmanagedType.LPStr)]");
                case MarshallingInfo.LPUTF8Str:
                    return (TextEncoding.Utf8, "[MarshalAs(UnmanagedType.LPUTF8Str)]");
                case UnmanagedType.LPWStr:
                    return (TextEncoding.Utf16, "[MarshalAs(UnmanagedType.LPWStr)]");
                case UnmanagedType.LPTStr:
                    // .NET Core marshals LPTStr as UTF-16 on every platform, whatever the CharSet.
                    return (TextEncoding.Utf16, "[MarshalAs(UnmanagedType.LPTStr)]");
                case UnmanagedType.U1:
                case UnmanagedType.I1:
                    return kind == MarshallingKind.Char ? (TextEncoding.Ansi, "[MarshalAs(UnmanagedType." + given + ")]") : (TextEncoding.None, "");
                case UnmanagedType.U2:
                case UnmanagedType.I2:
                    return kind == MarshallingKind.Char ? (TextEncoding.Utf16, "[MarshalAs(UnmanagedType." + given + ")]") : (TextEncoding.None, "");
                case UnmanagedType.ByValTStr:
                case null:
                    return fallback; // ByValTStr: inline characters in the struct's CharSet
                default:
                    return (TextEncoding.None, "");
            }
        }

        private static (TextEncoding, string) TextDefault(PInvokeMethod pinvoke)
        {
            if (pinvoke.IsLibraryImport)
            {
                return pinvoke.StringMarshalling switch
                {
                    1 => (TextEncoding.Utf8, "StringMarshalling.Utf8"),
                    2 => (TextEncoding.Utf16, "StringMarshalling.Utf16"),
                    _ => (TextEncoding.None, ""), // a custom marshaller, or none (a compile error for strings)
                };
            }

            return FromCharSet(pinvoke.CharSet);
        }

        private static (TextEncoding, string) FromCharSet(CharSet charSet) => charSet switch
        {
            CharSet.Unicode => (TextEncoding.Utf16, "CharSet.Unicode"),
            CharSet.Auto => (TextEncoding.Auto, "CharSet.Auto"),
            _ => (TextEncoding.Ansi, "CharSet.Ansi, DllImport's default"),
        };

        private static bool DerivesFrom(ITypeSymbol type, INamedTypeSymbol baseType)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t, baseType))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasAssemblyAttribute(Compilation compilation, string metadataName)
        {
            var attribute = compilation.GetTypeByMetadataName(metadataName);
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

        private static UnmanagedType? AsUnmanagedType(object? raw) => raw switch
        {
            short s => (UnmanagedType)s,
            int i => (UnmanagedType)i,
            _ => null,
        };

        /// <summary>Symbols by identity, and the return slot apart from the method.</summary>
        private sealed class SlotComparer : System.Collections.Generic.IEqualityComparer<(ISymbol Symbol, bool IsReturn)>
        {
            public bool Equals((ISymbol Symbol, bool IsReturn) x, (ISymbol Symbol, bool IsReturn) y) =>
                x.IsReturn == y.IsReturn && SymbolEqualityComparer.Default.Equals(x.Symbol, y.Symbol);

            public int GetHashCode((ISymbol Symbol, bool IsReturn) obj) => SymbolEqualityComparer.Default.GetHashCode(obj.Symbol) * 2 + (obj.IsReturn ? 1 : 0);
        }
    }
}
