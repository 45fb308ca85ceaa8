using InteropLint.Manifest;
using Xunit;

namespace InteropLint.Tests;

public sealed class ManifestFormatTests
{
    [Fact]
    public void OlderFormatVersion_IsRefusedWithReason()
    {
        var ex = Assert.Throws<ManifestFormatException>(() => ManifestReader.Read("{\"format\":0,\"abis\":[]}"));
        Assert.Contains("format 0", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"format\":1,\"abis\":[{\"target\":\"linux-x64\",\"types\":[],\"functions\":[{\"name\":\"f\",\"return\":3}]}]}")]
    public void MalformedText_ThrowsManifestFormatException(string text)
    {
        Assert.Throws<ManifestFormatException>(() => ManifestReader.Read(text));
    }

    [Theory]
    [InlineData("z", "libz.so.1", true)]
    [InlineData("z", "/usr/lib/x86_64-linux-gnu/libz.so", true)]
    [InlineData("sqlite3", "sqlite3.dll", true)]
    [InlineData("z", "zstd", false)]
    [InlineData("interopdemo", "libinteropdemo.dylib", true)]
    public void LibraryNames_CompareAsTheRuntimeProbes(string a, string b, bool same)
    {
        Assert.Equal(same, LibraryNames.Same(a, b));
    }
}
