using System.Runtime.InteropServices;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>What crosses the boundary in one slot, as the marshaller sees it.</summary>
    internal enum MarshallingKind
    {
        /// <summary>A blittable value (integers, floats, enums, nint, CLong, blittable structs): its bytes as they are.</summary>
        Blittable,

        /// <summary>A managed pointer type (<c>T*</c>, <c>void*</c>), or IntPtr/UIntPtr.</summary>
        Pointer,

        Bool,

        Char,

        String,

        StringBuilder,

        /// <summary>A managed array: a pointer to its elements as a parameter; inline storage as a ByValArray field.</summary>
        Array,

        /// <summary><c>Span&lt;T&gt;</c>/<c>ReadOnlySpan&lt;T&gt;</c> under LibraryImport's built-in marshallers: a pointer to the elements.</summary>
        Span,

        SafeHandle,

        Delegate,

        /// <summary>A <c>delegate* unmanaged</c>: a code pointer.</summary>
        FunctionPointer,

        /// <summary>A struct that is not blittable (it holds bool, char, strings, arrays…): marshalled to a native copy.</summary>
        MarshalledStruct,

        /// <summary>A class with <c>[StructLayout(Sequential|Explicit)]</c>: passed as a pointer to its marshalled copy.</summary>
        FormattedClass,

        /// <summary>A custom marshaller decides (<c>UnmanagedType.CustomMarshaler</c>, <c>[MarshalUsing]</c>, <c>[NativeMarshalling]</c>).</summary>
        Custom,

        /// <summary>Anything else (object, interfaces, generic types): not reasoned about.</summary>
        Unknown,
    }

    /// <summary>The text encoding a string or char is converted to.</summary>
    internal enum TextEncoding
    {
        None,

        Utf8,

        Utf16,

        /// <summary>The ANSI code page on Windows, UTF-8 elsewhere (DllImport's default, <c>LPStr</c>): 1-byte units.</summary>
        Ansi,

        /// <summary><c>CharSet.Auto</c>: UTF-16 on Windows, UTF-8 elsewhere.</summary>
        Auto,
    }

    /// <summary>Who releases native memory the callee hands back in this slot.</summary>
    internal enum NativeRelease
    {
        /// <summary>Nothing is released by the marshaller (values, pointers, IntPtr).</summary>
        None,

        /// <summary>The built-in marshaller frees the native buffer with CoTaskMemFree (free() on Unix): returned strings and arrays.</summary>
        MarshallerFrees,

        /// <summary>A custom marshaller's cleanup (<c>CleanUpNativeData</c>, <c>Free</c>) decides.</summary>
        CustomMarshaller,

        /// <summary>A SafeHandle: its ReleaseHandle.</summary>
        SafeHandle,
    }

    /// <summary>
    /// How one parameter, return value or field crosses the native boundary: read once by
    /// <see cref="MarshallingInfoParser"/> from the type, RefKind, <c>[MarshalAs]</c>, CharSet, StringMarshalling,
    /// <c>[MarshalUsing]</c>, <c>[NativeMarshalling]</c> and <c>DisableRuntimeMarshalling</c>, and asked by every rule.
    /// </summary>
    internal sealed class MarshallingInfo
    {
        /// <summary><c>UnmanagedType.LPUTF8Str</c>, which netstandard2.0's enum does not name.</summary>
        public const UnmanagedType LPUTF8Str = (UnmanagedType)48;

        internal MarshallingInfo(
            ITypeSymbol type,
            RefKind refKind,
            MarshallingKind kind,
            ITypeSymbol? element,
            MarshallingKind elementKind,
            UnmanagedType? marshalAs,
            UnmanagedType? arraySubType,
            int sizeConst,
            ITypeSymbol? customMarshaller,
            TextEncoding encoding,
            string encodingSource,
            bool isLibraryImport,
            bool runtimeMarshallingDisabled,
            bool isReturn)
        {
            Type = type;
            RefKind = refKind;
            Kind = kind;
            Element = element;
            ElementKind = elementKind;
            MarshalAs = marshalAs;
            ArraySubType = arraySubType;
            SizeConst = sizeConst;
            CustomMarshaller = customMarshaller;
            Encoding = encoding;
            EncodingSource = encodingSource;
            IsLibraryImport = isLibraryImport;
            RuntimeMarshallingDisabled = runtimeMarshallingDisabled;
            IsReturn = isReturn;
        }

        public ITypeSymbol Type { get; }

        /// <summary>ref/in/out (a pointer to the value) or none.</summary>
        public RefKind RefKind { get; }

        public MarshallingKind Kind { get; }

        /// <summary>The element of an array or span, else null.</summary>
        public ITypeSymbol? Element { get; }

        /// <summary>How the element of an array or span crosses (Bool, Char, Blittable…); <see cref="MarshallingKind.Unknown"/> when there is none.</summary>
        public MarshallingKind ElementKind { get; }

        /// <summary>The <c>[MarshalAs]</c> UnmanagedType, when given.</summary>
        public UnmanagedType? MarshalAs { get; }

        public UnmanagedType? ArraySubType { get; }

        /// <summary><c>SizeConst</c> of <c>[MarshalAs]</c> (0 when not given).</summary>
        public int SizeConst { get; }

        /// <summary>The marshaller type of <c>MarshalTypeRef</c>, <c>[MarshalUsing]</c> or <c>[NativeMarshalling]</c>.</summary>
        public ITypeSymbol? CustomMarshaller { get; }

        /// <summary>The encoding of a string, StringBuilder or char (of the element for arrays of them).</summary>
        public TextEncoding Encoding { get; }

        /// <summary>Where <see cref="Encoding"/> came from, as code writes it ("[MarshalAs(UnmanagedType.LPWStr)]", "CharSet.Unicode").</summary>
        public string EncodingSource { get; }

        public bool IsLibraryImport { get; }

        public bool RuntimeMarshallingDisabled { get; }

        public bool IsReturn { get; }

        /// <summary>Passed as a pointer to the value: ref/in/out, or an array/span parameter (a pointer to its first element).</summary>
        public bool IsByReference => RefKind != RefKind.None || ((Kind == MarshallingKind.Array || Kind == MarshallingKind.Span) && !IsInlineArray);

        /// <summary>A <c>[MarshalAs(UnmanagedType.ByValArray, SizeConst = n)]</c> field: n elements stored inline.</summary>
        public bool IsInlineArray => Kind == MarshallingKind.Array && MarshalAs == UnmanagedType.ByValArray && SizeConst > 0;

        /// <summary>Who releases native memory handed back in this slot (a return value, or an out/ref parameter).</summary>
        public NativeRelease Release =>
            Kind == MarshallingKind.Custom || CustomMarshaller != null ? NativeRelease.CustomMarshaller
            : Kind == MarshallingKind.SafeHandle ? NativeRelease.SafeHandle
            : Kind == MarshallingKind.String || Kind == MarshallingKind.Array ? NativeRelease.MarshallerFrees
            : NativeRelease.None;

        /// <summary>
        /// The native width of a <c>bool</c> (or of a bool array's elements) on every ABI: 1 under DisableRuntimeMarshalling
        /// (DllImport) or <c>U1/I1</c>, 2 for <c>VariantBool/I2/U2</c>, 4 for <c>Bool/I4/U4</c> and DllImport's default; null when
        /// LibraryImport was given no <c>[MarshalAs]</c> (a compile error) or an UnmanagedType that is not a bool's.
        /// </summary>
        public int? BoolWidth
        {
            get
            {
                if (RuntimeMarshallingDisabled && !IsLibraryImport)
                {
                    return 1;
                }

                var given = Kind == MarshallingKind.Array || Kind == MarshallingKind.Span ? ArraySubType : MarshalAs;
                switch (given)
                {
                    case UnmanagedType.U1:
                    case UnmanagedType.I1:
                        return 1;
                    case UnmanagedType.VariantBool:
                    case UnmanagedType.I2:
                    case UnmanagedType.U2:
                        return 2;
                    case UnmanagedType.Bool:
                    case UnmanagedType.I4:
                    case UnmanagedType.U4:
                        return 4;
                    case null:
                        return IsLibraryImport ? (int?)null : 4;
                    default:
                        return null;
                }
            }
        }

        /// <summary>Whether <see cref="BoolWidth"/> is null because the UnmanagedType given is not a bool's (the runtime rejects it).</summary>
        public bool HasForeignBoolMarshalAs => BoolWidth is null && (Kind == MarshallingKind.Array || Kind == MarshallingKind.Span ? ArraySubType : MarshalAs) != null;

        /// <summary>The width in bytes of one code unit of a string, StringBuilder or char on <paramref name="target"/>; null when unknown.</summary>
        public int? CodeUnitWidth(string target)
        {
            switch (Encoding)
            {
                case TextEncoding.Utf8:
                case TextEncoding.Ansi:
                    return 1;
                case TextEncoding.Utf16:
                    return 2;
                case TextEncoding.Auto:
                    return AbiTargets.IsWindows(target) ? 2 : 1;
                default:
                    return null;
            }
        }

        /// <summary>The <c>Marshal.PtrToString*</c> method that decodes a returned native string as this slot's marshaller would.</summary>
        public string DecodingMethod(bool hasUtf8) =>
            Encoding == TextEncoding.Utf16 ? "PtrToStringUni"
            : hasUtf8 ? "PtrToStringUTF8" : "PtrToStringAnsi";

        /// <summary>The <c>UnmanagedType</c> member name as code writes it.</summary>
        public static string Name(UnmanagedType value) =>
            value == LPUTF8Str ? "LPUTF8Str" : value.ToString();
    }
}
