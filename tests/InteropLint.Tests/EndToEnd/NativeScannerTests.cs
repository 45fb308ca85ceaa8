using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.EndToEnd;

/// <summary>
/// Which scanner the build targets start (issue 19 item 4): the package's native scanner (NativeAOT, packed for the
/// packing machine's runtime identifier, here the one running these tests) when the build host's RID matches, else
/// the managed scanner with <c>dotnet exec</c>; both write the same manifest. The scanner names itself in its output
/// ("InteropLint scanner: native …"), which the build shows at normal verbosity.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class NativeScannerTests
{
    private const string NativeRan = "InteropLint scanner: native (NativeAOT, ";
    private const string ManagedRan = "InteropLint scanner: managed (.NET ";
    private const string FellBack = "running the managed scanner";

    private const string ZlibHeader = """
          <ItemGroup>
            <InteropLintHeader Include="/usr/include/zlib.h" Library="z" />
          </ItemGroup>
        """;

    private readonly InteropLintPackageFixture _package;
    private readonly ITestOutputHelper _output;

    public NativeScannerTests(InteropLintPackageFixture package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
    }

    /// <summary>The package's native scanner for this machine, as NuGet extracted it into the run's packages folder.</summary>
    private string InstalledNativeScanner => Path.Combine(
        _package.PackagesDirectory, "interoplint", _package.PackageVersion.ToLowerInvariant(), "tools", "scanner", RuntimeInformation.RuntimeIdentifier, "InteropLint.Scanner");

    [Fact]
    public void Build_OnTheHostThePackageWasPackedFor_RunsTheNativeScanner_WhichWritesTheManagedScannersManifest()
    {
        var native = Create("native-default", ZlibHeader);
        var nativeBuild = native.Build("-v:n");
        Assert.True(nativeBuild.Succeeded, nativeBuild.ToString());
        Assert.Contains(NativeRan + RuntimeInformation.RuntimeIdentifier + ")", nativeBuild.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(ManagedRan, nativeBuild.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(FellBack, nativeBuild.Output, StringComparison.Ordinal);
        Assert.Empty(nativeBuild.DiagnosticLines("ILNT902"));

        var managed = Create("native-off", ZlibHeader + """
              <PropertyGroup>
                <InteropLintNativeScanner>false</InteropLintNativeScanner>
              </PropertyGroup>
            """);
        var managedBuild = managed.Build("-v:n");
        Assert.True(managedBuild.Succeeded, managedBuild.ToString());
        Assert.Contains(ManagedRan, managedBuild.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(NativeRan, managedBuild.Output, StringComparison.Ordinal);

        // the same header, options and ABIs: byte for byte the same facts, and the same files read
        Assert.Equal(File.ReadAllText(managed.ManifestPath), File.ReadAllText(native.ManifestPath));
        Assert.Equal(File.ReadAllText(managed.ManifestPath + ".inputs"), File.ReadAllText(native.ManifestPath + ".inputs"));
    }

    /// <summary>
    /// A native scanner that cannot run on the build machine (here: no execute permission; elsewhere: a C library older
    /// than the packing machine's) costs one failed start, not the scan: the managed scanner runs after it.
    /// </summary>
    [Fact]
    [UnsupportedOSPlatform("windows")] // file modes; like every end-to-end test, it reads /usr/include
    public void NativeScannerThatCannotRun_TheManagedScannerScansInstead()
    {
        var project = Create("native-broken", ZlibHeader);
        Assert.True(project.Dotnet("restore", project.ProjectFile, "-nologo").Succeeded);
        var scanner = InstalledNativeScanner;
        Assert.True(File.Exists(scanner), "the package holds no native scanner for " + RuntimeInformation.RuntimeIdentifier + " at " + scanner);
        var mode = File.GetUnixFileMode(scanner);
        try
        {
            File.SetUnixFileMode(scanner, mode & ~(UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute));
            var build = project.Build("-v:n");

            Assert.True(build.Succeeded, build.ToString());
            Assert.Contains(FellBack, build.Output, StringComparison.Ordinal);
            Assert.Contains(ManagedRan, build.Output, StringComparison.Ordinal);
            Assert.Empty(build.DiagnosticLines("ILNT902"));
            Assert.True(File.Exists(project.ManifestPath), build.ToString());
            // a complete scan: the next build is up to date
            var again = project.Build("-v:n");
            Assert.True(again.Succeeded, again.ToString());
            Assert.DoesNotContain("InteropLint scanner: ", again.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.SetUnixFileMode(scanner, mode);
        }
    }

    private E2EProject Create(string name, string csprojExtras)
    {
        var project = _package.CreateProject(name, csprojExtras);
        project.Output = _output;
        return project;
    }
}
