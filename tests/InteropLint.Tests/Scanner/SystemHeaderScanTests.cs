using InteropLint.Manifest;
using InteropLint.Tests.Infrastructure;
using Xunit;

namespace InteropLint.Tests.Scanner;

/// <summary>One scan of the machine's zlib.h and sqlite3.h for every ABI, shared by the tests below.</summary>
public sealed class SystemHeadersFixture
{
    public SystemHeadersFixture()
    {
        Manifest = ScannerHarness.Scan(new[] { "/usr/include/zlib.h", "/usr/include/sqlite3.h" }, AbiTargets.All);
    }

    public NativeManifest Manifest { get; }
}

[Trait(Tier.Name, Tier.RealHeader)]
public sealed class SystemHeaderScanTests : IClassFixture<SystemHeadersFixture>
{
    private readonly NativeManifest _manifest;

    public SystemHeaderScanTests(SystemHeadersFixture fixture)
    {
        _manifest = fixture.Manifest;
    }

    [Theory]
    [InlineData("linux-x64")]
    [InlineData("linux-arm64")]
    [InlineData("win-x64")]
    [InlineData("win-x86")]
    [InlineData("osx-x64")]
    [InlineData("osx-arm64")]
    public void ZlibAndSqlite_ParseWithoutErrors_OnEveryAbi(string rid)
    {
        var abi = ScannerHarness.Abi(_manifest, rid);
        Assert.True(abi.Scanned);
        Assert.DoesNotContain(abi.Diagnostics, d => d.Severity >= ScanSeverity.Error);
        Assert.NotEmpty(abi.FindFunctions("deflate"));
        Assert.NotEmpty(abi.FindFunctions("sqlite3_open_v2"));
    }

    // struct z_stream_s fields, in order: next_in (Bytef*), avail_in (uInt), total_in (uLong), next_out (Bytef*),
    // avail_out (uInt), total_out (uLong), msg (char*), state (pointer), zalloc, zfree (function pointers),
    // opaque (voidpf), data_type (int), adler (uLong), reserved (uLong).
    //
    // LP64 (linux-x64): pointers and unsigned long are 8 bytes, aligned to 8; uInt/int are 4.
    //   next_in 0, avail_in 8, total_in must be 8-aligned so 12 -> 16, next_out 24, avail_out 32, total_out 40,
    //   msg 48, state 56, zalloc 64, zfree 72, opaque 80, data_type 88, adler 92 -> 96, reserved 104, end 112.
    // LLP64 (win-x64): pointers 8 (aligned 8), unsigned long is 4 (aligned 4).
    //   next_in 0, avail_in 8, total_in 12, next_out 16, avail_out 24, total_out 28, msg 32, state 40,
    //   zalloc 48, zfree 56, opaque 64, data_type 72, adler 76, reserved 80, end 84 -> rounded up to align 8 = 88.
    [Theory]
    [InlineData("linux-x64", 112, 16, 24, 40, 48, 88, 96, 104)]
    [InlineData("osx-arm64", 112, 16, 24, 40, 48, 88, 96, 104)]
    [InlineData("win-x64", 88, 12, 16, 28, 32, 72, 76, 80)]
    public void ZStream_SizeAndOffsets_FollowTheAbi(string rid, long size, long totalIn, long nextOut, long totalOut, long msg, long dataType, long adler, long reserved)
    {
        var record = ScannerHarness.Abi(_manifest, rid).FindRecord("z_stream");
        Assert.NotNull(record);
        Assert.Equal("z_stream_s", record!.Name);
        Assert.Contains("z_stream", record.Aliases);
        Assert.Equal(size, record.Size);
        Assert.Equal(8, record.Align);
        long Offset(string field) => record.Fields.Single(f => f.Name == field).Offset;
        Assert.Equal(0, Offset("next_in"));
        Assert.Equal(8, Offset("avail_in"));
        Assert.Equal(totalIn, Offset("total_in"));
        Assert.Equal(nextOut, Offset("next_out"));
        Assert.Equal(totalOut, Offset("total_out"));
        Assert.Equal(msg, Offset("msg"));
        Assert.Equal(dataType, Offset("data_type"));
        Assert.Equal(adler, Offset("adler"));
        Assert.Equal(reserved, Offset("reserved"));
        Assert.Equal(14, record.Fields.Count);
    }

    [Theory]
    [InlineData("linux-x64", 8)]
    [InlineData("linux-arm64", 8)]
    [InlineData("osx-arm64", 8)]
    [InlineData("win-x64", 4)]
    [InlineData("win-x86", 4)]
    public void ULong_IsUnsignedLong_WithTheAbisWidth(string rid, long size)
    {
        var abi = ScannerHarness.Abi(_manifest, rid);
        var uLong = abi.FindTypedef("uLong");
        Assert.NotNull(uLong);
        Assert.Equal(size, uLong!.Type.Size);
        Assert.False(uLong.Type.IsSigned);

        // crc32's return is written uLong; the chain of typedefs is kept for messages
        var crc32 = abi.FindFunctions("crc32").Single();
        Assert.Equal("uLong", crc32.Return.Spelling);
        Assert.True(crc32.Return.HasTypedef("uLong"));
        Assert.Equal(size, crc32.Return.Size);

        // uLongf is a typedef of uLong: outermost first
        var uLongf = abi.FindTypedef("uLongf")!.Type;
        Assert.Equal(new[] { "uLong" }, uLongf.Typedefs);
    }

    [Fact]
    public void DeflateInit_IsAMacroAliasOfDeflateInit_()
    {
        foreach (var abi in _manifest.Abis)
        {
            var alias = abi.MacroAliases.Single(m => m.Name == "deflateInit");
            Assert.Equal("deflateInit_", alias.Target);
            Assert.EndsWith("zlib.h", alias.File);
        }
    }

    [Fact]
    public void Sqlite3Mprintf_IsVariadic_AndSqlite3Open_IsNot()
    {
        foreach (var abi in _manifest.Abis)
        {
            var mprintf = abi.FindFunctions("sqlite3_mprintf").Single();
            Assert.True(mprintf.IsVariadic);
            Assert.Single(mprintf.Parameters);
            Assert.Equal("const char *", mprintf.Parameters[0].Type.Spelling);
            Assert.False(abi.FindFunctions("sqlite3_open").Single().IsVariadic);
        }
    }

    [Fact]
    public void Constants_AreEvaluated_IncludingExpressionsOfEarlierConstants()
    {
        var abi = ScannerHarness.Abi(_manifest, "win-x64");

        // #define SQLITE_IOERR 10, #define SQLITE_IOERR_READ (SQLITE_IOERR | (1<<8)) = 10 | 256
        Assert.Equal(266, abi.FindConstants("SQLITE_IOERR_READ").Single().Value);
        Assert.Equal(-1, abi.FindConstants("Z_DEFAULT_COMPRESSION").Single().Value);
        Assert.Equal(4, abi.FindConstants("Z_FINISH").Single().Value);
        Assert.Empty(abi.FindConstants("ZLIB_VERSION")); // a string, not an integer
        Assert.Empty(abi.FindConstants("deflateInit"));  // function-like
    }

    [Fact]
    public void Declarations_KnowTheirHeaderItem()
    {
        var abi = ScannerHarness.Abi(_manifest, "linux-x64");
        Assert.Equal(0, abi.FindFunctions("deflate").Single().Header);
        Assert.Equal(1, abi.FindFunctions("sqlite3_open").Single().Header);
        Assert.Equal("/usr/include/zlib.h", _manifest.Headers[0].Path);
    }
}
