using System.Runtime.InteropServices;
using InteropLint.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace InteropLint.Tests.Marshalling;

/// <summary>The one marshalling model (issue 18): what each slot of a P/Invoke or a struct field is read as.</summary>
public class MarshallingInfoTests
{
    private const string Usings = """
        using System;
        using System.Text;
        using System.Runtime.InteropServices;
        using System.Runtime.InteropServices.Marshalling;

        """;

    private const string Header = """
        public sealed class Handle : SafeHandle { public Handle() : base(IntPtr.Zero, true) { } public override bool IsInvalid => false; protected override bool ReleaseHandle() => true; }
        public sealed class Marshaller : ICustomMarshaler
        {
            public object MarshalNativeToManaged(IntPtr p) => null; public IntPtr MarshalManagedToNative(object o) => IntPtr.Zero;
            public void CleanUpNativeData(IntPtr p) { } public void CleanUpManagedData(object o) { } public int GetNativeDataSize() => 8;
        }
        public delegate int Callback(IntPtr user);
        public struct Blittable { public int A; public IntPtr B; }
        public struct WithBool { public bool Flag; }
        [StructLayout(LayoutKind.Sequential)] public class Formatted { public int A; }

        """;

    private static (MarshallingInfoParser Parser, PInvokeMethod PInvoke) Method(string members, string name = "F", string prefix = "")
    {
        var source = Usings + prefix + Header + "static unsafe partial class N {\n" + members + "\n}";
        var compilation = CSharpCompilation.Create(
            "M",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
            Basic.Reference.Assemblies.Net80.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        var method = compilation.GetTypeByMetadataName("N")!.GetMembers(name).OfType<IMethodSymbol>().Single();
        var pinvoke = PInvokeMethod.TryCreate(method, compilation.GetTypeByMetadataName("System.Runtime.InteropServices.LibraryImportAttribute"))!;
        Assert.NotNull(pinvoke);
        return (MarshallingInfoParser.For(compilation), pinvoke);
    }

    private static MarshallingInfo Parameter(string declaration, int index = 0, string prefix = "")
    {
        var (parser, pinvoke) = Method(declaration, prefix: prefix);
        return parser.Parameter(pinvoke, pinvoke.Method.Parameters[index]);
    }

    private static MarshallingInfo Return(string declaration)
    {
        var (parser, pinvoke) = Method(declaration);
        return parser.Return(pinvoke);
    }

    [Theory]
    [InlineData("[DllImport(\"x\")] static extern void F([MarshalAs(UnmanagedType.LPTStr)] string s);")]
    [InlineData("[DllImport(\"x\", CharSet = CharSet.Ansi)] static extern void F([MarshalAs(UnmanagedType.LPTStr)] string s);")]
    [InlineData("[DllImport(\"x\", CharSet = CharSet.Unicode)] static extern void F([MarshalAs(UnmanagedType.LPTStr)] string s);")]
    public void LPTStr_IsUtf16OnEveryAbi_WhateverTheCharSet(string declaration)
    {
        var info = Parameter(declaration);
        Assert.Equal(MarshallingKind.String, info.Kind);
        Assert.Equal(TextEncoding.Utf16, info.Encoding);
        Assert.Equal(2, info.CodeUnitWidth("linux-x64"));
        Assert.Equal(2, info.CodeUnitWidth("win-x64"));
    }

    [Fact]
    public void LPTStrReturn_UnderAnsi_DecodesAsUtf16()
    {
        var info = Return("[DllImport(\"x\")] [return: MarshalAs(UnmanagedType.LPTStr)] static extern string F();");
        Assert.Equal("PtrToStringUni", info.DecodingMethod(hasUtf8: true));
        Assert.Equal(NativeRelease.MarshallerFrees, info.Release);
    }

    [Theory]
    [InlineData("[DllImport(\"x\")] static extern void F(string s);", "Ansi", 1, 1)]
    [InlineData("[DllImport(\"x\", CharSet = CharSet.Unicode)] static extern void F(string s);", "Utf16", 2, 2)]
    [InlineData("[DllImport(\"x\", CharSet = CharSet.Auto)] static extern void F(string s);", "Auto", 1, 2)]
    [InlineData("[DllImport(\"x\", CharSet = CharSet.Unicode)] static extern void F([MarshalAs(UnmanagedType.LPUTF8Str)] string s);", "Utf8", 1, 1)]
    [InlineData("[LibraryImport(\"x\", StringMarshalling = StringMarshalling.Utf8)] static partial void F(string s);", "Utf8", 1, 1)]
    [InlineData("[LibraryImport(\"x\", StringMarshalling = StringMarshalling.Utf16)] static partial void F(string s);", "Utf16", 2, 2)]
    [InlineData("[DllImport(\"x\", CharSet = CharSet.Unicode)] static extern void F(StringBuilder s);", "Utf16", 2, 2)]
    [InlineData("[DllImport(\"x\")] static extern void F([MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.U2)] char[] s);", "Utf16", 2, 2)]
    public void StringEncoding_FromMarshalAsThenCharSetThenStringMarshalling(string declaration, string encoding, int linuxUnit, int windowsUnit)
    {
        var info = Parameter(declaration);
        Assert.Equal(encoding, info.Encoding.ToString());
        Assert.Equal(linuxUnit, info.CodeUnitWidth("linux-x64"));
        Assert.Equal(windowsUnit, info.CodeUnitWidth("win-x64"));
    }

    [Theory]
    [InlineData("[DllImport(\"x\")] static extern void F(bool b);", 4)]
    [InlineData("[DllImport(\"x\")] static extern void F([MarshalAs(UnmanagedType.U1)] bool b);", 1)]
    [InlineData("[DllImport(\"x\")] static extern void F([MarshalAs(UnmanagedType.I2)] bool b);", 2)]
    [InlineData("[DllImport(\"x\")] static extern void F([MarshalAs(UnmanagedType.VariantBool)] bool b);", 2)]
    [InlineData("[DllImport(\"x\")] static extern void F([MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.U1)] bool[] b);", 1)]
    [InlineData("[LibraryImport(\"x\")] static partial void F([MarshalAs(UnmanagedType.Bool)] bool b);", 4)]
    [InlineData("[LibraryImport(\"x\")] static partial void F(bool b);", null)]
    public void BoolWidth(string declaration, int? width)
    {
        Assert.Equal(width, Parameter(declaration).BoolWidth);
    }

    [Fact]
    public void DisableRuntimeMarshalling_MakesDllImportBoolOneByte()
    {
        var info = Parameter("[DllImport(\"x\")] static extern void F(bool b);", prefix: "[assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]\n");
        Assert.True(info.RuntimeMarshallingDisabled);
        Assert.Equal(1, info.BoolWidth);
    }

    [Theory]
    [InlineData("[LibraryImport(\"x\")] static partial void F(Span<byte> b);", "Span", true)]
    [InlineData("[LibraryImport(\"x\")] static partial void F(ReadOnlySpan<int> b);", "Span", true)]
    [InlineData("[DllImport(\"x\")] static extern void F(int[] b);", "Array", true)]
    [InlineData("[DllImport(\"x\")] static extern void F(ref Blittable b);", "Blittable", true)]
    [InlineData("[DllImport(\"x\")] static extern void F(Blittable b);", "Blittable", false)]
    [InlineData("[DllImport(\"x\")] static extern void F(WithBool b);", "MarshalledStruct", false)]
    [InlineData("[DllImport(\"x\")] static extern void F(Formatted b);", "FormattedClass", false)]
    [InlineData("[DllImport(\"x\")] static extern void F(Handle h);", "SafeHandle", false)]
    [InlineData("[DllImport(\"x\")] static extern void F(Callback c);", "Delegate", false)]
    [InlineData("[DllImport(\"x\")] static extern void F(delegate* unmanaged<int, int> c);", "FunctionPointer", false)]
    [InlineData("[DllImport(\"x\")] static extern void F(void* p);", "Pointer", false)]
    [InlineData("[DllImport(\"x\")] static extern void F(out IntPtr p);", "Pointer", true)]
    [InlineData("[DllImport(\"x\")] static extern void F(CLong n);", "Blittable", false)]
    public void Kind_AndWhetherAPointerCrosses(string declaration, string kind, bool byReference)
    {
        var info = Parameter(declaration);
        Assert.Equal(kind, info.Kind.ToString());
        Assert.Equal(byReference, info.IsByReference);
    }

    [Theory]
    [InlineData("[DllImport(\"x\")] [return: MarshalAs(UnmanagedType.CustomMarshaler, MarshalTypeRef = typeof(Marshaller))] static extern string F();")]
    [InlineData("[LibraryImport(\"x\")] [return: MarshalUsing(typeof(Utf8StringMarshaller))] static partial string F();")]
    public void CustomMarshallers_OwnCleanup(string declaration)
    {
        var info = Return(declaration);
        Assert.Equal(MarshallingKind.Custom, info.Kind);
        Assert.NotNull(info.CustomMarshaller);
        Assert.Equal(NativeRelease.CustomMarshaller, info.Release);
    }

    [Fact]
    public void MarshalUsingForACountOnly_IsNotACustomMarshaller()
    {
        var info = Parameter("[LibraryImport(\"x\")] static partial void F([MarshalUsing(CountElementName = \"n\")] int[] a, int n);");
        Assert.Equal(MarshallingKind.Array, info.Kind);
        Assert.Null(info.CustomMarshaller);
    }

    [Fact]
    public void Field_ByValArray_IsInlineStorage_AndByValTStrTakesTheStructCharSet()
    {
        const string source = """
            using System.Runtime.InteropServices;
            [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
            public struct S
            {
                [MarshalAs(UnmanagedType.ByValArray, SizeConst = 256)] public byte[] Data;
                [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 16)] public string Name;
                public byte[] Pointer;
            }
            """;
        var compilation = CSharpCompilation.Create("M", new[] { CSharpSyntaxTree.ParseText(source) }, Basic.Reference.Assemblies.Net80.References.All);
        var type = compilation.GetTypeByMetadataName("S")!;
        var parser = MarshallingInfoParser.For(compilation);
        var data = parser.Field(type.GetMembers("Data").OfType<IFieldSymbol>().Single());
        Assert.True(data.IsInlineArray);
        Assert.False(data.IsByReference);
        Assert.Equal(256, data.SizeConst);
        var name = parser.Field(type.GetMembers("Name").OfType<IFieldSymbol>().Single());
        Assert.Equal(UnmanagedType.ByValTStr, name.MarshalAs);
        Assert.Equal(TextEncoding.Utf16, name.Encoding);
        var pointer = parser.Field(type.GetMembers("Pointer").OfType<IFieldSymbol>().Single());
        Assert.False(pointer.IsInlineArray);
    }

    [Fact]
    public void SameSlot_IsParsedOnce()
    {
        var (parser, pinvoke) = Method("[DllImport(\"x\")] static extern void F(string s);");
        Assert.Same(parser.Parameter(pinvoke, pinvoke.Method.Parameters[0]), parser.Parameter(pinvoke, pinvoke.Method.Parameters[0]));
    }

    [Fact]
    public void StructHoldingItself_DoesNotRecurseForever()
    {
        const string source = """
            using System.Runtime.InteropServices;
            public struct S { [MarshalAs(UnmanagedType.Struct)] public S Inner; public int A; }
            """;
        var compilation = CSharpCompilation.Create("M", new[] { CSharpSyntaxTree.ParseText(source) }, Basic.Reference.Assemblies.Net80.References.All);
        var field = compilation.GetTypeByMetadataName("S")!.GetMembers("Inner").OfType<IFieldSymbol>().Single();
        var info = MarshallingInfoParser.For(compilation).Field(field);
        Assert.NotEqual(MarshallingKind.Blittable, info.Kind);
    }
}
