using System.Text.Json;
using System.Text.RegularExpressions;
using InteropLint.Tests.Infrastructure;
using Xunit.Abstractions;

namespace InteropLint.Tests.EndToEnd;

/// <summary>
/// A temporary project driven by the real .NET CLI: a consumer of the packed InteropLint
/// (<see cref="InteropLintPackageFixture.CreateProject"/>), or a throwaway copy of one of the repository's samples
/// (<see cref="CopyOfSample"/>) to build, fix with <c>dotnet format</c> and run without touching the original.
/// </summary>
public sealed class E2EProject : IDisposable
{
    /// <summary>A sample runs in seconds; a hang (a deadlock after heap corruption) must not stall the suite.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private readonly TimeSpan _commandTimeout;
    private readonly bool _deleteOnDispose;

    internal E2EProject(string directory, string name, string targetFramework)
        : this(directory, name, targetFramework, InteropLintPackageFixture.CommandTimeout, deleteOnDispose: false)
    {
    }

    private E2EProject(string directory, string name, string targetFramework, TimeSpan commandTimeout, bool deleteOnDispose)
    {
        Directory = directory;
        Name = name;
        TargetFramework = targetFramework;
        _commandTimeout = commandTimeout;
        _deleteOnDispose = deleteOnDispose;
        System.IO.Directory.CreateDirectory(directory);
    }

    /// <summary>
    /// Copies <c>samples/<paramref name="name"/></c> (sources and project, not bin/ or obj/) to
    /// <c>samples/_proof-NAME-RUNID/</c>, ignored by <c>samples/.gitignore</c>: at the same depth as the original, so
    /// that <c>samples/Directory.Build.props|targets</c> (InteropLint wired from source) and the sample's own relative
    /// paths (<c>../../native/...</c>) resolve exactly as they do for the original. The run id keeps concurrent test
    /// runs apart; the folder is deleted on <see cref="Dispose"/> unless <c>INTEROPLINT_KEEP_PROOFS=1</c>.
    /// </summary>
    public static E2EProject CopyOfSample(string name, ITestOutputHelper output)
    {
        var samples = Path.Combine(NativeHeaders.RepositoryRoot, "samples");
        var source = Path.Combine(samples, name);
        if (!File.Exists(Path.Combine(source, name + ".csproj")))
        {
            throw new InvalidOperationException($"no sample project {name}.csproj in {source}");
        }

        var directory = Path.Combine(samples, $"_proof-{name}-{Guid.NewGuid().ToString("N")[..8]}");
        CopySources(source, directory);
        return new E2EProject(directory, name, "net8.0", TimeSpan.FromMinutes(10), deleteOnDispose: true) { Output = output };
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

    /// <summary>
    /// <c>dotnet build</c> (console logger, minimal verbosity unless an argument says otherwise), so every ILNT warning
    /// is in the output; the rules reported are counted in the test's log.
    /// </summary>
    public ProcessResult Build(params string[] arguments)
    {
        var result = Dotnet(new[] { "build", ProjectFile, "-nologo", "-tl:off" }.Concat(arguments).ToArray());
        var rules = Regex.Matches(result.Output, @"(?:warning|error) (ILNT\d{3}):")
            .Select(match => match.Groups[1].Value)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(id => $"{id} x{result.DiagnosticLines(id).Count}")
            .ToList();
        Output?.WriteLine("         ILNT findings: " + (rules.Count == 0 ? "none" : string.Join(", ", rules)));
        return result;
    }

    /// <summary><c>dotnet format analyzers --diagnostics ID --severity info</c>: applies the fixes of that rule.</summary>
    public ProcessResult Format(string diagnosticId, params string[] arguments) => Format(new[] { diagnosticId }, arguments);

    /// <summary><c>dotnet format analyzers --diagnostics IDS --severity info</c>: applies those rules' fixes.</summary>
    public ProcessResult Format(IReadOnlyCollection<string> ruleIds, params string[] arguments) =>
        Dotnet(new[] { "format", "analyzers", ProjectFile, "--diagnostics" }.Concat(ruleIds).Concat(new[] { "--severity", "info" }).Concat(arguments).ToArray());

    /// <summary>Runs the program as last built, in a child process bounded by <see cref="RunTimeout"/>.</summary>
    public ProcessResult Run(params string[] programArguments) =>
        Dotnet(RunTimeout, new[] { PathOf(Path.Combine("bin", "Debug", TargetFramework, Name + ".dll")) }.Concat(programArguments).ToArray());

    /// <summary><c>dotnet build</c> with environment variables set for it (and the scanner it starts).</summary>
    public ProcessResult BuildWithEnvironment(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var result = DotnetCli.Run(Directory, _commandTimeout, environment, new[] { "build", ProjectFile, "-nologo", "-tl:off" }.Concat(arguments).ToArray());
        Output?.WriteLine($"[{result.Elapsed.TotalSeconds,5:F1} s] exit {result.ExitCode}{(result.TimedOut ? " (timed out)" : "")}: {result.CommandLine}");
        return result;
    }

    public ProcessResult Dotnet(params string[] arguments) => Dotnet(_commandTimeout, arguments);

    private ProcessResult Dotnet(TimeSpan timeout, params string[] arguments)
    {
        var result = DotnetCli.Run(Directory, timeout, arguments);
        Output?.WriteLine($"[{result.Elapsed.TotalSeconds,5:F1} s] exit {result.ExitCode}{(result.TimedOut ? " (timed out)" : "")}: {result.CommandLine}");
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

    /// <summary>Deletes a sample's copy (a fixture's project is deleted with the fixture's folder).</summary>
    public void Dispose()
    {
        if (!_deleteOnDispose || Environment.GetEnvironmentVariable("INTEROPLINT_KEEP_PROOFS") == "1")
        {
            return;
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a build server may still hold a file; samples/.gitignore keeps the leftover out of git
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void CopySources(string source, string destination)
    {
        System.IO.Directory.CreateDirectory(destination);
        foreach (var file in System.IO.Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        foreach (var folder in System.IO.Directory.EnumerateDirectories(source))
        {
            var folderName = Path.GetFileName(folder);
            if (folderName is not ("bin" or "obj"))
            {
                CopySources(folder, Path.Combine(destination, folderName));
            }
        }
    }
}
