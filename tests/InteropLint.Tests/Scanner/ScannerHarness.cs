using System.Diagnostics;
using InteropLint.Manifest;
using InteropLint.Scanner;

namespace InteropLint.Tests.Scanner;

/// <summary>Runs the real scanner (real libclang, real headers) in-process or as the built executable.</summary>
internal static class ScannerHarness
{
    public static NativeManifest Scan(IEnumerable<string> headers, IEnumerable<string> targets, IEnumerable<string>? includes = null, IReadOnlyDictionary<string, string>? sysroots = null)
    {
        var request = new ScanRequest();
        foreach (var pair in sysroots ?? new Dictionary<string, string>())
        {
            request.Sysroots[pair.Key] = pair.Value;
        }

        foreach (var path in headers)
        {
            request.Headers.Add(new ManifestHeader { Path = path, IncludePaths = (includes ?? Array.Empty<string>()).ToArray() });
        }

        request.Targets.AddRange(targets);
        return HeaderScanner.Scan(request).Manifest;
    }

    public static NativeManifest ScanText(string headerText, params string[] targets) => ScanText(headerText, null, targets);

    /// <summary><paramref name="sysroots"/>: per ABI, as the scanner's <c>--sysroot</c> (<c>none</c>: freestanding, with the shim).</summary>
    public static NativeManifest ScanText(string headerText, IReadOnlyDictionary<string, string>? sysroots, params string[] targets)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("test.h", headerText);
        return Scan(new[] { path }, targets, null, sysroots);
    }

    public static AbiManifest Abi(NativeManifest manifest, string rid) =>
        manifest.FindAbi(rid) ?? throw new InvalidOperationException("no ABI " + rid);

    /// <summary>The scanner's dll; the test project references the scanner, so it sits beside the tests with its runtimeconfig.</summary>
    public static string ScannerDll
    {
        get
        {
            var dll = typeof(HeaderScanner).Assembly.Location;
            if (File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
            {
                return dll;
            }

            throw new FileNotFoundException("InteropLint.Scanner.runtimeconfig.json is not next to " + dll);
        }
    }

    public static (int ExitCode, string Output, string Error) RunCli(IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(ScannerDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var pair in environment ?? new Dictionary<string, string>())
        {
            start.Environment[pair.Key] = pair.Value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("scanner did not exit");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}

/// <summary>A folder under the temp directory, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "interoplint-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, string text)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
