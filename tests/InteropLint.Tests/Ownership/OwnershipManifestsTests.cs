using Xunit;
using InteropLint.Manifest;
using static InteropLint.Tests.Ownership.OwnershipManifests;

namespace InteropLint.Tests.Ownership;

/// <summary>The test factory itself must give each ABI its own widths, or rules are tested against facts no scan produces.</summary>
public class OwnershipManifestsTests
{
    [Fact]
    public void WideChar_IsTwoBytesUnsignedOnWindows_FourBytesSignedOnLinux()
    {
        var manifest = ManifestReader.Read(Build(Function("lib_wname", WideCharPointer())));

        var linux = manifest.Abis.Single(a => a.Target == "linux-x64").Functions.Single().Return.Pointee!;
        var windows = manifest.Abis.Single(a => a.Target == "win-x64").Functions.Single().Return.Pointee!;
        Assert.Equal((4L, true), (linux.Size, linux.IsSigned));
        Assert.Equal((2L, 2L, false), (windows.Size, windows.Align, windows.IsSigned));
    }
}
