using System.Globalization;
using System.Runtime.InteropServices;

namespace InteropLint.Perf;

/// <summary>
/// InteropLint's benchmark: generates a large binding per size, measures scanning, the manifest, compiling with and
/// without the analyzers, a no-change rebuild and the IDE's per-edit analysis, and prints one table with each figure
/// beside its budget. Budgets are goals, printed, never asserted. See docs/performance.md.
/// </summary>
public static class Program
{
    private const string Usage =
        "usage: dotnet run -c Release --project tests/InteropLint.Perf -- [--sizes 1000,10000] [--quick] [--targets linux-x64;win-x64;osx-arm64]\n" +
        "                                                             [--no-build] [--work DIR] [--out FILE.md]\n" +
        "                                                             [--no-library] [--library-functions 400] [--no-real-headers] [--real-headers NAME] [--real-runs N]\n" +
        "                                                             [--no-samples] [--scanner managed|native]\n" +
        "       ... -- --sizes 10000 --profile-edits [--only StructLayout]      (the IDE's per-edit analysis in a loop: telemetry, CPU, bytes allocated per edit)\n" +
        "       ... -- --sizes 10000 --profile-analyzers [--only StructLayout]   (a loop for a profiler to attach to; after the sizes, the library's,\n" +
        "                                                                      so --sizes , --profile-analyzers profiles only the library)";

