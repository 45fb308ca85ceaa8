using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using InteropLint.Manifest;

namespace InteropLint.Scanner;

public static class Program
{
    public static int Main(string[] args)
    {
        CommandLine line;
        try
        {
            line = CommandLine.Parse(args);
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            Console.Error.WriteLine(CommandLine.Usage);
            return 2;
        }

        if (line.HelpRequested)
        {
            Console.WriteLine(CommandLine.Usage);
            return 0;
        }

        StartJitProfile(line.Command);
        if (line.Timings)
        {
            ScanTimings.Start();
        }
        try
        {
            return line.Command == "dump" ? Dump(line) : Scan(line);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            return 1;
        }
    }

    private static int Scan(CommandLine line)
    {
        var output = line.Output!;
        ScanResult result;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // A long scan says it is still alive: the build shows these lines at normal verbosity.
        using var progress = new System.Threading.Timer(
            _ => Console.WriteLine($"InteropLint: still scanning {line.Request.Headers.Count} header(s) for {line.Request.Targets.Count} ABI(s), {clock.Elapsed.TotalSeconds:0} s so far"),
            null,
            ProgressInterval,
            ProgressInterval);
        try
        {
            result = HeaderScanner.Scan(line.Request);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug in the scanner must not leave the build without a manifest: write one that says what happened.
            result = new ScanResult(FailedManifest(line.Request, "the scanner failed: " + ex.GetType().Name + ": " + ex.Message), Array.Empty<string>());
        }

        using (ScanTimings.Phase("write manifest"))
        {
            ManifestWriter.WriteFile(result.Manifest, output);
            ManifestWriter.WriteTextIfChanged(output + ".inputs", string.Concat(result.InputFiles.Select(f => f + "\n")));
            ManifestWriter.WriteTextIfChanged(output + ".shadows", string.Concat(IncludeShadows.Candidates(line.Request.Headers, result.InputFiles).Select(f => f + "\n")));
            ManifestWriter.WriteTextIfChanged(output + ".siblings", string.Concat(result.SiblingFolders.Select(f => f + "\n")));
        }

        foreach (var abi in result.Manifest.Abis)
        {
            Console.WriteLine(
                $"{abi.Target}: {(abi.Scanned ? "scanned" : "NOT scanned")}, {abi.Functions.Count} functions, {abi.Records.Count} records, " +
                $"{abi.Typedefs.Count} typedefs, {abi.Enums.Count} enums, {abi.Constants.Count} constants, " +
                $"{abi.Diagnostics.Count(d => d.Severity >= ScanSeverity.Error)} errors, " +
                $"{abi.Functions.Count(f => !f.IsResolved) + abi.Records.Count(r => !r.IsResolved) + abi.Typedefs.Count(t => !t.IsResolved) + abi.Enums.Count(e => !e.IsResolved)} unresolved, " +
                $"{result.ParseTimes.GetValueOrDefault(abi.Target).TotalMilliseconds:0} ms");
            // Every error, of every ABI: a long list for one ABI must not hide another's.
            foreach (var d in abi.Diagnostics.Where(d => d.Severity >= ScanSeverity.Error))
            {
                Console.WriteLine("  " + d);
            }
        }

        // which scanner ran (the build log shows it at normal verbosity): the native one the package ships for the build
        // host, or the managed one `dotnet exec` started
        Console.WriteLine("InteropLint scanner: " + Kind);
        ScanTimings.Write(Console.Error);

        // A scan that could not run somewhere (no libclang, a unit out of time or failing) is not a result to keep:
        // exit 3 tells the build not to mark it up to date, so the next build tries again.
        return result.Manifest.Abis.Any(abi => abi.Diagnostics.Any(d => d.Code != ToolCode.None))
            ? IncompleteExitCode
            : 0;
    }

    /// <summary>
    /// "native (NativeAOT, RID)" when this process was compiled ahead of time (src/InteropLint.Scanner.Native),
    /// else "managed (.NET VERSION)".
    /// </summary>
    public static string Kind =>
        RuntimeFeature.IsDynamicCodeSupported
            ? "managed (.NET " + Environment.Version.ToString(3) + ")"
            : "native (NativeAOT, " + RuntimeInformation.RuntimeIdentifier + ")";

    /// <summary>The manifest was written but some ABI or header could not be scanned: never up to date.</summary>
    public const int IncompleteExitCode = 3;

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    private static int Dump(CommandLine line)
    {
        var result = HeaderScanner.Scan(line.Request);
        Console.Write(DeclarationTable.Render(result.Manifest, line.Positionals[1], out var found));
        return found ? 0 : 1;
    }

    /// <summary>
    /// Most of a short scan's own time is the JIT compiling the scanner. A multicore JIT profile (recorded by the
    /// previous run of the same scanner build, kept in the temp folder) lets the runtime compile those methods on
    /// another core while this thread loads libclang and parses. One profile per command, so that <c>scan</c> never
    /// compiles what only <c>dump</c> uses (Roslyn); the name carries the build's module id, so a new build records
    /// afresh. Best effort: without a writable temp folder the scan just runs as before.
    /// </summary>
    private static void StartJitProfile(string command)
    {
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            return; // compiled ahead of time: nothing to JIT
        }

        try
        {
            var folder = Path.Combine(Path.GetTempPath(), "interoplint-jit");
            Directory.CreateDirectory(folder);
            ProfileOptimization.SetProfileRoot(folder);
            ProfileOptimization.StartProfile($"{command}-{typeof(Program).Assembly.ManifestModule.ModuleVersionId:N}.jitprofile");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            // no profile: the runtime compiles on first call, as it would anyway
        }
    }

    private static NativeManifest FailedManifest(ScanRequest request, string message)
    {
        var manifest = new NativeManifest { Generator = HeaderScanner.ToolName, Headers = request.Headers.ToList() };
        foreach (var rid in request.Targets.Count > 0 ? request.Targets : AbiTargets.Parse(null))
        {
            manifest.Abis.Add(new AbiManifest
            {
                Target = rid,
                Triple = AbiTargets.Triple(rid) ?? "",
                Scanned = false,
                Diagnostics = { new ScanDiagnostic { Severity = ScanSeverity.Error, Code = ToolCode.ScanFailed, Message = message } },
            });
        }

        return manifest;
    }
}
