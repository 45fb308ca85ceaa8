using InteropLint.Manifest;
using InteropLint.Tests.Infrastructure;
using Xunit;

namespace InteropLint.Tests.Scanner;

/// <summary>
/// Foreign ABIs parsed with their real system headers when the machine has them (MinGW-w64 for Windows,
/// Debian's arm64 glibc for linux-arm64), checked against the values the real compilers give, and never leaking
/// into another ABI. The folders are the Debian packages' standard paths (scripts/install-prerequisites.sh).
/// </summary>
[Trait(Tier.Name, Tier.RealHeader)]
public sealed class ForeignSystemHeaderTests
{
    private const string MsvcFacts = """
        #include <stdint.h>
        #include <stddef.h>
        #include <wchar.h>
        #include <windows.h>
        typedef long my_long;
        typedef wchar_t my_wchar;
        typedef long double my_long_double;
        typedef int64_t my_i64;
        /* MSVC: a new storage unit whenever the declared type changes: a@0, b@4, c@8, d@16, e@24, size 32 (GCC: 8). */
        struct mixed_bits { char a; int b : 3; short c : 4; long long d : 5; char e; };
        WPARAM api_wparam(HDC dc, LPARAM l);
        """;

    [Theory]
    [InlineData("win-x64", 8)]
    [InlineData("win-x86", 4)]
    public void Windows_WithMinGwHeaders_GivesMsvcValues(string rid, int pointer)
    {
        var abi = ScannerHarness.Abi(ScannerHarness.ScanText(MsvcFacts, rid), rid);
        Assert.DoesNotContain(abi.Diagnostics, d => d.Severity >= ScanSeverity.Error);
        Assert.EndsWith("windows-gnu", abi.Triple);
        Assert.Equal(4, abi.FindTypedef("my_long")!.Type.Size);
        Assert.Equal(2, abi.FindTypedef("my_wchar")!.Type.Size);
        Assert.Equal(8, abi.FindTypedef("my_long_double")!.Type.Size);
        Assert.Equal(8, abi.FindTypedef("my_i64")!.Type.Size);
        var bits = abi.FindRecord("mixed_bits")!;
        Assert.Equal(32, bits.Size);
        Assert.Equal(new long[] { 0, 4, 8, 16, 24 }, bits.Fields.Select(f => f.Offset).ToArray());
        var api = abi.FindFunctions("api_wparam").Single();
        Assert.True(api.IsResolved);
        Assert.Equal(pointer, api.Return.Size);
        Assert.Equal(pointer, api.Parameters[1].Type.Size);
    }

    private const string WideEnum = """
        /* GCC and clang's GNU triples widen this enum to 8 bytes; MSVC keeps every C enum int. */
        enum wide { WIDE_SMALL = 1, WIDE_BIG = 0x100000000LL };
        enum wide wide_next(enum wide w);
        struct holds_wide { enum wide w; int after; };
        struct holds_small { int before; int after; };
        """;

    [Theory]
    [InlineData("win-x64")]
    [InlineData("win-x86")]
    public void Windows_WithMinGwHeaders_EnumsAreInt_AndRecordsHoldingAWidenedEnumAreNotTrusted(string rid)
    {
        var abi = ScannerHarness.Abi(ScannerHarness.ScanText(WideEnum, rid), rid);
        Assert.EndsWith("windows-gnu", abi.Triple);
        var wide = abi.FindEnum("wide")!;
        Assert.Equal(4, wide.IntegerType.Size);
        Assert.True(wide.IntegerType.IsSigned);
        var next = abi.FindFunctions("wide_next").Single();
        Assert.True(next.IsResolved);
        Assert.Equal(4, next.Return.Size);
        Assert.Equal(4, next.Parameters[0].Type.Size);

        // clang laid the record out with an 8-byte enum; MSVC's offsets differ, so the record is not a fact here.
        var holds = abi.FindRecord("holds_wide")!;
        Assert.False(holds.IsResolved);
        Assert.Contains("MSVC", holds.Unresolved);
        Assert.True(abi.FindRecord("holds_small")!.IsResolved);
    }

