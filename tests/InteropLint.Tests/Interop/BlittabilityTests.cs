using System.Linq;
using InteropLint.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace InteropLint.Tests.Interop;

/// <summary>
/// Blittability, derived from the one classification of C# values (ValueShapes): what a field of each type makes of
/// a struct, against the .NET 8 reference assemblies. A type is asked as the only field of a struct, so the struct
/// walk is part of what is checked.
/// </summary>
public sealed class BlittabilityTests
{
    private static bool IsBlittable(string typeName, string extra = "")
    {
        var source = "using System; using System.Text; using System.Runtime.InteropServices;\n"
            + "public enum E : byte { A }\npublic struct Inner { public int A; public IntPtr B; }\npublic struct WithBool { public bool B; }\n"
            + "public delegate void D();\n"
            + extra + "\npublic unsafe struct Holder { public " + typeName + " Value; }";
        var compilation = CSharpCompilation.Create(
            "B",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
            Basic.Reference.Assemblies.Net80.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        var field = compilation.GetTypeByMetadataName("Holder")!.GetMembers("Value").OfType<IFieldSymbol>().Single();
        var types = InteropTypes.Create(compilation);
        Assert.Equal(Blittability.IsBlittable(field.Type, types), Blittability.IsBlittable(field.ContainingType, types));
        return Blittability.IsBlittable(field.Type, types);
    }

    [Theory]
    [InlineData("int")]
    [InlineData("ulong")]
    [InlineData("double")]
    [InlineData("nint")]
    [InlineData("UIntPtr")]
    [InlineData("CLong")]
    [InlineData("CULong")]
    [InlineData("E")]
    [InlineData("int*")]
    [InlineData("delegate* unmanaged<int, void>")]
    [InlineData("Inner")]
    [InlineData("DateTime")] // a struct of one 64-bit integer: judged by its fields, as before the shapes
    public void SameBytesOnBothSides_IsBlittable(string type) => Assert.True(IsBlittable(type));

    [Theory]
    [InlineData("bool")] // a 4-byte BOOL or 1 byte under [MarshalAs]
    [InlineData("char")] // converted by the charset
    [InlineData("string")]
    [InlineData("StringBuilder")]
    [InlineData("object")]
    [InlineData("decimal")]
    [InlineData("int[]")]
    [InlineData("D")]
    [InlineData("SafeHandle")]
    [InlineData("HandleRef")] // holds an object
    [InlineData("WithBool")]
    public void ConvertedByTheMarshaller_IsNotBlittable(string type) => Assert.False(IsBlittable(type));

    [Fact]
    public void MarshalAsField_IsNotBlittable() =>
        Assert.False(IsBlittable("Tagged", "public struct Tagged { [MarshalAs(UnmanagedType.U4)] public int A; }"));

    [Fact]
    public void Void_HasNoFields_IsBlittable()
    {
        // void is never a field; it is asked of a return (ILNT005's shapes, the parser's kinds): System.Void is a struct without fields
        var compilation = CSharpCompilation.Create("V", references: Basic.Reference.Assemblies.Net80.References.All);
        var types = InteropTypes.Create(compilation);
        Assert.True(Blittability.IsBlittable(compilation.GetSpecialType(SpecialType.System_Void), types));
    }
}
