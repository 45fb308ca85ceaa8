using InteropLint.Manifest;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.EndToEnd;

/// <summary>
/// The package's build targets in real `dotnet build`s of temporary projects: scanning into obj/,
/// handing the manifest to the compiler, incrementality, and builds that go on when scanning cannot.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class BuildIntegrationTests
{
    /// <summary>What the targets say (at normal verbosity) each time they start the scanner.</summary>
    private const string ScanningMessage = "InteropLint: scanning ";

    /// <summary>How the targets' own ILNT902 begins (the analyzer reports other ILNT902 causes).</summary>
    private const string TargetsScanFailure = "InteropLint could not scan the headers";

    private const string ScanSkippedMessage = "Skipping target \"_InteropLintRunScanner\" because all output files are up-to-date";

    private readonly InteropLintPackageFixture _package;
    private readonly ITestOutputHelper _output;

    public BuildIntegrationTests(InteropLintPackageFixture package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
    }

    [Fact]
    public void Build_WithSystemHeader_WritesManifestUnderObj_AndGivesItToTheCompiler()
    {
        var project = Create("zlib-system", """
              <ItemGroup>
                <InteropLintHeader Include="/usr/include/zlib.h" Library="z" />
              </ItemGroup>
            """);

        var build = project.Build();

        Assert.True(build.Succeeded, build.ToString());
        Assert.Empty(build.ErrorLines);
        Assert.True(File.Exists(project.ManifestPath), "no manifest at " + project.ManifestPath + "\n" + build);
        var manifest = ManifestReader.Read(File.ReadAllText(project.ManifestPath));
        var header = Assert.Single(manifest.Headers);
        Assert.Equal("/usr/include/zlib.h", header.Path);
        Assert.Equal("z", header.Library);
        Assert.Equal(new[] { "linux-x64", "osx-arm64", "win-x64" }, manifest.Abis.Select(a => a.Target).OrderBy(t => t, StringComparer.Ordinal));
        // quiet: a normal build says nothing of the scan when it goes well
        Assert.DoesNotContain(ScanningMessage, build.Output, StringComparison.Ordinal);
        Assert.Empty(build.DiagnosticLines("ILNT902"));
        Assert.DoesNotContain("warning MSB", build.Output, StringComparison.Ordinal);

        Assert.Contains(project.ManifestPath, project.AdditionalFiles());

        // the analyzers learn the ABIs meant from build_property.InteropLintTargets
        var editorConfig = File.ReadAllText(Path.Combine(project.IntermediateDirectory, project.Name + ".GeneratedMSBuildEditorConfig.editorconfig"));
        Assert.Contains("build_property.InteropLintTargets = linux-x64;win-x64;osx-arm64", editorConfig, StringComparison.Ordinal);

        // nothing of the package flows into the program itself
        var run = project.Run();
        Assert.True(run.Succeeded, run.ToString());
        Assert.Equal("ok", run.Output.Trim());
    }

    [Fact]
    public void SecondBuild_WithNothingChanged_DoesNotRescan()
    {
        var project = CreateWithCopiedZlib("zlib-unchanged");
        var first = project.Build("-v:n");
        Assert.True(first.Succeeded, first.ToString());
        Assert.Contains(ScanningMessage, first.Output, StringComparison.Ordinal);
        var written = File.GetLastWriteTimeUtc(project.ManifestPath);

        var second = project.Build("-v:n");

        Assert.True(second.Succeeded, second.ToString());
        Assert.DoesNotContain(ScanningMessage, second.Output, StringComparison.Ordinal);
        Assert.Contains(ScanSkippedMessage, second.Output, StringComparison.Ordinal);
        Assert.Equal(written, File.GetLastWriteTimeUtc(project.ManifestPath));
    }

    [Fact]
    public void ChangedHeader_IncludedHeader_OrTargets_Rescan()
    {
        var project = CreateWithCopiedZlib("zlib-changes");
        var first = project.Build("-v:n");
        Assert.True(first.Succeeded, first.ToString());
        // relative IncludePaths reach the scanner resolved against the project folder
        Assert.Equal(
            $"{project.PathOf("include/zlib.h")}|z|{project.PathOf("include")}|ZLIB_CONST",
            File.ReadAllText(project.SpecPath).TrimEnd('\n', '\r'));

        project.Touch("include/zlib.h");
        var afterHeaderChange = project.Build("-v:n");
        Assert.True(afterHeaderChange.Succeeded, afterHeaderChange.ToString());
        Assert.Contains(ScanningMessage, afterHeaderChange.Output, StringComparison.Ordinal);
        // the same content gives the same manifest, left untouched (no recompile), yet the scan
        // is up to date again: the next build does not rescan
        var settled = project.Build("-v:n");
        Assert.True(settled.Succeeded, settled.ToString());
        Assert.Contains(ScanSkippedMessage, settled.Output, StringComparison.Ordinal);

        // zconf.h is no InteropLintHeader item: only the scanner's list of the files it read knows it
        project.Touch("include/zconf.h");
        var afterIncludeChange = project.Build("-v:n");
        Assert.True(afterIncludeChange.Succeeded, afterIncludeChange.ToString());
        Assert.Contains(ScanningMessage, afterIncludeChange.Output, StringComparison.Ordinal);

        var otherTargets = project.Build("-v:n", "-p:InteropLintTargets=linux-x64%3Bwin-x86");
        Assert.True(otherTargets.Succeeded, otherTargets.ToString());
        Assert.Contains(ScanningMessage, otherTargets.Output, StringComparison.Ordinal);
        var manifest = ManifestReader.Read(File.ReadAllText(project.ManifestPath));
        Assert.Equal(new[] { "linux-x64", "win-x86" }, manifest.Abis.Select(a => a.Target).OrderBy(t => t, StringComparer.Ordinal));
    }

    [Fact]
    public void MissingHeader_BuildSucceeds_AndTheManifestSaysWhy()
    {
        var project = Create("missing-header", """
              <ItemGroup>
                <InteropLintHeader Include="include/not-there.h" Library="nothere" />
              </ItemGroup>
            """);

        var build = project.Build();

        Assert.True(build.Succeeded, build.ToString());
        // the scanner ran and recorded why nothing was scanned; the analyzer turns that into the warning
        Assert.DoesNotContain(TargetsScanFailure, build.Output, StringComparison.Ordinal);
        var manifest = ManifestReader.Read(File.ReadAllText(project.ManifestPath));
        Assert.All(manifest.Abis, abi => Assert.Contains(abi.Diagnostics, d => d.ToString().Contains("not-there.h", StringComparison.Ordinal)));
        var warning = Assert.Single(build.DiagnosticLines("ILNT902"));
        Assert.Contains("not-there.h", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderWithSyntaxError_BuildSucceeds_AndTheManifestCarriesClangsLocation()
    {
        var project = Create(
            "broken-header",
            """
              <ItemGroup>
                <InteropLintHeader Include="include/broken.h" Library="broken" />
              </ItemGroup>
            """,
            ("include/broken.h", "int fine(int x);\nint broken(int x;\n"));

        var build = project.Build();

        Assert.True(build.Succeeded, build.ToString());
        Assert.Empty(build.DiagnosticLines("ILNT902"));
        var manifest = ManifestReader.Read(File.ReadAllText(project.ManifestPath));
        Assert.All(manifest.Abis, abi => Assert.Contains(
            abi.Diagnostics,
            d => d.Severity >= ScanSeverity.Error && d.File.EndsWith("broken.h", StringComparison.Ordinal) && d.Line == 2));
        // the build shows clang's complaint at its place in the header
        var warning = Assert.Single(build.DiagnosticLines("ILNT900"));
        Assert.StartsWith(project.PathOf("include/broken.h") + "(2,", warning, StringComparison.Ordinal);
        // clang's "error:" is quoted inside a warning: nothing in the build is an error
        Assert.Empty(build.ErrorLines);
    }

    [Fact]
    public void ScannerThatCannotStart_WarnsIlnt902_AndBuildSucceeds()
    {
        var project = Create("scanner-missing", """
              <ItemGroup>
                <InteropLintHeader Include="/usr/include/zlib.h" Library="z" />
              </ItemGroup>
            """);
        var missingScanner = Path.Combine(project.Directory, "no-such-dir", "InteropLint.Scanner.dll");

        var build = project.Build("-p:InteropLintScannerPath=" + missingScanner);

        Assert.True(build.Succeeded, build.ToString());
        var warning = Assert.Single(build.DiagnosticLines("ILNT902"));
        Assert.Contains(missingScanner, warning, StringComparison.Ordinal);
        Assert.False(File.Exists(project.ManifestPath));
    }

    [Fact]
    public void ScannerOverItsTimeLimit_IsStopped_WarnsIlnt902Once_AndBuildSucceeds()
    {
        var project = Create("scanner-timeout", """
              <ItemGroup>
                <InteropLintHeader Include="/usr/include/zlib.h" Library="z" />
              </ItemGroup>
            """);

        // one millisecond: no `dotnet exec` can even start in that time
        var build = project.Build("-p:InteropLintScanProcessTimeout=0.001");

        Assert.True(build.Succeeded, build.ToString());
        var warning = Assert.Single(build.DiagnosticLines("ILNT902"));
        Assert.Contains("did not finish within", warning, StringComparison.Ordinal);
        // MSBuild's own reports of the killed process stay out of the user's way
        Assert.DoesNotContain("MSB5002", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MSB4181", build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void InteropLintEnabledFalse_ScansNothing_AndAddsNoManifest()
    {
        var project = Create("disabled", """
              <PropertyGroup>
                <InteropLintEnabled>false</InteropLintEnabled>
              </PropertyGroup>
              <ItemGroup>
                <InteropLintHeader Include="/usr/include/zlib.h" Library="z" />
              </ItemGroup>
            """);

        var additionalFiles = project.AdditionalFiles();

        Assert.DoesNotContain(additionalFiles, f => f.EndsWith(".interoplint.json", StringComparison.Ordinal));
        Assert.False(System.IO.Directory.Exists(Path.GetDirectoryName(project.ManifestPath)));
    }

    [Fact]
    public void Format_FromACleanProject_ScansInItsDesignTimeBuild()
    {
        var project = Create("format-design-time", """
              <ItemGroup>
                <InteropLintHeader Include="/usr/include/zlib.h" Library="z" />
              </ItemGroup>
            """);

        var format = project.Format("ILNT001");

        Assert.True(format.Succeeded, format.ToString());
        Assert.True(File.Exists(project.ManifestPath), "dotnet format's design-time build did not scan\n" + format);
    }

    private E2EProject Create(string name, string csprojExtras, params (string Path, string Content)[] files)
    {
        var project = _package.CreateProject(name, csprojExtras, files);
        project.Output = _output;
        return project;
    }

    /// <summary>zlib.h and zconf.h copied into include/, so the test may touch them.</summary>
    private E2EProject CreateWithCopiedZlib(string name) =>
        Create(
            name,
            """
              <ItemGroup>
                <InteropLintHeader Include="include/zlib.h" Library="z" IncludePaths="include" Defines="ZLIB_CONST" />
              </ItemGroup>
            """,
            ("include/zlib.h", File.ReadAllText("/usr/include/zlib.h")),
            ("include/zconf.h", File.ReadAllText("/usr/include/zconf.h")));
}