    [Fact]
    public void Linux_WidenedEnum_StaysEightBytes()
    {
        var abi = ScannerHarness.Abi(ScannerHarness.ScanText(WideEnum, "linux-x64"), "linux-x64");
        Assert.Equal(8, abi.FindEnum("wide")!.IntegerType.Size);
        Assert.True(abi.FindRecord("holds_wide")!.IsResolved);
        Assert.Equal(16, abi.FindRecord("holds_wide")!.Size);
    }

    [Fact]
    public void Sdl2_OnWindows_WithMinGwHeaders_HasItsRealTypeSizes()
    {
        var manifest = ScannerHarness.Scan(new[] { "/usr/include/SDL2/SDL.h" }, new[] { "win-x64" }, new[] { "/usr/include/SDL2" });
        var abi = ScannerHarness.Abi(manifest, "win-x64");
        Assert.DoesNotContain(abi.Diagnostics, d => d.Severity >= ScanSeverity.Error);
        Assert.Equal(1, abi.FindTypedef("Uint8")!.Type.Size);
        Assert.Equal(2, abi.FindTypedef("Uint16")!.Type.Size);
        Assert.Equal(8, abi.FindTypedef("Sint64")!.Type.Size);
        var color = abi.FindRecord("SDL_Color")!;
        Assert.True(color.IsResolved);
        Assert.Equal(4, color.Size);
    }

    [Fact]
    public void LinuxArm64_WithCrossGlibc_ReadsArm64Facts_AndLinuxX64KeepsItsOwn()
    {
        const string header = """
            #include <sys/stat.h>
            #include <sys/epoll.h>
            typedef char my_char;
            int api_stat(const char *path, struct stat *out);
            """;
        var manifest = ScannerHarness.ScanText(header, "linux-x64", "linux-arm64");
        var x64 = ScannerHarness.Abi(manifest, "linux-x64");
        var arm64 = ScannerHarness.Abi(manifest, "linux-arm64");
        Assert.DoesNotContain(arm64.Diagnostics, d => d.Severity >= ScanSeverity.Error);
        Assert.Equal(144, x64.FindRecord("stat")!.Size);
        Assert.Equal(128, arm64.FindRecord("stat")!.Size);
        Assert.True(x64.FindRecord("epoll_event")!.IsPacked);   // __EPOLL_PACKED on x86-64 only
        Assert.False(arm64.FindRecord("epoll_event")!.IsPacked);
        Assert.False(arm64.FindTypedef("my_char")!.Type.IsSigned); // char is unsigned on arm64 Linux
        Assert.True(x64.FindTypedef("my_char")!.Type.IsSigned);
        Assert.DoesNotContain(x64.Functions, f => f.File.StartsWith("/usr/aarch64-linux-gnu", StringComparison.Ordinal));
        Assert.DoesNotContain(x64.Records, r => r.File.StartsWith("/usr/aarch64-linux-gnu", StringComparison.Ordinal));
    }

    [Fact]
    public void LinuxArm64_WithoutSystemHeaders_ReportsTheMissingHeaderOnce_AndCheckingNothingThatNeedsIt()
    {
        const string header = """
            #include <sys/socket.h>
            typedef struct sockaddr my_sockaddr;
            int api_bind(int fd, const struct sockaddr *address, socklen_t length);
            int api_plain(int fd);
            """;
        var manifest = ScannerHarness.ScanText(header, new Dictionary<string, string> { ["linux-arm64"] = "none" }, "linux-arm64");
        var abi = ScannerHarness.Abi(manifest, "linux-arm64");
        var errors = abi.Diagnostics.Where(d => d.Severity >= ScanSeverity.Error).ToList();
        var missing = Assert.Single(errors);
        Assert.Contains("sys/socket.h", missing.Message);
        Assert.Contains("linux-arm64", missing.Message);
        Assert.Contains("libc6-dev-arm64-cross", missing.Message);
        foreach (var function in abi.Functions)
        {
            Assert.True(!function.IsResolved || function.Name == "api_plain", function.Name + " resolved after a missing header");
        }
    }

