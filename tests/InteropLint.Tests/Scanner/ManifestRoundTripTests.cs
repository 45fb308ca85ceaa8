using InteropLint.Manifest;
using InteropLint.Tests.Infrastructure;
using Xunit;

namespace InteropLint.Tests.Scanner;

/// <summary>
/// The manifest contract read and written again is the same bytes, on every real header the tests use: what a change
/// to a codec (Codecs/*Codec.cs) must keep. The manifests are the scanner process's own output, scanned with the same
/// arguments as the tests that use them (so the scans are shared through <see cref="NativeHeaders.Scan"/>'s cache).
/// </summary>
[Trait(Tier.Name, Tier.RealHeader)]
public sealed class ManifestRoundTripTests
{
    /// <summary>Header, targets, scanner arguments.</summary>
    public static TheoryData<string, string, string> Headers => new()
    {
        { "/usr/include/zlib.h", NativeHeaders.DefaultTargets, "--library z" },
        { "/usr/include/sqlite3.h", NativeHeaders.DefaultTargets, "--library sqlite3" },
        { "/usr/include/lzma.h", NativeHeaders.DefaultTargets, "--library lzma" },
        { "/usr/include/bzlib.h", NativeHeaders.DefaultTargets, "" },
        { "/usr/include/sodium.h", NativeHeaders.DefaultTargets, "--library sodium" },
        { "/usr/include/pcap/pcap.h", NativeHeaders.DefaultTargets, "--library pcap" },
        { "/usr/include/archive.h", NativeHeaders.DefaultTargets, "--library archive" },
        { "/usr/include/git2.h", "linux-x64;osx-arm64", "--library git2" },
        { "/usr/include/SDL2/SDL.h", NativeHeaders.DefaultTargets, "--library SDL2" },
        { "/usr/include/SDL2/SDL_clipboard.h", "linux-x64", "" },
        { "/usr/include/vlc/libvlc.h", NativeHeaders.DefaultTargets, "--library vlc" },
        { "/usr/include/string.h", "linux-x64", "--library libc" },
        { "/usr/include/stdlib.h", "linux-x64", "--library libc" },
        { "/usr/include/stdio.h", "linux-x64", "--library libc" },
        { "/usr/include/signal.h", "linux-x64", "--library libc" },
        { "native/include/interopdemo.h", NativeHeaders.DefaultTargets, "--library interopdemo" },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void RealHeader_ReadThenWritten_IsByteIdentical(string header, string targets, string arguments)
    {
        var written = Scan(header, targets, arguments);
        Assert.Contains("\"functions\"", written);
        Assert.Equal(written, ManifestWriter.Write(ManifestReader.Read(written)));
    }

    /// <summary>
    /// The headers above between them write every optional field and every enumeration a codec spells, so the
    /// round trip above covers them (a field the writer stopped writing, or a word the reader stopped knowing, would
    /// fail here or there).
    /// </summary>
    [Fact]
    public void RealHeaders_BetweenThem_WriteEveryOptionalFieldAndWord()
    {
        var all = string.Concat(Headers.Select(row => Scan((string)row[0], (string)row[1], (string)row[2])));
        foreach (var field in new[]
        {
            "\"unresolved\":", "\"symbol\":", "\"attributes\":", "\"variadic\":true", "\"packed\":true", "\"bits\":",
            "\"aliases\":", "\"typedefs\":", "\"signed\":true", "\"const\":true", "\"pointee\":", "\"element\":", "\"decl\":",
            "\"elsewhere\":[\n{", "\"evidence\":", "\"keeps\":true", "\"keeps\":false",
            "\"kind\":\"union\"", "\"kind\":\"function\"", "\"kind\":\"array\"", "\"kind\":\"enum\"", "\"kind\":\"bool\"",
            "\"reason\":\"attribute\"", "\"reason\":\"doc-comment\"", "\"reason\":\"libc\"", "\"reason\":\"name-pair\"",
            "\"reason\":\"unregister-pair\"", "\"reason\":\"setter\"",
            "\"severity\":\"error\"", "\"where\":\"skipped\"",
        })
        {
            Assert.True(all.Contains(field, StringComparison.Ordinal), "no real header writes " + field);
        }
    }

    private static string Scan(string header, string targets, string arguments) =>
        NativeHeaders.Scan(header, targets, arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
