using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Xml.Linq;
using InteropLint.Tests.Infrastructure;
using Xunit;

namespace InteropLint.Tests.EndToEnd;

/// <summary>What the one InteropLint package holds, read from the .nupkg `dotnet pack` produced.</summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class PackageLayoutTests
{
    private readonly InteropLintPackageFixture _package;

    public PackageLayoutTests(InteropLintPackageFixture package)
    {
        _package = package;
    }

    [Fact]
    public void Package_HoldsAnalyzersScannerAndBuildTargets_AndNothingThatFlowsToConsumers()
    {
        using var archive = ZipFile.OpenRead(_package.PackagePath);
        var entries = archive.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Subset(
            entries,
            new HashSet<string>(StringComparer.Ordinal)
            {
                "analyzers/dotnet/cs/InteropLint.Analyzers.dll",
                "analyzers/dotnet/cs/InteropLint.CodeFixes.dll",
                "analyzers/dotnet/cs/InteropLint.Manifest.dll",
                "tools/scanner/InteropLint.Scanner.dll",
                "tools/scanner/InteropLint.Clang.dll",
                "tools/scanner/InteropLint.Manifest.dll",
                "tools/scanner/InteropLint.Scanner.deps.json",
                "tools/scanner/InteropLint.Scanner.runtimeconfig.json",
                "buildTransitive/InteropLint.props",
                "buildTransitive/InteropLint.targets",
            });
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal));
        // the managed scanner is started with `dotnet exec` on every OS: no apphost beside the dll; the native scanner
        // (NativeAOT, for the packing machine's runtime identifier) is a folder of its own
        Assert.DoesNotContain("tools/scanner/InteropLint.Scanner", entries);
        Assert.DoesNotContain("tools/scanner/InteropLint.Scanner.exe", entries);
        Assert.Contains("tools/scanner/" + RuntimeInformation.RuntimeIdentifier + "/InteropLint.Scanner", entries);

        using (var runtimeConfig = JsonDocument.Parse(archive.GetEntry("tools/scanner/InteropLint.Scanner.runtimeconfig.json")!.Open()))
        {
            // runs on whatever newer runtime the SDK building the user's project has
            Assert.Equal("Major", runtimeConfig.RootElement.GetProperty("runtimeOptions").GetProperty("rollForward").GetString());
        }

        var nuspecEntry = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var nuspecStream = nuspecEntry.Open();
        var nuspec = XDocument.Load(nuspecStream);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal("InteropLint", metadata.Element(ns + "id")!.Value);
        Assert.Equal(_package.PackageVersion, metadata.Element(ns + "version")!.Value);
        Assert.Equal("true", metadata.Element(ns + "developmentDependency")!.Value);
        Assert.Null(metadata.Element(ns + "dependencies"));
    }

    /// <summary>
    /// The scanner the build runs needs libclang and the manifest model only: no compiler, no resource satellites. The
    /// package is under one megabyte without the native scanner, whose one executable (the runtime and the scanner
    /// compiled ahead of time, symbols stripped) adds about two compressed.
    /// </summary>
    [Fact]
    public void Package_IsUnderOneMegabyteBesidesTheNativeScanner_WithAScannerOfClangAndManifestOnly()
    {
        using var archive = ZipFile.OpenRead(_package.PackagePath);
        var nativeFolder = "tools/scanner/" + RuntimeInformation.RuntimeIdentifier + "/";
        var native = archive.Entries.Where(e => e.FullName.StartsWith(nativeFolder, StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { nativeFolder + "InteropLint.Scanner" }, native.Select(e => e.FullName));
        Assert.True(native[0].CompressedLength < 3 * 1024 * 1024, $"the native scanner: {native[0].CompressedLength} bytes compressed");
        var rest = new FileInfo(_package.PackagePath).Length - native.Sum(e => e.CompressedLength);
        Assert.True(rest < 1024 * 1024, $"{_package.PackagePath}: {rest} bytes besides the native scanner");

        var scanner = archive.Entries.Select(e => e.FullName).Where(e => e.StartsWith("tools/scanner/", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            new[]
            {
                "tools/scanner/InteropLint.Clang.dll",
                "tools/scanner/InteropLint.Manifest.dll",
                "tools/scanner/InteropLint.Scanner.deps.json",
                "tools/scanner/InteropLint.Scanner.dll",
                "tools/scanner/InteropLint.Scanner.runtimeconfig.json",
                nativeFolder + "InteropLint.Scanner",
            }.OrderBy(e => e, StringComparer.Ordinal),
            scanner.OrderBy(e => e, StringComparer.Ordinal));

        using var deps = JsonDocument.Parse(archive.GetEntry("tools/scanner/InteropLint.Scanner.deps.json")!.Open());
        Assert.DoesNotContain("Microsoft.CodeAnalysis", deps.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>What an organisation checks before adopting a package: licence, copyright, readme, release notes, project home, icon.</summary>
    [Fact]
    public void Package_HasCompleteMetadata()
    {
        using var archive = ZipFile.OpenRead(_package.PackagePath);
        var entries = archive.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("LICENSE", entries);
        Assert.Contains("README.md", entries);
        Assert.Contains("icon.png", entries);

        var metadata = Metadata(archive, out var ns);
        var license = metadata.Element(ns + "license")!;
        Assert.Equal("expression", license.Attribute("type")!.Value);
        Assert.Equal("MIT", license.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        Assert.Contains("InteropLint contributors", metadata.Element(ns + "copyright")!.Value, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "releaseNotes")?.Value));
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value));
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "tags")?.Value));
        Assert.Equal("icon.png", metadata.Element(ns + "icon")?.Value);
        Assert.StartsWith("https://", metadata.Element(ns + "projectUrl")?.Value ?? "", StringComparison.Ordinal);
        Assert.Equal("git", metadata.Element(ns + "repository")?.Attribute("type")?.Value);

        // NuGet's package analysis is on: packing printed none of its NU5xxx warnings
        Assert.DoesNotMatch(@"warning NU5\d{3}", _package.PackResult.Output);
    }

    private static XElement Metadata(ZipArchive archive, out XNamespace ns)
    {
        var nuspecEntry = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var nuspecStream = nuspecEntry.Open();
        var nuspec = XDocument.Load(nuspecStream);
        ns = nuspec.Root!.Name.Namespace;
        return nuspec.Root.Element(ns + "metadata")!;
    }
}