    [Fact]
    public void Windows_HostGlibcHeader_IsNotRead_ButReportedAsMissing()
    {
        // iconv.h is glibc's, not MinGW's: reading the host's copy would describe Linux.
        const string header = """
            #include <iconv.h>
            int api_after(int x);
            """;
        var abi = ScannerHarness.Abi(ScannerHarness.ScanText(header, "win-x64"), "win-x64");
        var error = Assert.Single(abi.Diagnostics, d => d.Severity >= ScanSeverity.Error);
        Assert.Contains("'iconv.h' is not among win-x64's system headers", error.Message);
        Assert.Contains("mingw-w64-x86-64-dev", error.Message);
        Assert.EndsWith("test.h", error.File);
        Assert.Equal(1, error.Line);
        Assert.All(abi.Functions.Where(f => f.File.EndsWith("iconv.h", StringComparison.Ordinal)), f => Assert.False(f.IsResolved));
        Assert.True(abi.FindFunctions("api_after").Single().IsResolved);
    }

    [Fact]
    public void Sysroot_IsParsedPerTarget_AndRejectsUnknownTargets()
    {
        var into = new Dictionary<string, string>();
        InteropLint.Scanner.SystemHeaders.ParseInto("win-x64=/opt/mingw;linux-arm64=none", into);
        Assert.Equal("/opt/mingw", into["win-x64"]);
        Assert.Equal("none", into["linux-arm64"]);
        Assert.Throws<InteropLint.Scanner.UsageException>(() => InteropLint.Scanner.SystemHeaders.ParseInto("mars-x64=/x", into));
    }
}

/// <summary>The freestanding fallback's shim: what real library headers use on foreign ABIs (issue 14, item 7).</summary>
public sealed class FreestandingShimTests
{
    [Fact]
    public void WindowsShim_HasSalProcessAndTheWin32MessageTypes()
    {
        const string header = """
            #include <sal.h>
            #include <process.h>
            #include <windows.h>
            #include <time.h>
            LRESULT api_message(_In_ HDC dc, WPARAM w, _In_opt_ LPARAM l);
            __time64_t api_time(void);
            """;
        var abi = ScannerHarness.Abi(ScannerHarness.ScanText(header, new Dictionary<string, string> { ["win-x64"] = "none" }, "win-x64"), "win-x64");
        Assert.DoesNotContain(abi.Diagnostics, d => d.Severity >= ScanSeverity.Error);
        var api = abi.FindFunctions("api_message").Single();
        Assert.Equal(8, api.Return.Size);
        Assert.All(api.Parameters, p => Assert.Equal(8, p.Type.Size));
        Assert.Equal(8, abi.FindFunctions("api_time").Single().Return.Size);
    }

    [Fact]
    public void AppleShim_HasTargetConditionalsAvailabilityMacrosAndSsizeT()
    {
        const string header = """
            #include <TargetConditionals.h>
            #include <AvailabilityMacros.h>
            #include <stdio.h>
            #if TARGET_OS_OSX && MAC_OS_X_VERSION_MIN_REQUIRED >= MAC_OS_X_VERSION_10_15
            ssize_t api_read(FILE *f, void *buffer, size_t size);
            #endif
            """;
        var abi = ScannerHarness.Abi(ScannerHarness.ScanText(header, "osx-arm64"), "osx-arm64");
        Assert.DoesNotContain(abi.Diagnostics, d => d.Severity >= ScanSeverity.Error);
        Assert.Equal(8, abi.FindFunctions("api_read").Single().Return.Size);
    }
}
