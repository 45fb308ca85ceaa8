using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using InteropLint.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace InteropLint.Tests.ILNT003StructLayout;

/// <summary>
/// The layout engine against the real runtime: the same structs are compiled, loaded into this (linux-x64 or
/// other 64-bit host) process and measured with Marshal.SizeOf/OffsetOf (the marshaller's copy) and Unsafe.SizeOf
/// (the managed bytes); the engine's figures for the host ABI must agree.
/// </summary>
public class ManagedLayoutTests
{
    private const string Structs = """
        using System;
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;

        public struct Plain { public byte a; public int b; public short c; public long d; public IntPtr e; }
        [StructLayout(LayoutKind.Sequential, Pack = 1)] public struct Packed1 { public byte a; public int b; public short c; public long d; }
        [StructLayout(LayoutKind.Sequential, Pack = 2)] public struct Packed2 { public byte a; public int b; public byte c; public long d; }
        [StructLayout(LayoutKind.Sequential, Size = 40)] public struct Sized { public int a; public double b; }
        [StructLayout(LayoutKind.Explicit)] public struct Overlaid { [FieldOffset(0)] public int a; [FieldOffset(0)] public double b; [FieldOffset(9)] public byte c; }
        public struct WithBool { public bool a; public int b; public bool c; }
        public struct WithBoolU1 { [MarshalAs(UnmanagedType.U1)] public bool a; public short b; }
        public struct WithChar { public char a; public int b; }
        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)] public struct WithWideChar { public char a; public byte b; }
        public struct WithString { public int a; public string b; public byte c; }
        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Ansi)] public struct WithByValTStr { public int a; [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 13)] public string b; public short c; }
        public struct WithByValArray { public byte a; [MarshalAs(UnmanagedType.ByValArray, SizeConst = 3)] public int[] b; public byte c; }
        public unsafe struct WithFixed { public byte a; public fixed short b[5]; public int c; }
        public struct Inner { public short x; public long y; }
        public struct Outer { public byte a; public Inner b; public byte c; }
        [InlineArray(7)] public struct Seven { private short _e; }
        public struct WithInline { public byte a; public Seven b; public byte c; }
        public struct WithCLong { public byte a; public CLong b; public CULong c; public byte d; }
        [StructLayout(LayoutKind.Explicit, Pack = 1)] public struct ExplicitPacked { [FieldOffset(0)] public byte a; [FieldOffset(1)] public uint b; }
        [StructLayout(LayoutKind.Explicit)] public struct ExplicitUnpacked { [FieldOffset(0)] public byte a; [FieldOffset(1)] public uint b; }
        [StructLayout(LayoutKind.Sequential, Pack = 1)] public struct PackedOuter { public byte a; public Inner b; }
        public struct OuterOfPacked { public byte a; public Packed1 b; public byte c; }
        public enum Small : byte { A }
        public struct WithEnum { public Small a; public Small b; public int c; }
        """;

    public static TheoryData<string> Names => new()
    {
        "Plain", "Packed1", "Packed2", "Sized", "Overlaid", "WithBool", "WithBoolU1", "WithChar", "WithWideChar", "WithString",
        "WithByValTStr", "WithByValArray", "WithFixed", "Outer", "WithInline", "WithCLong", "WithEnum",
        "ExplicitPacked", "ExplicitUnpacked", "PackedOuter", "OuterOfPacked",
    };

    private static readonly Lazy<(Compilation Compilation, Assembly Assembly)> Built = new(Build);

    [Theory]
    [MemberData(nameof(Names))]
    public void MarshalledLayout_MatchesMarshalSizeOfAndOffsetOf(string name)
    {
        var (compilation, assembly) = Built.Value;
        var symbol = compilation.GetTypeByMetadataName(name)!;
        var runtime = assembly.GetType(name)!;
        var layout = ManagedLayout.Compute(symbol, HostTarget, LayoutMode.Marshalled, InteropTypes.Create(compilation));

        Assert.Null(layout.Unsupported);
        Assert.Equal(Marshal.SizeOf(runtime), layout.Size);
        foreach (var field in layout.Fields)
        {
            Assert.True(Marshal.OffsetOf(runtime, field.Name).ToInt64() == field.Offset, $"{name}.{field.Name}: runtime {Marshal.OffsetOf(runtime, field.Name)}, engine {field.Offset}");
        }
    }

