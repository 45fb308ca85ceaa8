using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using InteropLint.Manifest;
using InteropLint.Tests.Infrastructure;

namespace InteropLint.Tests.Sweep;

/// <summary>A header set's manifest (every sweep ABI) as the real scanner wrote it, and how long the scan took.</summary>
public sealed record SweepScan(SweepHeaderSet Set, string Json, NativeManifest Manifest, TimeSpan Elapsed, bool FromCache)
{
    public AbiManifest Host => Manifest.FindAbi(SweepHeaderSet.HostTarget)
        ?? throw new InvalidOperationException(Set.Name + ": the manifest has no " + SweepHeaderSet.HostTarget);
}

/// <summary>
/// Runs the scanner's command line (as the build does) once per header set for every sweep ABI. Results are
/// kept for the test run and on disk under the temp folder, keyed by a hash of the scanner's own assemblies
/// and the command line: a rebuilt scanner rescans, an unchanged one does not pay minutes again. The scanner's own
/// time limit is the build's default: an ABI whose scan is too slow for a user's build is "not scanned" here too.
/// </summary>
public static class SweepScans
{
    private static readonly ConcurrentDictionary<string, Lazy<SweepScan>> Scans = new();
    private static readonly Lazy<string> ScannerHash = new(HashScanner);

    /// <summary>Set INTEROPLINT_SWEEP_NO_CACHE=1 to ignore scans stored on disk by an earlier run.</summary>
    public static bool DiskCacheEnabled => Environment.GetEnvironmentVariable("INTEROPLINT_SWEEP_NO_CACHE") != "1";

    public static SweepScan Get(SweepHeaderSet set) =>
        Scans.GetOrAdd(set.Name, _ => new Lazy<SweepScan>(() => Run(set))).Value;

    /// <summary>The scanner command line for a set (without <c>-o</c>), also printed in failure messages.</summary>
    public static List<string> Arguments(SweepHeaderSet set)
    {
        var args = new List<string> { "scan" };
        args.AddRange(set.Headers);
        args.Add("--targets");
        args.Add(SweepHeaderSet.Targets);
        args.Add("--library");
        args.Add(set.Library);

        foreach (var include in set.IncludePaths)
        {
            args.Add("-I");
            args.Add(include);
        }

        return args;
    }

    private static SweepScan Run(SweepHeaderSet set)
    {
        var args = Arguments(set);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ScannerHash.Value + "\n" + string.Join("\n", args) + "\n" + HeaderStamp(set))))[..24];
        var cacheDir = Path.Combine(Path.GetTempPath(), "interoplint-tests", "sweep");
        Directory.CreateDirectory(cacheDir);
        var cached = Path.Combine(cacheDir, set.Name + "." + key + ".interoplint.json");
        if (DiskCacheEnabled && File.Exists(cached))
        {
            var text = File.ReadAllText(cached);
            return new SweepScan(set, text, ManifestReader.Read(text), TimeSpan.Zero, FromCache: true);
        }

        var output = Path.Combine(cacheDir, Guid.NewGuid().ToString("N") + ".interoplint.json");
        args.Add("-o");
        args.Add(output);
        var clock = Stopwatch.StartNew();
        var (exit, stdout, stderr) = NativeHeaders.RunScannerCommand(args.ToArray());
        clock.Stop();
        if (!File.Exists(output))
        {
            throw new InvalidOperationException($"scanner wrote no manifest for {set.Name} (exit {exit}):\n{stdout}\n{stderr}");
        }

        var json = File.ReadAllText(output);
        File.Move(output, cached, overwrite: true);
        File.Delete(output + ".inputs");
        File.Delete(output + ".shadows");
        File.Delete(output + ".siblings");
        return new SweepScan(set, json, ManifestReader.Read(json), clock.Elapsed, FromCache: false);
    }

    /// <summary>The headers' own times: a package upgrade changes the key.</summary>
    private static string HeaderStamp(SweepHeaderSet set) =>
        string.Join(";", set.Headers.Select(h => h + "@" + File.GetLastWriteTimeUtc(h).Ticks));

    /// <summary>
    /// The scanner's sources (Scanner, Clang, Manifest), not its binaries: a rebuild without a change leaves the key
    /// alone, any edit to what the scanner does changes it.
    /// </summary>
    private static string HashScanner()
    {
        using var sha = SHA256.Create();
        foreach (var project in new[] { "InteropLint.Scanner", "InteropLint.Clang", "InteropLint.Manifest" })
        {
            var folder = Path.Combine(NativeHeaders.RepositoryRoot, "src", project);
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                         && !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .OrderBy(f => f, StringComparer.Ordinal))
            {
                var name = Encoding.UTF8.GetBytes(Path.GetRelativePath(folder, file) + "\n");
                sha.TransformBlock(name, 0, name.Length, null, 0);
                var bytes = File.ReadAllBytes(file);
                sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
            }
        }

        sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
        return Convert.ToHexString(sha.Hash!);
    }
}
