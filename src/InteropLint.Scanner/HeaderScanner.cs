using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InteropLint.Clang;
using InteropLint.Manifest;

namespace InteropLint.Scanner;

/// <summary>What to scan.</summary>
public sealed class ScanRequest
{
    public List<ManifestHeader> Headers { get; } = new();

    /// <summary>Runtime identifiers; empty means <see cref="AbiTargets.Default"/>.</summary>
    public List<string> Targets { get; } = new();

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Print each unit's clang arguments on standard output before parsing it (<c>--print-arguments</c>), so that
    /// <c>clang-14 -fsyntax-only</c> can parse the header exactly as the scanner did (a parse error, the benchmark).
    /// </summary>
    public bool PrintArguments { get; set; }

    /// <summary>Per ABI, the folder holding its C library headers (MinGW-w64, a cross glibc, a macOS SDK), or <c>none</c>; see <see cref="SystemHeaders"/>.</summary>
    public Dictionary<string, string> Sysroots { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>In-memory file contents by path (headers or files they include), for tests and tools.</summary>
    public Dictionary<string, string> UnsavedFiles { get; } = new(StringComparer.Ordinal);
}

/// <summary>The manifest and the files the translation units read.</summary>
public sealed class ScanResult
{
    public ScanResult(NativeManifest manifest, IReadOnlyList<string> inputFiles, IReadOnlyDictionary<string, TimeSpan>? parseTimes = null, IReadOnlyList<string>? siblingFolders = null)
    {
        Manifest = manifest;
        InputFiles = inputFiles;
        ParseTimes = parseTimes ?? new Dictionary<string, TimeSpan>();
        SiblingFolders = siblingFolders ?? Array.Empty<string>();
    }

    /// <summary>Per ABI, the wall time its translation units took (parse + walk), summed over headers. For people, never for the manifest.</summary>
    public IReadOnlyDictionary<string, TimeSpan> ParseTimes { get; }

    public NativeManifest Manifest { get; }

    /// <summary>Absolute paths, sorted, without the scanner's own shim headers.</summary>
    public IReadOnlyList<string> InputFiles { get; }

    /// <summary>
    /// The library folders read for sibling headers (ILNT006), sorted: every <c>.h</c> below them is in
    /// <see cref="InputFiles"/>, so one that is not is new, and the scan is out of date.
    /// </summary>
    public IReadOnlyList<string> SiblingFolders { get; }
}

/// <summary>
/// Scans every header for every target ABI: one translation unit per (ABI, header), run in parallel,
/// each on its own thread bounded by the time-out. The result does not depend on the order in which
/// units finish, so the manifest is byte-identical from run to run.
/// </summary>
public static class HeaderScanner
{
    public const string ToolName = "InteropLint.Scanner";

