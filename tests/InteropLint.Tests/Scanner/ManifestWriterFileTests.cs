using System.Text;
using InteropLint.Manifest;
using InteropLint.Tests.Infrastructure;
using Xunit;

namespace InteropLint.Tests.Scanner;

/// <summary>
/// The manifest and .inputs files on disk: UTF-8 without BOM, equal to <see cref="ManifestWriter.Write"/>, and an identical
/// rewrite leaves the file (and its timestamp, which incremental builds compare) untouched.
/// </summary>
[Trait(Tier.Name, Tier.RealHeader)]
public sealed class ManifestWriterFileTests
{
    private static readonly DateTime LongAgo = new(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
    private static readonly UTF8Encoding Utf8NoBom = new(false);

    [Fact]
    public void WriteFile_IdenticalManifest_LeavesFileUntouched_ChangedManifest_RewritesIt()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "obj", "zlib.interoplint.json");
        var manifest = ScannerHarness.Scan(new[] { "/usr/include/zlib.h" }, new[] { "linux-x64", "win-x86" });

        ManifestWriter.WriteFile(manifest, path);
        Assert.Equal(Utf8NoBom.GetBytes(ManifestWriter.Write(manifest)), File.ReadAllBytes(path));

        File.SetLastWriteTimeUtc(path, LongAgo);
        ManifestWriter.WriteFile(manifest, path);
        Assert.Equal(LongAgo, File.GetLastWriteTimeUtc(path));

        // Same length, one byte different: the comparison must look at the content, not only the size.
        var abi = ScannerHarness.Abi(manifest, "linux-x64");
        var function = abi.Functions.First(f => f.Name == "deflate");
        var before = ManifestWriter.Write(manifest);
        function.Line = function.Line % 9 == 0 ? function.Line - 1 : function.Line + 1;
        var after = ManifestWriter.Write(manifest);
        Assert.Equal(before.Length, after.Length);
        Assert.NotEqual(before, after);

        ManifestWriter.WriteFile(manifest, path);
        Assert.NotEqual(LongAgo, File.GetLastWriteTimeUtc(path));
        Assert.Equal(Utf8NoBom.GetBytes(after), File.ReadAllBytes(path));
    }

    [Fact]
    public void WriteTextIfChanged_KeepsIdenticalFile_RewritesSameLengthChange_AndShorterText()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "zlib.interoplint.json.inputs");
        var text = "/usr/include/zlib.h\n/usr/include/zconf.h\n/tmp/é/😀.h\n";

        ManifestWriter.WriteTextIfChanged(path, text);
        Assert.Equal(Utf8NoBom.GetBytes(text), File.ReadAllBytes(path));

        File.SetLastWriteTimeUtc(path, LongAgo);
        ManifestWriter.WriteTextIfChanged(path, text);
        Assert.Equal(LongAgo, File.GetLastWriteTimeUtc(path));

        var sameLength = text.Replace("zconf", "zconF");
        ManifestWriter.WriteTextIfChanged(path, sameLength);
        Assert.NotEqual(LongAgo, File.GetLastWriteTimeUtc(path));
        Assert.Equal(Utf8NoBom.GetBytes(sameLength), File.ReadAllBytes(path));

        var shorter = "/usr/include/zlib.h\n";
        ManifestWriter.WriteTextIfChanged(path, shorter);
        Assert.Equal(Utf8NoBom.GetBytes(shorter), File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void WriteFile_LongNonAsciiText_IsTheWrittenTextInUtf8(int padding)
    {
        // Three chars per repeat (é and a surrogate pair), with three paddings: some run of the manifest's
        // megabyte-scale text crosses an encoding slice in the middle of a surrogate pair.
        var manifest = new NativeManifest { Generator = "test" };
        var abi = new AbiManifest { Target = "linux-x64", Triple = "x86_64-unknown-linux-gnu", Scanned = true };
        var wide = new string('x', padding) + string.Concat(Enumerable.Repeat("é😀", 30000));
        abi.Constants.Add(new ConstantDecl { Name = "WIDE", File = "/tmp/wide.h", Line = 1, Value = 1, Text = wide });
        manifest.Abis.Add(abi);

        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "wide.interoplint.json");
        ManifestWriter.WriteFile(manifest, path);

        var text = ManifestWriter.Write(manifest);
        Assert.Equal(Utf8NoBom.GetBytes(text), File.ReadAllBytes(path));
        Assert.Equal(wide, ManifestReader.Read(File.ReadAllText(path)).Abis[0].Constants[0].Text);
    }
}