    public static int Main(string[] args)
    {
        var sizes = new List<int> { 1000, 10000 };
        var targets = new List<string> { "linux-x64", "win-x64", "osx-arm64" };
        var quick = false;
        var dotnetBuild = true;
        var work = Path.Combine(Path.GetTempPath(), "interoplint-perf");
        string? output = null;
        var profile = false;
        var profileEdits = false;
        string? only = null;
        var library = true;
        var libraryFunctions = 400;
        var realHeaders = true;
        var samples = true;
        string? realOnly = null;
        int? realRuns = null;
        string? scanner = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--sizes" when i + 1 < args.Length:
                    sizes = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).OrderBy(s => s).ToList();
                    break;
                case "--targets" when i + 1 < args.Length:
                    targets = args[++i].Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).ToList();
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--profile-analyzers":
                    // a loop for a profiler (dotnet-trace): the InteropLint analyzers on one bound compilation
                    profile = true;
                    break;
                case "--profile-edits":
                    // a loop for a profiler: the IDE's per-edit analysis of one document, per analyzer
                    profileEdits = true;
                    break;
                case "--only" when i + 1 < args.Length:
                    // with --profile-analyzers: only the analyzers whose type name contains this
                    only = args[++i];
                    break;
                case "--no-library":
                    library = false;
                    break;
                case "--library-functions" when i + 1 < args.Length:
                    libraryFunctions = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--no-samples":
                    samples = false;
                    break;
                case "--no-real-headers":
                    realHeaders = false;
                    break;
                case "--real-headers" when i + 1 < args.Length:
                    // only the real headers whose name contains this (SDL, git2, sqlite3, socket, pcap, immintrin)
                    realOnly = args[++i];
                    break;
                case "--real-runs" when i + 1 < args.Length:
                    realRuns = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--scanner" when i + 1 < args.Length && args[i + 1] is "managed" or "native":
                    // default: the scanner the build targets would run here (native when it can be published for this host)
                    scanner = args[++i];
                    break;
                case "--no-build":
                    dotnetBuild = false;
                    break;
                case "--work" when i + 1 < args.Length:
                    work = Path.GetFullPath(args[++i]);
                    break;
                case "--out" when i + 1 < args.Length:
                    output = Path.GetFullPath(args[++i]);
                    break;
                default:
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }

        ScanBenchmark.ChooseScanner(work, scanner);
        Progress("scanner: " + ScanBenchmark.Scanner.Description);
        var runs = quick ? 5 : 9;
        var edits = quick ? 5 : 15;
        var table = new ResultTable();
        var started = DateTime.UtcNow;
        foreach (var size in sizes)
        {
            var directory = Path.Combine(work, ResultTable.SizeLabel(size));
            Progress($"{ResultTable.SizeLabel(size)}: generating {size} functions, {GeneratedBinding.StructCount(size)} structs in {directory}");
            var binding = GeneratedBinding.Create(size);
            binding.WriteTo(directory);
            var header = Path.Combine(directory, "perfbind.h");
            var manifest = Path.Combine(directory, "perfbind.interoplint.json");

            if (profile || profileEdits)
            {
                ScanBenchmark.ScanAll(header, targets, manifest);
                var benchmark = new CompileBenchmark(binding, manifest);
                if (profileEdits)
                {
                    benchmark.ProfileEdits(100, only);
                }
                else
                {
                    benchmark.ProfileAnalyzers(150, only);
                }

                continue;
            }

            Progress("  scanning");
            table.Row("scan, all ABIs in one scanner process", "ms").Values[size] = ScanBenchmark.ScanAll(header, targets, manifest);
            ScanBenchmark.Run(table, size, header, targets, directory, quick ? 2 : 3);

            Progress("  manifest");
            ManifestBenchmark.Run(table, size, manifest, runs);

            Progress("  compiling in-process");
            new CompileBenchmark(binding, manifest).Run(table, size, runs, edits);

            if (dotnetBuild)
            {
                Progress("  dotnet build");
                BuildBenchmark.Run(table, size, directory, targets, runs);
            }
        }

        if (profileEdits)
        {
            return 0;
        }

        var report = Describe(started, sizes, targets, quick) + "\n" + table.Render(sizes);
        if (sizes.Count > 0 && !profile && !ScanBenchmark.ClangInstalled)
        {
            report += "\n" + ScanBenchmark.ClangMissing + ".\n";
        }

        if (library)
        {
            var realCode = new ResultTable();
            var directory = Path.Combine(work, "library");
            Progress($"library: generating {libraryFunctions} P/Invokes with bodies in {directory}");
            var generated = LibraryGenerator.Create(libraryFunctions);
            generated.WriteTo(directory);
            var manifest = Path.Combine(directory, "perfbind.interoplint.json");
            ScanBenchmark.ScanAll(Path.Combine(directory, "perfbind.h"), targets, manifest);
            if (profile)
            {
                new CompileBenchmark(generated, manifest).ProfileAnalyzers(150, only);
                return 0;
            }

            Progress("  compiling in-process");
            new CompileBenchmark(generated, manifest).RunLibrary(realCode, libraryFunctions, quick ? 3 : 5);
            if (dotnetBuild)
            {
                Progress("  dotnet build -p:ReportAnalyzer=true");
                BuildBenchmark.ReportAnalyzerOnLibrary(realCode, libraryFunctions, directory, quick ? 1 : 3);
            }

            report += "\nReal code: a generated binding library with bodies (" + LibraryGenerator.Lines(generated) + " lines, " + libraryFunctions + " P/Invokes, "
                + GeneratedBinding.StructCount(libraryFunctions) + " structs)\n\n" + realCode.Render(new[] { libraryFunctions });
        }

        if (samples && dotnetBuild && !profile)
        {
            Progress("samples");
            var sampleTable = new ResultTable();
            SampleBenchmark.Run(sampleTable, 0, quick ? 1 : 3);
            report += "\nThe samples (samples/Zlib, Sqlite, Demo), dotnet build -p:ReportAnalyzer=true, csc recompiling the sample only\n\n" + sampleTable.Render(new[] { 0 });
        }

        if (realHeaders && !profile && !ScanBenchmark.ClangInstalled)
        {
            Progress(ScanBenchmark.ClangMissing);
            report += "\nReal headers per ABI: not measured. " + ScanBenchmark.ClangMissing + ".\n";
        }
        else if (realHeaders && !profile)
        {
            Progress("real headers");
            var summary = new ResultTable();
            var rows = RealHeaderBenchmark.Run(summary, 0, work, RealHeaderBenchmark.Abis, realRuns ?? (quick ? 1 : 3), realOnly);
            report += "\nReal headers per ABI: the scanner process against clang-14 -fsyntax-only with the arguments the scanner gave libclang (medians)\n\n"
                + rows + "\n" + summary.Render(new[] { 0 });
        }

        Console.WriteLine();
        Console.WriteLine(report);
        if (output != null)
        {
            File.WriteAllText(output, report);
        }

        return 0;
    }

    internal static void Progress(string line) => Console.Error.WriteLine("[" + DateTime.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + "] " + line);

    private static string Describe(DateTime started, IReadOnlyList<int> sizes, IReadOnlyList<string> targets, bool quick)
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        return
            $"InteropLint benchmark, {started:yyyy-MM-dd HH:mm} UTC, {(DateTime.UtcNow - started).TotalMinutes:0.0} min{(quick ? " (--quick)" : "")}\n" +
            $"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, load average at the end: {load}\n" +
            $"binding: {string.Join(" / ", sizes.Select(s => $"{s} functions + {GeneratedBinding.StructCount(s)} structs"))}; ABIs: {string.Join(", ", targets)}\n" +
            $"scanner in the scan rows: {ScanBenchmark.Scanner.Description}\n" +
            "figures are medians of repeated runs; budgets are goals, judged at the largest size\n";
    }
}