    public static ScanResult Scan(ScanRequest request)
    {
        var targets = request.Targets.Count > 0 ? request.Targets.ToList() : AbiTargets.Parse(null).ToList();
        var manifest = new NativeManifest { Headers = request.Headers.ToList() };
        var version = typeof(HeaderScanner).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

        string? resourceDirectory;
        try
        {
            using var _ = ScanTimings.Phase("load libclang");
            LibclangLoader.EnsureLoaded();
            manifest.Generator = $"{ToolName} {version} ({ClangIndex.Version})";
            resourceDirectory = ResourceDirectory.Find();
        }
        catch (LibclangNotFoundException ex)
        {
            manifest.Generator = $"{ToolName} {version} (libclang not found)";
            foreach (var rid in targets)
            {
                manifest.Abis.Add(new AbiManifest
                {
                    Target = rid,
                    Triple = AbiTargets.Triple(rid) ?? "",
                    Scanned = false,
                    Diagnostics = { new ScanDiagnostic { Severity = ScanSeverity.Error, Code = ToolCode.LibclangNotFound, Message = ex.Message } },
                });
            }

            return new ScanResult(manifest, Array.Empty<string>());
        }

        var work = new List<(int Abi, int Header)>();
        for (var a = 0; a < targets.Count; a++)
        {
            for (var h = 0; h < request.Headers.Count; h++)
            {
                work.Add((a, h));
            }
        }

        var outcomes = new UnitOutcome[work.Count];
        if (work.Count == 1)
        {
            // One unit (the build's usual case: one header, one ABI) already gets its own bounded thread; the
            // thread pool would only add its start-up and spinning.
            outcomes[0] = RunBounded(targets[work[0].Abi], request.Headers[work[0].Header], work[0].Header, request, resourceDirectory);
        }
        else
        {
            Parallel.For(
                0,
                work.Count,
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                i => outcomes[i] = RunBounded(targets[work[i].Abi], request.Headers[work[i].Header], work[i].Header, request, resourceDirectory));
        }

        var inputs = new SortedSet<string>(StringComparer.Ordinal);
        var siblingFolders = new SortedSet<string>(StringComparer.Ordinal);
        var times = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

        // Only foreign ABIs put the shim folder on the include path; a host-only scan need not write it.
        var shim = targets.Any(t => AbiTargets.IsKnown(t) && !TargetArguments.IsHost(t))
            ? TargetArguments.ShimDirectory + Path.DirectorySeparatorChar
            : null;
        for (var a = 0; a < targets.Count; a++)
        {
            var triple = AbiTargets.IsKnown(targets[a]) ? SystemHeaders.Find(targets[a], request.Sysroots).Triple : "";
            var abi = new AbiManifest { Target = targets[a], Triple = triple };
            var anyParsed = false;
            for (var i = 0; i < work.Count; i++)
            {
                if (work[i].Abi != a)
                {
                    continue;
                }

                var outcome = outcomes[i];
                times[targets[a]] = times.GetValueOrDefault(targets[a]) + outcome.Elapsed;
                foreach (var diagnostic in outcome.Diagnostics)
                {
                    diagnostic.Header = work[i].Header;
                }

                abi.Diagnostics.AddRange(outcome.Diagnostics);
                if (outcome.Result is { } unit)
                {
                    anyParsed = true;
                    abi.Functions.AddRange(unit.Functions);
                    abi.Records.AddRange(unit.Records);
                    abi.Typedefs.AddRange(unit.Typedefs);
                    abi.Enums.AddRange(unit.Enums);
                    abi.Constants.AddRange(unit.Constants);
                    abi.MacroAliases.AddRange(unit.MacroAliases);
                    abi.Elsewhere.AddRange(unit.Elsewhere);
                    foreach (var diagnostic in unit.Diagnostics)
                    {
                        diagnostic.Header = work[i].Header;
                    }

                    abi.Diagnostics.AddRange(unit.Diagnostics);
                    if (shim != null)
                    {
                        HideShimPath(unit, shim);
                    }

                    siblingFolders.UnionWith(unit.SiblingFolders);
                    foreach (var file in unit.InputFiles)
                    {
                        var full = Path.GetFullPath(file);
                        if (shim == null || !full.StartsWith(shim, StringComparison.Ordinal))
                        {
                            inputs.Add(full);
                        }
                    }
                }
            }

            abi.Scanned = anyParsed;
            using (ScanTimings.Phase("infer ownership and registration"))
            {
                OwnershipInference.Infer(abi);
                RegistrationInference.Infer(abi);
            }

            manifest.Abis.Add(abi);
        }

        return new ScanResult(manifest, inputs.ToList(), times, siblingFolders.ToList());
    }

    /// <summary>The placeholder written instead of the shim folder, so a manifest does not depend on the machine's temp path.</summary>
    public const string ShimPlaceholder = "<interoplint-shim>/";

    private static void HideShimPath(UnitResult unit, string shim)
    {
        string Hide(string file) => file.StartsWith(shim, StringComparison.Ordinal) ? ShimPlaceholder + file.Substring(shim.Length).Replace('\\', '/') : file;
        foreach (var declaration in unit.Functions.Cast<Declaration>().Concat(unit.Records).Concat(unit.Typedefs).Concat(unit.Enums).Concat(unit.Constants).Concat(unit.MacroAliases).Concat(unit.Elsewhere))
        {
            declaration.File = Hide(declaration.File);
        }

        foreach (var diagnostic in unit.Diagnostics)
        {
            diagnostic.File = Hide(diagnostic.File);
        }
    }

    private sealed class UnitOutcome
    {
        public TimeSpan Elapsed { get; set; }

        public UnitResult? Result { get; set; }