    [Theory]
    [InlineData("Plain")]
    [InlineData("Packed1")]
    [InlineData("Packed2")]
    [InlineData("Sized")]
    [InlineData("Overlaid")]
    [InlineData("WithBool")]
    [InlineData("WithChar")]
    [InlineData("WithFixed")]
    [InlineData("Outer")]
    [InlineData("WithInline")]
    [InlineData("WithCLong")]
    [InlineData("WithEnum")]
    [InlineData("ExplicitPacked")]
    [InlineData("ExplicitUnpacked")]
    [InlineData("PackedOuter")]
    [InlineData("OuterOfPacked")]
    public void MemoryLayout_MatchesUnsafeSizeOf(string name)
    {
        var (compilation, assembly) = Built.Value;
        var symbol = compilation.GetTypeByMetadataName(name)!;
        var runtime = assembly.GetType(name)!;
        var layout = ManagedLayout.Compute(symbol, HostTarget, LayoutMode.Memory, InteropTypes.Create(compilation));
        var sizeOf = typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(runtime);

        Assert.Null(layout.Unsupported);
        Assert.Equal((int)sizeOf.Invoke(null, null)!, layout.Size);
    }

    [Fact]
    public void Blittability_FollowsTheMarshallerRules()
    {
        var (compilation, _) = Built.Value;
        var types = InteropTypes.Create(compilation);
        Assert.True(Blittability.IsBlittable(compilation.GetTypeByMetadataName("Outer")!, types));
        Assert.True(Blittability.IsBlittable(compilation.GetTypeByMetadataName("WithFixed")!, types));
        Assert.True(Blittability.IsBlittable(compilation.GetTypeByMetadataName("WithCLong")!, types));
        Assert.False(Blittability.IsBlittable(compilation.GetTypeByMetadataName("WithBool")!, types));
        Assert.False(Blittability.IsBlittable(compilation.GetTypeByMetadataName("WithChar")!, types));
        Assert.False(Blittability.IsBlittable(compilation.GetTypeByMetadataName("WithString")!, types));
    }

    [Fact]
    public void CLong_IsFourBytesOnWindowsAndEightOnLp64()
    {
        var (compilation, _) = Built.Value;
        var symbol = compilation.GetTypeByMetadataName("WithCLong")!;
        var types = InteropTypes.Create(compilation);
        // byte a 0; CLong b at 4 (4 bytes) on win-x64, at 8 (8 bytes) on LP64.
        var windows = ManagedLayout.Compute(symbol, "win-x64", LayoutMode.Memory, types);
        var linux = ManagedLayout.Compute(symbol, "linux-x64", LayoutMode.Memory, types);
        Assert.Equal(new long[] { 0, 4, 8, 12 }, windows.Fields.Select(f => f.Offset));
        Assert.Equal(16, windows.Size);
        Assert.Equal(new long[] { 0, 8, 16, 24 }, linux.Fields.Select(f => f.Offset));
        Assert.Equal(32, linux.Size);
    }

    private static string HostTarget =>
        (OperatingSystem.IsWindows() ? "win-" : OperatingSystem.IsMacOS() ? "osx-" : "linux-")
        + (RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "arm64" : RuntimeInformation.ProcessArchitecture == Architecture.X86 ? "x86" : "x64");

    private static (Compilation, Assembly) Build()
    {
        var compilation = CSharpCompilation.Create(
            "LayoutProbe" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(Structs, new CSharpParseOptions(LanguageVersion.Latest)) },
            Basic.Reference.Assemblies.Net80.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return (compilation, Assembly.Load(stream.ToArray()));
    }
}
