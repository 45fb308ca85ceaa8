using InteropLint.Manifest;
using Xunit;

namespace InteropLint.Tests.Scanner;

/// <summary>
/// Width-dependent C types, parsed by the real libclang for each ABI. These are the facts the cross-target
/// trap gets wrong (DESIGN.md): host glibc headers read with a Windows triple make int64_t 4 bytes.
/// </summary>
public sealed class TargetWidthFixture
{
    public const string Header = """
        #include <stddef.h>
        #include <stdint.h>
        typedef int64_t my_i64;
        typedef size_t my_size;
        typedef ptrdiff_t my_ptrdiff;
        typedef intptr_t my_intptr;
        typedef wchar_t my_wchar;
        typedef long my_long;
        typedef long double my_long_double;
        typedef char my_char;
        struct with_i64 { char c; int64_t v; };
        """;

    public TargetWidthFixture()
    {
        Manifest = ScannerHarness.ScanText(Header, AbiTargets.All.ToArray());
    }

    public NativeManifest Manifest { get; }
}

public sealed class TargetWidthTests : IClassFixture<TargetWidthFixture>
{
    private readonly NativeManifest _manifest;

    public TargetWidthTests(TargetWidthFixture fixture)
    {
        _manifest = fixture.Manifest;
    }

    private CType Typedef(string rid, string name)
    {
        var abi = ScannerHarness.Abi(_manifest, rid);
        Assert.True(abi.Scanned);
        Assert.DoesNotContain(abi.Diagnostics, d => d.Severity >= ScanSeverity.Error);
        return abi.FindTypedef(name)?.Type ?? throw new Xunit.Sdk.XunitException(name + " not found for " + rid);
    }

    [Theory]
    [InlineData("linux-x64")]
    [InlineData("linux-arm64")]
    [InlineData("win-x64")]
    [InlineData("win-x86")]
    [InlineData("osx-x64")]
    [InlineData("osx-arm64")]
    public void Int64_IsEightBytes_OnEveryTarget(string rid)
    {
        var type = Typedef(rid, "my_i64");
        Assert.Equal(8, type.Size);
        Assert.True(type.IsSigned);
        Assert.Equal("int64_t", type.Typedefs[0]);
    }

    [Theory]
    [InlineData("linux-x64", 8)]
    [InlineData("linux-arm64", 8)]
    [InlineData("win-x64", 8)]
    [InlineData("win-x86", 4)]
    [InlineData("osx-arm64", 8)]
    public void PointerSizedTypedefs_FollowThePointerWidth(string rid, long size)
    {
        Assert.Equal(size, Typedef(rid, "my_size").Size);
        Assert.False(Typedef(rid, "my_size").IsSigned);
        Assert.Equal(size, Typedef(rid, "my_ptrdiff").Size);
        Assert.Equal(size, Typedef(rid, "my_intptr").Size);
        Assert.True(Typedef(rid, "my_size").HasTypedef("size_t"));
    }

    [Theory]
    [InlineData("linux-x64", 4)]
    [InlineData("linux-arm64", 4)]
    [InlineData("osx-arm64", 4)]
    [InlineData("win-x64", 2)]
    [InlineData("win-x86", 2)]
    public void WcharT_IsTwoBytesOnWindows_FourElsewhere(string rid, long size)
    {
        var type = Typedef(rid, "my_wchar");
        Assert.Equal(size, type.Size);
        Assert.True(type.HasTypedef("wchar_t"));
    }

    [Theory]
    [InlineData("linux-x64", 8, 16)]
    [InlineData("osx-x64", 8, 16)]
    [InlineData("win-x64", 4, 8)]
    [InlineData("win-x86", 4, 8)]
    public void Long_AndLongDouble_FollowTheDataModel(string rid, long longSize, long longDoubleSize)
    {
        Assert.Equal(longSize, Typedef(rid, "my_long").Size);
        Assert.Equal(longDoubleSize, Typedef(rid, "my_long_double").Size);
    }

    [Theory]
    [InlineData("linux-x64", true)]
    [InlineData("linux-arm64", false)]
    [InlineData("win-x64", true)]
    [InlineData("osx-arm64", true)]
    public void PlainChar_Signedness_IsTheTargets(string rid, bool signed)
    {
        var type = Typedef(rid, "my_char");
        Assert.Equal(CTypeKind.Char, type.Kind);
        Assert.Equal(signed, type.IsSigned);
    }

    [Theory]
    [InlineData("linux-x64", 16, 8)]
    [InlineData("win-x64", 16, 8)]
    // i386 SysV aligns a 64-bit integer to 4 inside structs, but MSVC's x86 ABI aligns it to 8
    [InlineData("win-x86", 16, 8)]
    public void StructWithInt64_IsPaddedToItsAlignment(string rid, long size, long offset)
    {
        var record = ScannerHarness.Abi(_manifest, rid).FindRecord("with_i64")!;
        Assert.Equal(size, record.Size);
        Assert.Equal(offset, record.Fields[1].Offset);
    }
}
