using System.Text.RegularExpressions;
using InteropLint.Tests.EndToEnd;
using Xunit.Abstractions;

namespace InteropLint.Tests.Proofs;

/// <summary>
/// A throwaway copy of one of the repository's samples (<c>samples/NAME</c>), to build, fix with
/// <c>dotnet format</c> and run without touching the original.
/// </summary>
/// <remarks>
/// The copy lives directly inside <c>samples/</c> (<c>samples/_proof-NAME-RUNID/</c>, ignored by
/// <c>samples/.gitignore</c>): at the same depth as the original, so that
/// <c>samples/Directory.Build.props|targets</c> (InteropLint wired from source) and the sample's own
/// relative paths (<c>../../native/...</c>) resolve exactly as they do for the original. The run id
/// keeps concurrent test runs apart; the folder is deleted when the copy is disposed.
/// </remarks>
public sealed class SampleCopy : IDisposable
{
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    /// <summary>A sample runs in seconds; a hang (a deadlock after heap corruption) must not stall the suite.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private readonly ITestOutputHelper _output;

    private SampleCopy(string name, string directory, ITestOutputHelper output)
    {
        Name = name;
        Directory = directory;
        _output = output;
    }

    public string Name { get; }

    public string Directory { get; }

    public string ProjectFile => PathOf(Name + ".csproj");

    /// <summary>Copies <c>samples/<paramref name="name"/></c> (sources and project, not bin/ or obj/).</summary>
    public static SampleCopy Create(string name, ITestOutputHelper output)
    {
        var samples = Path.Combine(FindRepositoryRoot(), "samples");
        var source = Path.Combine(samples, name);
        if (!File.Exists(Path.Combine(source, name + ".csproj")))
        {
            throw new InvalidOperationException($"no sample project {name}.csproj in {source}");
        }

        var directory = Path.Combine(samples, $"_proof-{name}-{Guid.NewGuid().ToString("N")[..8]}");
        CopySources(source, directory);
        return new SampleCopy(name, directory, output);
    }

    /// <summary><c>dotnet build</c> with the console logger, so every ILNT warning is in the output (counted in the test's log).</summary>
    public ProcessResult Build()
    {
        var result = Dotnet(BuildTimeout, "build", ProjectFile, "-nologo", "-tl:off");
        var rules = Regex.Matches(result.Output, @"(?:warning|error) (ILNT\d{3}):")
            .Select(match => match.Groups[1].Value)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(id => $"{id} x{result.DiagnosticLines(id).Count}")
            .ToList();
        _output.WriteLine("         ILNT findings: " + (rules.Count == 0 ? "none" : string.Join(", ", rules)));
        return result;
    }

    /// <summary><c>dotnet format analyzers --diagnostics IDS --severity info</c>: applies those rules' fixes.</summary>
    public ProcessResult Format(IReadOnlyCollection<string> ruleIds) =>
        Dotnet(BuildTimeout, new[] { "format", "analyzers", ProjectFile, "--diagnostics" }
            .Concat(ruleIds).Concat(new[] { "--severity", "info" }).ToArray());

    /// <summary>Runs the program as last built, in a child process bounded by <see cref="RunTimeout"/>.</summary>
    public ProcessResult Run(params string[] programArguments) =>
        Dotnet(RunTimeout, new[] { PathOf(Path.Combine("bin", "Debug", "net8.0", Name + ".dll")) }.Concat(programArguments).ToArray());

    public string ReadFile(string relativePath) => File.ReadAllText(PathOf(relativePath));

    public string PathOf(string relativePath) => Path.GetFullPath(Path.Combine(Directory, relativePath));

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("INTEROPLINT_KEEP_PROOFS") == "1")
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

    private ProcessResult Dotnet(TimeSpan timeout, params string[] arguments)
    {
        var result = DotnetCli.Run(Directory, timeout, arguments);
        _output.WriteLine($"[{result.Elapsed.TotalSeconds,5:F1} s] exit {result.ExitCode}{(result.TimedOut ? " (timed out)" : "")}: {result.CommandLine}");
        return result;
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
