using System.Text.RegularExpressions;
using Xunit;

namespace InteropLint.Tests.EndToEnd;

/// <summary>
/// All end-to-end tests share one packed package and run one after another: each `dotnet build`
/// costs seconds of both cores, and they would only slow each other down.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<InteropLintPackageFixture>
{
    public const string Name = "EndToEnd";
}

/// <summary>
/// Once per test run: packs src/InteropLint.Package into a temporary feed, and prepares a
/// temporary root for consumer projects whose nuget.config adds that feed to the machine's
/// sources and restores into a packages folder of its own; the package gets a version of this
/// run's own, so no InteropLint from a cache or another source can be the one tested.
/// </summary>
public sealed class InteropLintPackageFixture : IDisposable
{
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    private int _projectCount;

    public InteropLintPackageFixture()
    {
        RepositoryRoot = FindRepositoryRoot();
        _toolPackage = new Lazy<string>(PackTool);
        var runId = Guid.NewGuid().ToString("N")[..8];
        WorkDirectory = Path.Combine(Path.GetTempPath(), "interoplint-e2e-" + runId);
        FeedDirectory = Path.Combine(WorkDirectory, "feed");
        PackagesDirectory = Path.Combine(WorkDirectory, "packages");
        Directory.CreateDirectory(FeedDirectory);

        // A version of this run's own: no package of the same id and version in any other source
        // or cache can be mistaken for the one under test.
        PackageVersion = RepositoryVersion(RepositoryRoot) + "-e2e-" + runId;
        PackResult = DotnetCli.Run(
            RepositoryRoot,
            TimeSpan.FromMinutes(10),
            "pack", Path.Combine(RepositoryRoot, "src", "InteropLint.Package", "InteropLint.Package.csproj"),
            "-c", "Release", "-o", FeedDirectory, "-p:PackageVersion=" + PackageVersion, "-nologo", "-tl:off");
        PackagePath = Path.Combine(FeedDirectory, $"InteropLint.{PackageVersion}.nupkg");
        if (!PackResult.Succeeded || !File.Exists(PackagePath))
        {
            throw new InvalidOperationException("Packing InteropLint failed:\n" + PackResult);
        }

        // Nothing above the projects may leak in: no Directory.Build.* or central package
        // management from a parent folder, and only our feed added to the machine's sources.
        File.WriteAllText(Path.Combine(WorkDirectory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(WorkDirectory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(WorkDirectory, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(WorkDirectory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{PackagesDirectory}" />
              </config>
              <packageSources>
                <add key="interoplint-under-test" value="{FeedDirectory}" />
              </packageSources>
            </configuration>
            """);
    }

    public string RepositoryRoot { get; }

    /// <summary>
    /// The command-line tool package InteropLint.Tool, packed into the same feed with the same version, on first use
    /// (only the tool's tests pay for it).
    /// </summary>
    public string ToolPackagePath => _toolPackage.Value;

    private readonly Lazy<string> _toolPackage;

    private string PackTool()
    {
        var pack = DotnetCli.Run(
            RepositoryRoot,
            TimeSpan.FromMinutes(10),
            "pack", Path.Combine(RepositoryRoot, "src", "InteropLint.Tool", "InteropLint.Tool.csproj"),
            "-c", "Release", "-o", FeedDirectory, "-p:PackageVersion=" + PackageVersion, "-nologo", "-tl:off");
        var path = Path.Combine(FeedDirectory, $"InteropLint.Tool.{PackageVersion}.nupkg");
        return pack.Succeeded && File.Exists(path) ? path : throw new InvalidOperationException("Packing InteropLint.Tool failed:\n" + pack);
    }

    /// <summary>The temporary root of this run: feed, packages folder and every test project.</summary>
    public string WorkDirectory { get; }

    public string FeedDirectory { get; }

    public string PackagesDirectory { get; }

    public string PackagePath { get; }

    public string PackageVersion { get; }

    public ProcessResult PackResult { get; }

    /// <summary>
    /// A new consumer project (net10.0 console app referencing the packed InteropLint) in a
    /// folder of its own. <paramref name="csprojExtras"/> is inserted into the project element
    /// (e.g. an ItemGroup with InteropLintHeader items); <paramref name="files"/> are written
    /// relative to the project folder. Without a .cs file, a trivial Program.cs is added.
    /// </summary>
    public E2EProject CreateProject(string name, string csprojExtras, params (string Path, string Content)[] files)
    {
        var directory = Path.Combine(WorkDirectory, "projects", $"{Interlocked.Increment(ref _projectCount):D2}-{name}");
        var project = new E2EProject(directory, name, "net10.0");
        project.WriteFile(name + ".csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>{project.TargetFramework}</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
                <!-- no vulnerability lookup: its network warnings are not what these tests are about -->
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="InteropLint" Version="{PackageVersion}" PrivateAssets="all" />
              </ItemGroup>
            {csprojExtras}
            </Project>
            """);
        foreach (var (path, content) in files)
        {
            project.WriteFile(path, content);
        }

        if (!files.Any(f => f.Path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)))
        {
            project.WriteFile("Program.cs", "System.Console.WriteLine(\"ok\");\n");
        }

        return project;
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("INTEROPLINT_KEEP_E2E") == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a build server may still hold a file; the temp folder is cleaned by the OS eventually
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The <c>Version</c> Directory.Build.props gives every project.</summary>
    private static string RepositoryVersion(string repositoryRoot)
    {
        var props = File.ReadAllText(Path.Combine(repositoryRoot, "Directory.Build.props"));
        var match = Regex.Match(props, @"<Version>\s*([^<\s]+)\s*</Version>");
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException("no <Version> in Directory.Build.props");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InteropLint.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("InteropLint.sln not found above " + AppContext.BaseDirectory);
    }
}
