using System.Text.Json;
using Xunit.Abstractions;

namespace InteropLint.Tests.EndToEnd;

/// <summary>
/// A temporary consumer project of the packed InteropLint (see <see cref="InteropLintPackageFixture.CreateProject"/>),
/// driven by the real .NET CLI.
/// </summary>
public sealed class E2EProject
{
    internal E2EProject(string directory, string name, string targetFramework)
    {
        Directory = directory;
        Name = name;
        TargetFramework = targetFramework;
        System.IO.Directory.CreateDirectory(directory);
    }

    public string Name { get; }

    public string Directory { get; }

    public string TargetFramework { get; }

    public string ProjectFile => PathOf(Name + ".csproj");

    /// <summary>Where the commands and their timings are written (the test's output), if set.</summary>
    public ITestOutputHelper? Output { get; set; }

    public string IntermediateDirectory => Path.Combine(Directory, "obj", "Debug", TargetFramework);

    /// <summary>
    /// Where the build targets scan: obj/InteropLint/KEY/, one folder per set of headers, options and ABIs (shared by
    /// the target frameworks that ask the same). The folder of the latest scan; a folder that does not exist before any.
    /// </summary>
    public string ScanDirectory
    {
        get
        {
            var root = Path.Combine(Directory, "obj", "InteropLint");
            if (!System.IO.Directory.Exists(root))
            {
                return Path.Combine(root, "none");
            }

            static DateTime LastScan(string dir) => new[] { "scan.stamp", "native.interoplint.json" }
                .Select(f => Path.Combine(dir, f))
                .Where(File.Exists)
                .Select(File.GetLastWriteTimeUtc)
                .DefaultIfEmpty(DateTime.MinValue)
                .Max();
            return System.IO.Directory.GetDirectories(root).OrderByDescending(LastScan).FirstOrDefault() ?? Path.Combine(root, "none");
        }
    }

    /// <summary>All the scan folders under obj/InteropLint/.</summary>
    public IReadOnlyList<string> ScanDirectories =>
        System.IO.Directory.Exists(Path.Combine(Directory, "obj", "InteropLint"))
            ? System.IO.Directory.GetDirectories(Path.Combine(Directory, "obj", "InteropLint"))
            : Array.Empty<string>();

    /// <summary>The manifest the build targets scan into.</summary>
    public string ManifestPath => Path.Combine(ScanDirectory, "native.interoplint.json");

    /// <summary>The header spec file the build targets hand to the scanner.</summary>
    public string SpecPath => Path.Combine(ScanDirectory, "headers.spec");

    /// <summary>What the targets tell the analyzers (ILNT902/903 they saw), for the target framework built.</summary>
    public string StatusPath => Path.Combine(IntermediateDirectory, "InteropLint", "build.interoplint-status");

    /// <summary><c>dotnet build</c> (console logger, minimal verbosity unless an argument says otherwise).</summary>
    public ProcessResult Build(params string[] arguments) =>
        Dotnet(new[] { "build", ProjectFile, "-nologo", "-tl:off" }.Concat(arguments).ToArray());

    /// <summary><c>dotnet format analyzers --diagnostics ID --severity info</c>: applies the fixes of that rule.</summary>
    public ProcessResult Format(string diagnosticId, params string[] arguments) =>
        Dotnet(new[] { "format", "analyzers", ProjectFile, "--diagnostics", diagnosticId, "--severity", "info" }.Concat(arguments).ToArray());

    /// <summary>Runs the program as last built (<c>dotnet run --no-build</c>).</summary>
    public ProcessResult Run(params string[] programArguments) =>
        Dotnet(new[] { "run", "--project", ProjectFile, "--no-build", "--" }.Concat(programArguments).ToArray());

    /// <summary><c>dotnet build</c> with environment variables set for it (and the scanner it starts).</summary>
    public ProcessResult BuildWithEnvironment(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var result = DotnetCli.Run(Directory, InteropLintPackageFixture.CommandTimeout, environment, new[] { "build", ProjectFile, "-nologo", "-tl:off" }.Concat(arguments).ToArray());
        Output?.WriteLine($"[{result.Elapsed.TotalSeconds,5:F1} s] exit {result.ExitCode}: {result.CommandLine}");
        return result;
    }

    public ProcessResult Dotnet(params string[] arguments)
    {
        var result = DotnetCli.Run(Directory, InteropLintPackageFixture.CommandTimeout, arguments);
        Output?.WriteLine($"[{result.Elapsed.TotalSeconds,5:F1} s] exit {result.ExitCode}: {result.CommandLine}");
        return result;
    }

    /// <summary>
    /// The AdditionalFiles the compiler is given, as they stand after a build
    /// (<c>dotnet build -t:Build -getItem:AdditionalFiles</c>), as full paths.
    /// </summary>
    public IReadOnlyList<string> AdditionalFiles(params string[] buildArguments)
    {
        var result = Build(new[] { "-t:Build", "-getItem:AdditionalFiles" }.Concat(buildArguments).ToArray());
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The build failed:\n" + result);
        }

        var json = result.Output[result.Output.IndexOf('{', StringComparison.Ordinal)..];
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("Items").GetProperty("AdditionalFiles").EnumerateArray()
            .Select(item => item.GetProperty("FullPath").GetString()!)
            .ToList();
    }

    public string PathOf(string relativePath) => Path.GetFullPath(Path.Combine(Directory, relativePath));

    public void WriteFile(string relativePath, string content)
    {
        var path = PathOf(relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public string ReadFile(string relativePath) => File.ReadAllText(PathOf(relativePath));

    /// <summary>Marks a file as changed now, as an editor saving it would.</summary>
    public void Touch(string relativePath) => File.SetLastWriteTimeUtc(PathOf(relativePath), DateTime.UtcNow);
}
