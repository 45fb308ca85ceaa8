using InteropLint.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.EndToEnd;

/// <summary>
/// CI without libclang: a manifest written by <c>InteropLintWriteManifest</c> and committed is used
/// instead of scanning, and a header newer than it gives ILNT903.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class CommittedManifestTests
{
    private const string CommittedManifest = "interop/zlib.interoplint.json";

    private readonly InteropLintPackageFixture _package;
    private readonly ITestOutputHelper _output;

    public CommittedManifestTests(InteropLintPackageFixture package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
    }

    [Fact]
    public void CommittedManifest_IsUsedWithoutScanning_AndWarnsIlnt903WhenAHeaderIsNewer()
    {
        var project = _package.CreateProject(
            "committed",
            $"""
              <PropertyGroup>
                <InteropLintManifest>{CommittedManifest}</InteropLintManifest>
              </PropertyGroup>
              <ItemGroup>
                <InteropLintHeader Include="include/zlib.h" Library="z" IncludePaths="include" />
              </ItemGroup>
            """,
            ("include/zlib.h", File.ReadAllText("/usr/include/zlib.h")),
            ("include/zconf.h", File.ReadAllText("/usr/include/zconf.h")));
        project.Output = _output;

        var write = project.Build("-t:InteropLintWriteManifest");
        Assert.True(write.Succeeded, write.ToString());
        Assert.True(File.Exists(project.PathOf(CommittedManifest)), write.ToString());
        Directory.Delete(Path.GetDirectoryName(project.ManifestPath)!, recursive: true);

        // a scanner that cannot even start: any attempt to scan would show as ILNT902
        var noScanner = "-p:InteropLintScannerPath=" + project.PathOf("no-scanner/InteropLint.Scanner.dll");
        var build = project.Build(noScanner);
        Assert.True(build.Succeeded, build.ToString());
        Assert.Empty(build.DiagnosticLines("ILNT902"));
        Assert.Empty(build.DiagnosticLines("ILNT903"));
        Assert.False(File.Exists(project.ManifestPath), "a scan ran into obj/");
        Assert.Contains(project.PathOf(CommittedManifest), project.AdditionalFiles(noScanner));

        project.Touch("include/zlib.h");
        var stale = project.Build(noScanner);
        Assert.True(stale.Succeeded, stale.ToString());
        var warning = Assert.Single(stale.DiagnosticLines("ILNT903"));
        Assert.Contains(project.PathOf("include/zlib.h"), warning, StringComparison.Ordinal);
        Assert.Contains("InteropLintWriteManifest", warning, StringComparison.Ordinal);

        var refresh = project.Build("-t:InteropLintWriteManifest");
        Assert.True(refresh.Succeeded, refresh.ToString());
        var refreshed = project.Build(noScanner);
        Assert.True(refreshed.Succeeded, refreshed.ToString());
        Assert.Empty(refreshed.DiagnosticLines("ILNT903"));
    }

    [Fact]
    public void CommittedManifestMissing_WarnsIlnt902_AndBuildSucceeds()
    {
        var project = _package.CreateProject("committed-missing", $"""
              <PropertyGroup>
                <InteropLintManifest>{CommittedManifest}</InteropLintManifest>
              </PropertyGroup>
              <ItemGroup>
                <InteropLintHeader Include="/usr/include/zlib.h" Library="z" />
              </ItemGroup>
            """);
        project.Output = _output;

        var build = project.Build();

        Assert.True(build.Succeeded, build.ToString());
        var warning = Assert.Single(build.DiagnosticLines("ILNT902"));
        Assert.Contains(project.PathOf(CommittedManifest), warning, StringComparison.Ordinal);
        Assert.Contains("InteropLintWriteManifest", warning, StringComparison.Ordinal);
    }
}
