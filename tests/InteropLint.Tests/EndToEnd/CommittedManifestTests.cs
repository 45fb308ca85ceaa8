using InteropLint.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.EndToEnd;

/// <summary>
/// CI without libclang: a manifest written by <c>InteropLintWriteManifest</c> and committed is used
/// instead of scanning, and a header whose content changed since (or a new file shadowing an include) gives ILNT903.
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
    public void CommittedManifest_IsUsedWithoutScanning_AndWarnsIlnt903WhenAHeaderChanges()
    {
        var project = CreateWithCopiedZlib("committed");

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

        // a time stamp is no change: the committed manifest is checked by content
        project.Touch("include/zlib.h");
        var touched = project.Build(noScanner);
        Assert.True(touched.Succeeded, touched.ToString());
        Assert.Empty(touched.DiagnosticLines("ILNT903"));

        File.AppendAllText(project.PathOf("include/zlib.h"), "\n/* edited */\n");
        var warning = SingleIlnt903(project, noScanner);
        Assert.Contains(project.PathOf("include/zlib.h"), warning, StringComparison.Ordinal);
        Assert.Contains("InteropLintWriteManifest", warning, StringComparison.Ordinal);

        RewriteManifest_AndExpectNoIlnt903(project, noScanner);
    }

    /// <summary>
    /// A fresh `git clone` gives every file a new time: an unchanged header must not look stale, a changed one (or a
    /// new file that an include would now find first) must, and ILNT903 reaches SARIF like every rule.
    /// </summary>
    [Fact]
    public void AcrossAGitClone_UnchangedHeadersPass_ChangedOrShadowingFilesGiveIlnt903()
    {
        var project = CreateWithCopiedZlib("committed-clone", (".gitignore", "bin/\nobj/\n"));
        var write = project.Build("-t:InteropLintWriteManifest");
        Assert.True(write.Succeeded, write.ToString());
        var inputs = File.ReadAllLines(project.PathOf(CommittedManifest + ".inputs"));
        // paths inside the project are recorded relative to it, so the record holds in any clone
        Assert.Contains(inputs, line => line.EndsWith("  include/zconf.h", StringComparison.Ordinal));
        Assert.DoesNotContain(inputs, line => line.Contains(project.Directory, StringComparison.Ordinal));

        Git(project.Directory, "init", "-q");
        Git(project.Directory, "add", "-A");
        Git(project.Directory, "-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "-q", "-m", "bindings");
        var cloneDirectory = project.Directory + "-clone";
        Git(Path.GetDirectoryName(project.Directory)!, "clone", "-q", project.Directory, cloneDirectory);
        var clone = project.Dotnet("build", Path.Combine(cloneDirectory, project.Name + ".csproj"), "-nologo", "-tl:off", "-p:InteropLintScannerPath=/nonexistent/InteropLint.Scanner.dll", "-p:ErrorLog=" + Path.Combine(cloneDirectory, "first.sarif"));
        Assert.True(clone.Succeeded, clone.ToString());
        Assert.Empty(clone.DiagnosticLines("ILNT903"));
        Assert.Empty(clone.DiagnosticLines("ILNT902"));

        // a change of content in an included file (not an InteropLintHeader item)
        File.AppendAllText(Path.Combine(cloneDirectory, "include", "zconf.h"), "\n/* a local change */\n");
        var sarif = Path.Combine(cloneDirectory, "changed.sarif");
        var changed = project.Dotnet("build", Path.Combine(cloneDirectory, project.Name + ".csproj"), "-nologo", "-tl:off", "-p:InteropLintScannerPath=/nonexistent/InteropLint.Scanner.dll", "-p:ErrorLog=" + sarif);
        Assert.True(changed.Succeeded, changed.ToString());
        var warning = Assert.Single(changed.DiagnosticLines("ILNT903"));
        Assert.Contains(Path.Combine(cloneDirectory, "include", "zconf.h"), warning, StringComparison.Ordinal);
        var log = File.ReadAllText(sarif);
        Assert.Contains("\"ILNT903\"", log, StringComparison.Ordinal);
        Assert.Contains("docs/rules/ILNT903.md", log, StringComparison.Ordinal);

        // undo the change; a new file where the include search looks first (stddef.h comes from clang's own headers)
        Git(cloneDirectory, "checkout", "-q", "--", "include/zconf.h");
        File.WriteAllText(Path.Combine(cloneDirectory, "include", "stddef.h"), "#include_next <stddef.h>\n");
        var shadowed = project.Dotnet("build", Path.Combine(cloneDirectory, project.Name + ".csproj"), "-nologo", "-tl:off", "-p:InteropLintScannerPath=/nonexistent/InteropLint.Scanner.dll");
        Assert.True(shadowed.Succeeded, shadowed.ToString());
        var shadowWarning = Assert.Single(shadowed.DiagnosticLines("ILNT903"));
        Assert.Contains(Path.Combine(cloneDirectory, "include", "stddef.h"), shadowWarning, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 14: the scan read every header below the library's folders (ILNT006's sibling headers), so one added
    /// there after the manifest was written may declare a function a P/Invoke names. ILNT903 names it, whatever its
    /// time stamp (a checkout gives none to trust), also in a folder below; a new file that is not a header does not.
    /// </summary>
    [Fact]
    public void NewHeaderInTheLibrarysFolder_GivesIlnt903_UntilTheManifestIsRewritten()
    {
        var project = CreateWithCopiedZlib("committed-sibling");
        var write = project.Build("-t:InteropLintWriteManifest");
        Assert.True(write.Succeeded, write.ToString());

        var noScanner = "-p:InteropLintScannerPath=" + project.PathOf("no-scanner/InteropLint.Scanner.dll");
        var clean = project.Build(noScanner);
        Assert.True(clean.Succeeded, clean.ToString());
        Assert.Empty(clean.DiagnosticLines("ILNT903"));

        project.WriteFile("include/README.txt", "not a header\n");
        project.WriteFile("include/extra/zextra.h", "int zextra_version(void);\n");
        var old = File.GetLastWriteTimeUtc(project.PathOf(CommittedManifest)).AddDays(-1);
        File.SetLastWriteTimeUtc(project.PathOf("include/extra/zextra.h"), old);
        var warning = SingleIlnt903(project, noScanner);
        Assert.Contains(project.PathOf("include/extra/zextra.h"), warning, StringComparison.Ordinal);
        Assert.Contains("new header in the library's folders", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("README.txt", warning, StringComparison.Ordinal);

        RewriteManifest_AndExpectNoIlnt903(project, noScanner);
    }

    private static string SingleIlnt903(E2EProject project, string buildArgument)
    {
        var stale = project.Build(buildArgument);
        Assert.True(stale.Succeeded, stale.ToString());
        return Assert.Single(stale.DiagnosticLines("ILNT903"));
    }

    private static void RewriteManifest_AndExpectNoIlnt903(E2EProject project, string buildArgument)
    {
        var refresh = project.Build("-t:InteropLintWriteManifest");
        Assert.True(refresh.Succeeded, refresh.ToString());
        var refreshed = project.Build(buildArgument);
        Assert.True(refreshed.Succeeded, refreshed.ToString());
        Assert.Empty(refreshed.DiagnosticLines("ILNT903"));
    }

    /// <summary>A project using a committed manifest of zlib.h and zconf.h copied into its include/ folder.</summary>
    private E2EProject CreateWithCopiedZlib(string name, params (string Path, string Content)[] moreFiles)
    {
        var files = new[]
        {
            ("include/zlib.h", File.ReadAllText("/usr/include/zlib.h")),
            ("include/zconf.h", File.ReadAllText("/usr/include/zconf.h")),
        };
        var project = _package.CreateProject(
            name,
            $"""
              <PropertyGroup>
                <InteropLintManifest>{CommittedManifest}</InteropLintManifest>
              </PropertyGroup>
              <ItemGroup>
                <InteropLintHeader Include="include/zlib.h" Library="z" IncludePaths="include" />
              </ItemGroup>
            """,
            files.Concat(moreFiles).ToArray());
        project.Output = _output;
        return project;
    }

    private void Git(string workingDirectory, params string[] arguments)
    {
        var result = DotnetCli.Run("git", workingDirectory, TimeSpan.FromMinutes(1), null, arguments);
        _output.WriteLine(result.CommandLine);
        Assert.True(result.Succeeded, result.ToString());
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
