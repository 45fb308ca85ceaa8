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

    /// <summary>What the scanner process itself prints per ABI (shown at normal verbosity).</summary>
    private const string ScannerSummary = "linux-x64: scanned, ";

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
        // no scanner process at all: MSBuild decided from the stamp, and the scanner's own summary lines
        // (printed at this verbosity whenever it runs) are absent
        Assert.Contains(ScannerSummary, first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(ScannerSummary, second.Output, StringComparison.Ordinal);
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

        // a new file where the include search looks before the one zlib.h got: no file read changed, yet
        // the include may now resolve elsewhere (stddef.h comes from clang's own headers)
        project.WriteFile("include/stddef.h", "#include_next <stddef.h>\n");
        var afterShadow = project.Build("-v:n");
        Assert.True(afterShadow.Succeeded, afterShadow.ToString());
        Assert.Contains(ScanningMessage, afterShadow.Output, StringComparison.Ordinal);
        Assert.Contains(project.PathOf("include/stddef.h"), File.ReadAllText(project.ManifestPath + ".inputs"), StringComparison.Ordinal);

        var otherTargets = project.Build("-v:n", "-p:InteropLintTargets=linux-x64%3Bwin-x86");
        Assert.True(otherTargets.Succeeded, otherTargets.ToString());
        Assert.Contains(ScanningMessage, otherTargets.Output, StringComparison.Ordinal);
        var manifest = ManifestReader.Read(File.ReadAllText(project.ManifestPath));
        Assert.Equal(new[] { "linux-x64", "win-x86" }, manifest.Abis.Select(a => a.Target).OrderBy(t => t, StringComparer.Ordinal));
    }

    /// <summary>
    /// Issue 17 item 7: the IDE's fast up-to-date check sees the headers and every file they included, so editing an
    /// included header (not an InteropLintHeader item) makes the project build again in the editor. No IDE runs here:
    /// this asks the design-time target for its items, as the project system does.
    /// </summary>
    [Fact]
    public void DesignTimeUpToDateCheck_SeesTheHeader_AndTheFilesItIncludes()
    {
        var project = CreateWithCopiedZlib("zlib-uptodate");
        var build = project.Build();
        Assert.True(build.Succeeded, build.ToString());

        var inputs = DesignTimeUpToDateInputs(project);
        Assert.Contains(project.PathOf("include/zlib.h"), inputs);
        Assert.Contains(project.PathOf("include/zconf.h"), inputs); // included by zlib.h, no InteropLintHeader item
    }

    /// <summary>
    /// Issue 14: the scanner reads the library's folders for the headers a unit did not include (ILNT006's sibling
    /// headers), so a header added there after a scan may declare a function a P/Invoke names. It rescans, even when
    /// its time stamp is older than the scan (copied, checked out), and the IDE's up-to-date check sees it.
    /// </summary>
    [Fact]
    public void NewHeaderInTheLibrarysFolder_Rescans_AndIsAnUpToDateInput()
    {
        var project = CreateWithCopiedZlib("zlib-sibling");
        var first = project.Build("-v:n");
        Assert.True(first.Succeeded, first.ToString());
        Assert.Contains(ScanningMessage, first.Output, StringComparison.Ordinal);
        var settled = project.Build("-v:n");
        Assert.True(settled.Succeeded, settled.ToString());
        Assert.Contains(ScanSkippedMessage, settled.Output, StringComparison.Ordinal);

        project.WriteFile("include/zextra.h", "int zextra_version(void);\n");
        File.SetLastWriteTimeUtc(project.PathOf("include/zextra.h"), File.GetLastWriteTimeUtc(project.ManifestPath).AddDays(-1));

        Assert.Contains(project.PathOf("include/zextra.h"), DesignTimeUpToDateInputs(project));
        var afterNewHeader = project.Build("-v:n");
        Assert.True(afterNewHeader.Succeeded, afterNewHeader.ToString());
        Assert.Contains(ScanningMessage, afterNewHeader.Output, StringComparison.Ordinal);
        Assert.Contains("zextra.h is a new header in the library's folders", afterNewHeader.Output, StringComparison.Ordinal);
        var abi = ManifestReader.Read(File.ReadAllText(project.ManifestPath)).FindAbi("linux-x64")!;
        Assert.Contains(abi.Elsewhere, e => e.Name == "zextra_version" && e.Where == ElsewhereKind.Sibling);

        var again = project.Build("-v:n");
        Assert.True(again.Succeeded, again.ToString());
        Assert.Contains(ScanSkippedMessage, again.Output, StringComparison.Ordinal);
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

    /// <summary>ILNT902 from the targets goes through the analyzers: .editorconfig severity, SARIF and the help link apply.</summary>
    [Fact]
    public void ScannerThatCannotStart_Ilnt902_FollowsEditorConfig_AndIsInSarif()
    {
        // a P/Invoke: project-wide diagnostics are reported at the first one, so [*.cs] sections apply to them
        var project = Create(
            "scanner-missing-config",
            """
              <ItemGroup>
                <InteropLintHeader Include="/usr/include/zlib.h" Library="z" />
              </ItemGroup>
            """,
            ("Native.cs", "using System.Runtime.InteropServices;\nstatic class Native\n{\n    [DllImport(\"z\")]\n    public static extern nint zlibVersion();\n}\n"),
            ("Program.cs", "System.Console.WriteLine(\"ok\");\n"));
        var missingScanner = "-p:InteropLintScannerPath=" + Path.Combine(project.Directory, "no-such-dir", "InteropLint.Scanner.dll");
        var sarif = project.PathOf("build.sarif");

        var logged = project.Build(missingScanner, "-p:ErrorLog=" + sarif + "%2Cversion=2.1");
        Assert.True(logged.Succeeded, logged.ToString());
        Assert.Single(logged.DiagnosticLines("ILNT902"));
        var log = File.ReadAllText(sarif);
        Assert.Contains("\"ILNT902\"", log, StringComparison.Ordinal);
        Assert.Contains("docs/rules/ILNT902.md", log, StringComparison.Ordinal);

        project.WriteFile(".editorconfig", "[*.cs]\ndotnet_diagnostic.ILNT902.severity = error\n");
        project.Touch("Native.cs");
        var asError = project.Build(missingScanner);
        Assert.False(asError.Succeeded, asError.ToString());
        Assert.Contains(asError.ErrorLines, line => line.Contains("error ILNT902:", StringComparison.Ordinal));

        project.WriteFile(".editorconfig", "[*.cs]\ndotnet_diagnostic.ILNT902.severity = none\n");
        project.Touch("Native.cs");
        var silenced = project.Build(missingScanner);
        Assert.True(silenced.Succeeded, silenced.ToString());
        Assert.Empty(silenced.DiagnosticLines("ILNT902"));
    }

    /// <summary>
    /// INTEROPLINT_LIBCLANG set to a missing file is reported (not replaced by a libclang found elsewhere), at the first
    /// P/Invoke so that an editor shows it; it stays a warning under TreatWarningsAsErrors unless the project asks; and
    /// the incomplete scan is not up to date: the next build, with libclang found, scans and the warning is gone.
    /// </summary>
    [Fact]
    public void WrongLibclangPath_IsReported_StaysAWarning_AndTheNextBuildRecovers()
    {
        var project = Create(
            "libclang-recovery",
            """
              <ItemGroup>
                <InteropLintHeader Include="/usr/include/zlib.h" Library="z" />
              </ItemGroup>
            """,
            ("Native.cs", "using System.Runtime.InteropServices;\nstatic class Native\n{\n    [DllImport(\"z\")]\n    public static extern nint zlibVersion();\n}\n"),
            ("Program.cs", "System.Console.WriteLine(\"ok\");\n"));
        var wrong = new Dictionary<string, string> { ["INTEROPLINT_LIBCLANG"] = "/nonexistent/libclang.so" };

        var without = project.BuildWithEnvironment(wrong, "-p:TreatWarningsAsErrors=true");
        Assert.True(without.Succeeded, without.ToString());
        var warning = Assert.Single(without.DiagnosticLines("ILNT901"));
        Assert.Contains("/nonexistent/libclang.so", warning, StringComparison.Ordinal);
        Assert.StartsWith(project.PathOf("Native.cs") + "(5,", warning, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(project.ScanDirectory, "scan.stamp")), "an incomplete scan was marked up to date");

        project.Touch("Native.cs"); // the compiler runs again (an unchanged project would skip it and print nothing)
        var strict = project.BuildWithEnvironment(wrong, "-p:TreatWarningsAsErrors=true", "-p:InteropLintToolWarningsAsErrors=true");
        Assert.False(strict.Succeeded, strict.ToString());
        Assert.Contains(strict.ErrorLines, line => line.Contains("error ILNT901:", StringComparison.Ordinal));

        var with = project.Build("-v:n");
        Assert.True(with.Succeeded, with.ToString());
        Assert.Contains(ScanningMessage, with.Output, StringComparison.Ordinal);
        Assert.Empty(with.DiagnosticLines("ILNT901"));
        Assert.All(ManifestReader.Read(File.ReadAllText(project.ManifestPath)).Abis, abi => Assert.True(abi.Scanned, abi.Target));
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
    /// <summary>The items the IDE's fast up-to-date check gets from the design-time target, asked as the project system does.</summary>
    private static List<string> DesignTimeUpToDateInputs(E2EProject project)
    {
        var result = project.Dotnet("msbuild", project.ProjectFile, "-nologo", "-t:_InteropLintUpToDateCheckInputs", "-getItem:UpToDateCheckInput");
        Assert.True(result.Succeeded, result.ToString());
        var json = result.Output[result.Output.IndexOf('{', StringComparison.Ordinal)..];
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.GetProperty("Items").GetProperty("UpToDateCheckInput").EnumerateArray()
            .Select(item => item.GetProperty("FullPath").GetString()!)
            .ToList();
    }

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
