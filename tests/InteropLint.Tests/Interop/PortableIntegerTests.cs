using InteropLint.Analyzers;
using InteropLint.CodeFixes;
using InteropLint.Manifest;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace InteropLint.Tests.Interop;

/// <summary>
/// The one portable-integer type: which C# integer has a C type's width on every ABI (C types from a small header
/// scanned by the real scanner), how each name is spelled, and the syntax the fixes write for it.
/// </summary>
public sealed class PortableIntegerTests
{
    private const string Header = """
        typedef __SIZE_TYPE__ size_t;
        typedef long long int64_t;
        __int128 wide_signed(unsigned __int128 wide_unsigned);
        long c_long(unsigned long c_ulong);
        size_t size(int64_t exact);
        int plain(void *pointer, short half, unsigned char octet);
        """;

    private static readonly NativeManifest Manifest = ManifestReader.Read(NativeHeaders.ScanText(Header));

    private static IReadOnlyList<(string Target, CType Type, AbiManifest Abi)> Parameter(string function, int index) =>
        Manifest.Abis.Select(abi => (abi.Target, Single(abi, function).Parameters[index].Type, abi)).ToList();

    private static IReadOnlyList<(string Target, CType Type, AbiManifest Abi)> Return(string function) =>
        Manifest.Abis.Select(abi => (abi.Target, Single(abi, function).Return, abi)).ToList();

    private static FunctionDecl Single(AbiManifest abi, string name) => Assert.Single(abi.FindFunctions(name));

    [Fact]
    public void Int128_HasNoPortableInteger()
    {
        Assert.Equal(3, Manifest.Abis.Count);
        Assert.All(Return("wide_signed"), slot => Assert.Equal(16, slot.Type.Size));
        Assert.Null(PortableInteger.For(Return("wide_signed")));
        Assert.Null(PortableInteger.For(Parameter("wide_signed", 0)));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(3)]
    [InlineData(0)]
    public void Exact_OnlyForOneTwoFourEightBytes(int size)
    {
        Assert.Null(PortableInteger.Exact(size, signed: true));
        Assert.Null(PortableInteger.Exact(size, signed: false));
    }

    [Fact]
    public void For_NamesWhatTheCTypeMeans()
    {
        Assert.Same(PortableInteger.CLong, PortableInteger.For(Return("c_long")));
        Assert.Same(PortableInteger.CULong, PortableInteger.For(Parameter("c_long", 0)));
        Assert.Same(PortableInteger.NUInt, PortableInteger.For(Return("size")));
        Assert.Same(PortableInteger.Long, PortableInteger.For(Parameter("size", 0)));
        Assert.Same(PortableInteger.Int, PortableInteger.For(Return("plain")));
        Assert.Same(PortableInteger.NInt, PortableInteger.For(Parameter("plain", 0)));
        Assert.Same(PortableInteger.Short, PortableInteger.For(Parameter("plain", 1)));
        Assert.Same(PortableInteger.Byte, PortableInteger.For(Parameter("plain", 2)));
    }

    [Fact]
    public void For_AgreesWithTheScannedSizesOnEveryAbi()
    {
        foreach (var perAbi in new[] { Return("c_long"), Parameter("c_long", 0), Return("size"), Parameter("size", 0), Parameter("plain", 0) })
        {
            var portable = PortableInteger.For(perAbi)!;
            Assert.All(perAbi, slot => Assert.Equal(slot.Type.Size, portable.SizeOn(slot.Target)));
        }
    }

    [Theory]
    [InlineData("CLong")]
    [InlineData("System.Runtime.InteropServices.CLong")]
    [InlineData("global::System.Runtime.InteropServices.CLong")]
    public void Named_CLongInEverySpelling(string spelling)
    {
        var portable = PortableInteger.Named(spelling);
        Assert.Same(PortableInteger.CLong, portable);
        Assert.True(portable!.IsCLongFamily);
        Assert.True(PortableIntegerSyntax.IsCLongFamily(spelling));
        Assert.Equal(4, portable.SizeOn("win-x64"));
        Assert.Equal(8, portable.SizeOn("linux-x64"));
        Assert.Equal(4, portable.SizeOn("linux-x86"));
    }

    [Theory]
    [InlineData("nuint", "nuint")]
    [InlineData("System.UIntPtr", "nuint")]
    [InlineData("UInt32", "uint")]
    [InlineData("ulong", "ulong")]
    [InlineData("CULong", "CULong")]
    public void Named_OtherSpellings(string spelling, string name)
    {
        Assert.Equal(name, PortableInteger.Named(spelling)!.Name);
        Assert.False(PortableIntegerSyntax.IsCLongFamily(spelling) && name != "CULong");
    }

    [Fact]
    public void Named_NotAnInteger_IsNull()
    {
        Assert.Null(PortableInteger.Named("float"));
        Assert.Null(PortableInteger.Named("Int128"));
        Assert.Null(PortableInteger.Named("CLongDouble"));
    }

