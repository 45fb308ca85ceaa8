using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using InteropLint.Manifest;

namespace InteropLint.Tests.Infrastructure;

/// <summary>
/// Manifests made by the real scanner (its command line, out of process, as the build runs it) from
/// real headers: system headers such as /usr/include/zlib.h, the repository's native/include, or small
/// headers a test writes. Each distinct request is scanned once per test run.
/// </summary>
public static class NativeHeaders
{
    /// <summary>The targets a test manifest covers unless it asks for others.</summary>
    public const string DefaultTargets = "linux-x64;win-x64;osx-arm64";

    private static readonly ConcurrentDictionary<string, Lazy<string>> Cache = new();

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The manifest JSON for a header file; <paramref name="arguments"/> are extra scanner arguments (--library, -I, -D).</summary>
    public static string Scan(string headerPath, string targets = DefaultTargets, params string[] arguments)
    {
        var full = Path.IsPathRooted(headerPath) ? headerPath : Path.Combine(RepositoryRoot, headerPath);
        var key = full + "|" + File.GetLastWriteTimeUtc(full).Ticks + "|" + targets + "|" + string.Join(" ", arguments);
        return Cache.GetOrAdd(key, _ => new Lazy<string>(() => RunScanner(full, targets, arguments))).Value;
    }

    /// <summary>The manifest JSON for a header written inline by the test (stored in a temp file named after its content).</summary>
    public static string ScanText(string headerText, string targets = DefaultTargets, params string[] arguments)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(headerText)))[..16];
        // a folder of its own: the scanner reads a header's folder for the library's other headers (ILNT006 siblings)
        var dir = Path.Combine(Path.GetTempPath(), "interoplint-tests", "headers", "h" + hash);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "h" + hash + ".h");
        if (!File.Exists(path))
        {
            File.WriteAllText(path + ".tmp", headerText);
            File.Move(path + ".tmp", path, overwrite: true);
        }

        return Scan(path, targets, arguments);
    }

    public static NativeManifest Read(string manifestJson) => ManifestReader.Read(manifestJson);

    /// <summary>The scanner as built next to the tests (a project reference copies it into the test output).</summary>
    public static string ScannerDll => Path.Combine(AppContext.BaseDirectory, "InteropLint.Scanner.dll");

    /// <summary>Runs the scanner's command line; returns exit code, stdout and stderr.</summary>
    public static (int ExitCode, string StdOut, string StdErr) RunScannerCommand(params string[] arguments) =>
        RunScannerCommand(arguments, environment: null, TimeSpan.FromMinutes(5));

    /// <summary>
    /// The one way the tests start the scanner as the build does (<c>dotnet exec</c> on the built dll), with extra
    /// environment variables; a scanner still running after <paramref name="hangGuard"/> is killed and the test fails.
    /// </summary>
    public static (int ExitCode, string StdOut, string StdErr) RunScannerCommand(IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string>>? environment, TimeSpan hangGuard)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(ScannerDll);
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var pair in environment ?? [])
        {
            start.Environment[pair.Key] = pair.Value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(hangGuard))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the scanner did not finish in " + hangGuard + ": " + string.Join(" ", arguments));
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string RunScanner(string header, string targets, string[] arguments)
    {
        var output = Path.Combine(Path.GetTempPath(), "interoplint-tests", Guid.NewGuid().ToString("N") + ".interoplint.json");
        var args = new List<string> { "scan", header, "--targets", targets };
        args.AddRange(arguments);
        args.Add("-o");
        args.Add(output);
        var (exit, stdout, stderr) = RunScannerCommand(args.ToArray());
        if (exit != 0 || !File.Exists(output))
        {
            throw new InvalidOperationException($"scanner failed ({exit}) on {header}:\n{stdout}\n{stderr}");
        }

        var text = File.ReadAllText(output);
        File.Delete(output);
        File.Delete(output + ".inputs");
        File.Delete(output + ".shadows");
        File.Delete(output + ".siblings");
        return text;
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "InteropLint.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("InteropLint.sln not found above " + AppContext.BaseDirectory);
    }
}
