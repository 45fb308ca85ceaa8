using System.IO.Compression;
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
        // the scanner is started with `dotnet exec` on every OS: no native apphost
        Assert.DoesNotContain("tools/scanner/InteropLint.Scanner", entries);
        Assert.DoesNotContain("tools/scanner/InteropLint.Scanner.exe", entries);

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
}