    [Fact]
    public void SpellIn_FollowsTheCompilation()
    {
        var net8CSharp12 = InteropTypes.Create(Compilation(Basic.Reference.Assemblies.Net80.References.All, LanguageVersion.CSharp12));
        Assert.Equal("nuint", PortableInteger.NUInt.SpellIn(net8CSharp12));
        Assert.Equal("CULong", PortableInteger.CULong.SpellIn(net8CSharp12));

        var net8CSharp8 = InteropTypes.Create(Compilation(Basic.Reference.Assemblies.Net80.References.All, LanguageVersion.CSharp8));
        Assert.Equal("System.UIntPtr", PortableInteger.NUInt.SpellIn(net8CSharp8));
        Assert.Equal("System.IntPtr", PortableInteger.NInt.SpellIn(net8CSharp8));

        var netStandard = InteropTypes.Create(Compilation(Basic.Reference.Assemblies.NetStandard20.References.All, LanguageVersion.CSharp12));
        Assert.Null(PortableInteger.CLong.SpellIn(netStandard));
        Assert.Equal("uint", PortableInteger.UInt.SpellIn(netStandard));
    }

    [Theory]
    [InlineData("CULong", "n", true, "new System.Runtime.InteropServices.CULong(n)")]
    [InlineData("CLong", "n", false, "new System.Runtime.InteropServices.CLong((nint)n)")]
    [InlineData("CULong", "a + b", false, "new System.Runtime.InteropServices.CULong((nuint)(a + b))")]
    [InlineData("uint", "a + b", false, "(uint)(a + b)")]
    [InlineData("nuint", "n", true, "n")]
    public void ConvertTo_WritesTheConstructorOrTheCast(string type, string value, bool implicitly, string expected)
    {
        var converted = PortableIntegerSyntax.ConvertTo(SyntaxFactory.ParseExpression(value), type, implicitly);
        Assert.Equal(expected, converted.NormalizeWhitespace().ToFullString());
    }

    [Theory]
    [InlineData("CULong", "s.total", "s.total.Value")]
    [InlineData("uint", "s.total", "s.total")]
    public void ValueOf_UnwrapsCLongFamily(string type, string value, string expected) =>
        Assert.Equal(expected, PortableIntegerSyntax.ValueOf(SyntaxFactory.ParseExpression(value), type).NormalizeWhitespace().ToFullString());

    [Fact]
    public void ValueType_IsTheNativeIntegerInsideCLong()
    {
        var compilation = Compilation(Basic.Reference.Assemblies.Net80.References.All, LanguageVersion.CSharp12);
        Assert.Equal(SpecialType.System_UIntPtr, PortableIntegerSyntax.ValueType(compilation, "CULong")!.SpecialType);
        Assert.Equal("System.Runtime.InteropServices.CULong", PortableIntegerSyntax.Resolve(compilation, "CULong")!.ToDisplayString());
        Assert.Equal(SpecialType.System_UInt32, PortableIntegerSyntax.ValueType(compilation, "uint")!.SpecialType);
    }

    [Theory]
    [InlineData("System.Int32", "int", 4, 4)]
    [InlineData("System.UIntPtr", "nuint", 8, 4)]
    [InlineData("System.Runtime.InteropServices.CULong", "CULong", 4, 4)]
    [InlineData("E", "ushort", 2, 2)]
    public void Of_TheCSharpTypeAndItsWidthPerAbi(string typeName, string name, int winX64, int winX86)
    {
        var compilation = Compilation(Basic.Reference.Assemblies.Net80.References.All, LanguageVersion.CSharp12, "enum E : ushort { A }");
        var type = typeName == "E" ? compilation.GetTypeByMetadataName("E")! : compilation.GetTypeByMetadataName(typeName)!;
        var portable = PortableInteger.Of(type, InteropTypes.Create(compilation))!;
        Assert.Equal(name, portable.Name);
        Assert.Equal(winX64, portable.SizeOn("win-x64"));
        Assert.Equal(winX86, portable.SizeOn("win-x86"));
    }

    [Fact]
    public void Of_NotAnInteger_IsNull()
    {
        var compilation = Compilation(Basic.Reference.Assemblies.Net80.References.All, LanguageVersion.CSharp12);
        Assert.Null(PortableInteger.Of(compilation.GetSpecialType(SpecialType.System_Boolean)));
        Assert.Null(PortableInteger.Of(compilation.GetSpecialType(SpecialType.System_Char)));
        Assert.Null(PortableInteger.Of(compilation.GetSpecialType(SpecialType.System_Double)));
        Assert.Null(PortableInteger.Of(compilation.GetTypeByMetadataName("System.Runtime.InteropServices.CLong")!)); // no InteropTypes: CLong unknown
    }

    private static CSharpCompilation Compilation(IEnumerable<MetadataReference> references, LanguageVersion version, string source = "class C { }") =>
        CSharpCompilation.Create(
            "portable",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(version))],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
}