        public List<ScanDiagnostic> Diagnostics { get; } = new();
    }

    /// <summary>Runs one unit on its own thread and stops waiting after the time-out; a stuck thread dies with the process.</summary>
    private static UnitOutcome RunBounded(string rid, ManifestHeader header, int headerIndex, ScanRequest request, string? resourceDirectory)
    {
        var outcome = new UnitOutcome();
        if (!AbiTargets.IsKnown(rid))
        {
            outcome.Diagnostics.Add(ToolError(header.Path, $"unknown target '{rid}'; known: {string.Join(", ", AbiTargets.All)}"));
            return outcome;
        }

        if (!File.Exists(header.Path) && !request.UnsavedFiles.ContainsKey(header.Path))
        {
            outcome.Diagnostics.Add(Error(header.Path, $"header '{header.Path}' not found"));
            return outcome;
        }

        UnitResult? result = null;
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = ScanUnit(rid, header, headerIndex, request, resourceDirectory);
                }
                catch (Exception ex)
                {
                    // An exception escaping a thread would end the process before the manifest is written.
                    failure = ex;
                }
            },
            maxStackSize: 16 * 1024 * 1024)
        {
            IsBackground = true,
            Name = "scan " + rid + " " + Path.GetFileName(header.Path),
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        thread.Start();
        var finished = thread.Join(request.Timeout);
        outcome.Elapsed = clock.Elapsed;
        if (!finished)
        {
            outcome.Diagnostics.Add(ToolError(header.Path, $"scan of {header.Path} for {rid} did not finish in {request.Timeout.TotalSeconds:0.###} s"));
            return outcome;
        }

        if (failure != null)
        {
            outcome.Diagnostics.Add(ToolError(header.Path, $"scan of {header.Path} for {rid} failed: {failure.Message}"));
        }

        outcome.Result = result;
        return outcome;
    }

    private static UnitResult ScanUnit(string rid, ManifestHeader header, int headerIndex, ScanRequest request, string? resourceDirectory)
    {
        var system = SystemHeaders.Find(rid, request.Sysroots);
        using var index = new ClangIndex();
        var arguments = TargetArguments.For(rid, header, resourceDirectory, system);
        if (request.PrintArguments)
        {
            Console.WriteLine("clang arguments for " + rid + ":\t" + string.Join("\t", arguments) + "\t" + header.Path);
        }

        TranslationUnit unit;
        using (ScanTimings.Phase("parse"))
        {
            unit = index.Parse(header.Path, arguments, request.UnsavedFiles);
        }

        using var _ = unit;
        return DeclarationCollector.Collect(unit, headerIndex, new TargetContext(rid, system, header.Path, LibraryFolders(header)));
    }

    /// <summary>The header's folder unless it is a system root (/usr/include holds every library), and its include paths.</summary>
    internal static IReadOnlyList<string> LibraryFolders(ManifestHeader header)
    {
        var folders = new List<string>();
        var own = Path.GetDirectoryName(Path.GetFullPath(header.Path));
        if (own != null && !IsSystemRoot(own))
        {
            folders.Add(own);
        }

        foreach (var include in header.IncludePaths)
        {
            var full = Path.GetFullPath(include);
            if (!IsSystemRoot(full) && !folders.Contains(full))
            {
                folders.Add(full);
            }
        }

        return folders;
    }

    private static bool IsSystemRoot(string folder)
    {
        var normalized = folder.Replace('\\', '/').TrimEnd('/');
        return normalized is "/usr/include" or "/usr/local/include" || normalized.StartsWith("/usr/include/", StringComparison.Ordinal) && normalized.EndsWith("-linux-gnu", StringComparison.Ordinal)
            || normalized.Length == 0;
    }

    /// <summary>A problem with the header itself: the analyzers report it as ILNT900.</summary>
    private static ScanDiagnostic Error(string file, string message) =>
        new() { Severity = ScanSeverity.Error, File = file, Message = message };

    /// <summary>A failure of the scan itself (not of the header): the analyzers report it as ILNT902.</summary>
    private static ScanDiagnostic ToolError(string file, string message) =>
        new() { Severity = ScanSeverity.Error, Code = ToolCode.ScanFailed, File = file, Message = message };
}
