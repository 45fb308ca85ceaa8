using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace InteropLint.Perf;

/// <summary>
/// <c>dotnet build</c> of the generated binding as a user's project, with InteropLint and without: the first build and
/// a no-change rebuild (which must not rerun the scan). With the packed package when src/InteropLint.Package exists
/// (headers scanned by its build targets); otherwise the analyzer DLLs referenced as &lt;Analyzer&gt; with the manifest
/// the benchmark scanned as AdditionalFiles (no scan in the build at all).
/// </summary>
public static class BuildBenchmark
{
    private static string? _packageVersion;
    private static string? _packFailure;

    public static void Run(ResultTable table, int size, string directory, IReadOnlyList<string> targets, int runs)
    {
        var root = Path.GetDirectoryName(directory)!;
        var repository = FindRepositoryRoot();
        var usePackage = File.Exists(Path.Combine(repository, "src", "InteropLint.Package", "InteropLint.Package.csproj"));
        if (usePackage && _packageVersion is null && _packFailure is null)
        {
            Pack(repository, root);
        }

        usePackage &= _packageVersion != null;
        var mode = usePackage ? "package " + _packageVersion : "analyzer DLLs as <Analyzer> + scanned manifest (no package on this branch)";
        if (_packFailure != null)
        {
            mode += "; pack failed: " + _packFailure;
        }

        var with = WriteProject(Path.Combine(directory, "with"), usePackage ? PackageItems(targets) : AnalyzerItems(directory));
        var without = WriteProject(Path.Combine(directory, "without"), "");
        // the control: what a package reference costs a no-change build by itself (restore, assets), with no build logic
        var control = usePackage ? WriteProject(Path.Combine(directory, "empty-package"), ControlItems) : null;
        if (control != null)
        {
            Build(control, clean: true);
        }

        var firstWith = Build(with, clean: true);
        var firstWithout = Build(without, clean: true);
        var manifestFile = Directory.Exists(Path.Combine(with, "obj"))
            ? Directory.GetFiles(Path.Combine(with, "obj"), "native.interoplint.json", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        var stamp = manifestFile != null ? Path.Combine(Path.GetDirectoryName(manifestFile)!, "scan.stamp") : null;
        var stampBefore = stamp != null && File.Exists(stamp) ? File.GetLastWriteTimeUtc(stamp) : default;

        // paired and interleaved, on a machine that may be shared: a 2% budget on a 2 s build is 45 ms, less than the
        // spread of single runs, so the ratio wants several pairs (median), and the row below says what the targets cost
        var noChangeWith = new List<double>();
        var noChangeWithout = new List<double>();
        var noChangeControl = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            noChangeWithout.Add(Build(without, clean: false));
            if (control != null)
            {
                noChangeControl.Add(Build(control, clean: false));
            }

            noChangeWith.Add(Build(with, clean: false));
        }

        var rescanned = stamp != null && File.Exists(stamp) && File.GetLastWriteTimeUtc(stamp) != stampBefore;
        table.Row("dotnet build, first, without InteropLint", "ms").Values[size] = firstWithout;
        var firstRow = table.Row("dotnet build, first, with InteropLint", "ms");
        firstRow.Values[size] = firstWith;
        firstRow.Note = mode;
        table.Row("dotnet build, no change, without InteropLint", "ms").Values[size] = Measure.Median(noChangeWithout);
        table.Row("dotnet build, no change, with InteropLint", "ms").Values[size] = Measure.Median(noChangeWith);
        var ratio = table.Row("no-change rebuild with / without", "×", "≤ 1.02×", v => v <= 1.02);
        ratio.Values[size] = Measure.Median(noChangeWith) / Measure.Median(noChangeWithout);
        ratio.Note = (!usePackage ? "no scan in this mode"
            : stamp is null ? "**no scanned manifest found under obj/**"
            : rescanned ? "**the scan reran**" : "scan did not rerun (stamp unchanged)") + "; medians of " + runs + " interleaved runs of each";
        if (control != null)
        {
            table.Row("dotnet build, no change, with an empty package (control)", "ms").Values[size] = Measure.Median(noChangeControl);
            var overControl = table.Row("no-change rebuild with InteropLint / with an empty package", "×");
            overControl.Values[size] = Measure.Median(noChangeWith) / Measure.Median(noChangeControl);
            overControl.Note = "what InteropLint adds to what any package reference costs";
        }

        if (usePackage)
        {
            CountProcessesOfNoChangeBuild(table, size, with);
        }

        // csc's own account of analyzer time in a full compile (-p:ReportAnalyzer=true)
        var report = Measure.Run("dotnet", new[] { "build", with, "-c", "Release", "--no-restore", "--no-incremental", "-nologo", "-tl:off", "-v:d", "-p:ReportAnalyzer=true" });
        var (ours, total) = ParseReportAnalyzer(report.Output);
        if (ours != null)
        {
            var row = table.Row("csc ReportAnalyzer: InteropLint analyzer time", "ms");
            row.Values[size] = ours.Value;
            row.Note = total != null ? "all analyzers incl. the SDK's: " + total.Value.ToString("0", CultureInfo.InvariantCulture) + " ms" : "";
        }
    }

    /// <summary>
    /// Issue 19's "no process started" on a no-change build: one more no-change build at detailed verbosity, where
    /// MSBuild names every task it runs. The scan must be skipped by MSBuild's own Inputs/Outputs check (no Exec that
    /// decides), so the count of Exec tasks is the figure, and the note says whether the scan target was skipped.
    /// </summary>
    private static void CountProcessesOfNoChangeBuild(ResultTable table, int size, string project)
    {
        var detailed = Measure.Run("dotnet", new[] { "build", project, "-c", "Release", "-nologo", "-tl:off", "-v:d", "-clp:PerformanceSummary" });
        var row = table.Row("no-change build with InteropLint: processes started (Exec tasks)", "count", "0", v => v == 0);
        row.Values[size] = Regex.Matches(detailed.Output, @"Task ""Exec""").Count;
        row.Note = detailed.Output.Contains("Skipping target \"_InteropLintRunScanner\" because all output files are up-to-date", StringComparison.Ordinal)
            ? "_InteropLintRunScanner skipped by MSBuild (outputs up to date)"
            : "**_InteropLintRunScanner was not skipped as up to date**";
        var targets = InteropLintTargetTimes(detailed.Output);
        var own = table.Row("no-change build with InteropLint: InteropLint's targets (MSBuild PerformanceSummary)", "ms");
        own.Values[size] = targets.Values.Sum();
        own.Note = string.Join(", ", targets.OrderByDescending(t => t.Value).Take(3).Select(t => t.Key + " " + t.Value.ToString("0", CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// The wall time MSBuild's target performance summary gives each of the package's targets in one build: what
    /// InteropLint's own build logic costs, apart from what any package reference costs (restore, evaluation).
    /// </summary>
    internal static Dictionary<string, double> InteropLintTargetTimes(string output)
    {
        var times = new Dictionary<string, double>(StringComparer.Ordinal);
        var section = output.IndexOf("Target Performance Summary:", StringComparison.Ordinal);
        var end = output.IndexOf("Task Performance Summary:", StringComparison.Ordinal);
        if (section < 0 || end < section)
        {
            return times;
        }

        foreach (Match m in Regex.Matches(output[section..end], @"^\s*([0-9]+) ms\s+(\S*InteropLint\S*)\s+[0-9]+ calls", RegexOptions.Multiline))
        {
            times[m.Groups[2].Value] = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return times;
    }

    /// <summary>
    /// csc's own account of the library with bodies (issue 19): a full compile with <c>-p:ReportAnalyzer=true</c>, the
    /// analyzer DLLs as &lt;Analyzer&gt; items and the scanned manifest, SYSLIB1054 raised to a warning so csc runs it;
    /// InteropLint's time and SYSLIB1054's from the analyzer report, csc's own from the task summary (median of runs).
    /// </summary>
    public static void ReportAnalyzerOnLibrary(ResultTable table, int column, string directory, int runs)
    {
        var project = WriteProject(Path.Combine(directory, "report"), AnalyzerItems(directory));
        GeneratedBinding.WriteIfChanged(Path.Combine(project, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.SYSLIB1054.severity = warning\n");
        Build(project, clean: true);
        var ours = new List<double>();
        var peer = new List<double>();
        var csc = new List<double>();
        var all = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var report = Measure.Run("dotnet", new[] { "build", project, "-c", "Release", "--no-restore", "--no-incremental", "-nologo", "-tl:off", "-v:d", "-clp:PerformanceSummary", "-p:ReportAnalyzer=true" });
            var times = ParseAnalyzerReport(report.Output);
            var cscTask = Regex.Match(report.Output, @"^\s*([0-9]+) ms\s+Csc\s+[0-9]+ calls", RegexOptions.Multiline);
            if (cscTask.Success)
            {
                csc.Add(double.Parse(cscTask.Groups[1].Value, CultureInfo.InvariantCulture));
            }

            ours.Add(times.Where(t => t.Key.StartsWith("InteropLint.Analyzers,", StringComparison.Ordinal)).Sum(t => t.Value));
            peer.Add(times.Where(t => t.Key.Contains("ConvertToLibraryImportAnalyzer", StringComparison.Ordinal)).Sum(t => t.Value));
            all.Add(times.TryGetValue("(total)", out var total) ? total : double.NaN);
        }

        table.Row("library, csc ReportAnalyzer: Csc task (the whole compile)", "ms").Values[column] = Measure.Median(csc);
        var ourRow = table.Row("library, csc ReportAnalyzer: InteropLint analyzers", "ms");
        ourRow.Values[column] = Measure.Median(ours);
        ourRow.Note = "all analyzers incl. the SDK's: " + Measure.Median(all).ToString("0", CultureInfo.InvariantCulture) + " ms (wall times inside csc's concurrent analysis)";
        table.Row("library, csc ReportAnalyzer: SYSLIB1054 (ConvertToLibraryImportAnalyzer)", "ms").Values[column] = Measure.Median(peer);
        table.Row("library, csc ReportAnalyzer: InteropLint / SYSLIB1054", "×", "≤ 1×", v => v <= 1).Values[column] = Measure.Median(ours) / Measure.Median(peer);
        table.Row("library, csc ReportAnalyzer: InteropLint / Csc task", "%", "≤ 5%", v => v <= 5).Values[column] = 100 * Measure.Median(ours) / Measure.Median(csc);
    }

    /// <summary>Every line of csc's analyzer report as name → milliseconds; the total under "(total)".</summary>
    internal static Dictionary<string, double> ParseAnalyzerReport(string output)
    {
        var times = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var total = Regex.Match(line, @"Total analyzer execution time:\s*([0-9.]+) seconds");
            if (total.Success)
            {
                times.TryAdd("(total)", 1000 * double.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture));
                continue;
            }

            var row = Regex.Match(line, @"^\s*<?([0-9]+\.[0-9]+)\s+<?[0-9]+\s+(\S.*?)\s*$");
            if (row.Success)
            {
                times.TryAdd(row.Groups[2].Value, 1000 * double.Parse(row.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }

        return times;
    }

    private static void Pack(string repository, string root)
    {
        var feed = Path.Combine(root, "feed");
        if (Directory.Exists(feed))
        {
            Directory.Delete(feed, recursive: true);
        }

        var (_, exit, output) = Measure.Run("dotnet", new[] { "pack", Path.Combine(repository, "src", "InteropLint.Package", "InteropLint.Package.csproj"), "-c", "Release", "-o", feed, "-nologo", "-tl:off" }, repository);
        var packages = Directory.Exists(feed) ? Directory.GetFiles(feed, "InteropLint.*.nupkg") : Array.Empty<string>();
        if (exit != 0 || packages.Length != 1)
        {
            _packFailure = "exit " + exit + ": " + string.Join(" ", output.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(2));
            return;
        }

        _packageVersion = Regex.Match(Path.GetFileName(packages[0]), @"^InteropLint\.(.+)\.nupkg$").Groups[1].Value;
        WriteControlPackage(feed);

        // the projects below see only this: no Directory.Build.* from above, our feed added to the machine's
        // sources, and a packages folder of their own so no stale InteropLint from the machine's cache is used
        var packagesFolder = Path.Combine(root, "packages");
        foreach (var cached in new[] { "interoplint", ControlPackage.ToLowerInvariant() })
        {
            if (Directory.Exists(Path.Combine(packagesFolder, cached)))
            {
                Directory.Delete(Path.Combine(packagesFolder, cached), recursive: true);
            }
        }

        GeneratedBinding.WriteIfChanged(Path.Combine(root, "Directory.Build.props"), "<Project />\n");
        GeneratedBinding.WriteIfChanged(Path.Combine(root, "Directory.Build.targets"), "<Project />\n");
        GeneratedBinding.WriteIfChanged(Path.Combine(root, "nuget.config"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <config>\n    <add key=\"globalPackagesFolder\" value=\"" + packagesFolder + "\" />\n  </config>\n" +
            "  <packageSources>\n    <add key=\"interoplint-perf\" value=\"" + feed + "\" />\n  </packageSources>\n</configuration>\n");
    }

    private const string ControlPackage = "PerfControl.EmptyPackage";

    private static string ControlItems =>
        "  <ItemGroup>\n    <PackageReference Include=\"" + ControlPackage + "\" Version=\"1.0.0\" PrivateAssets=\"all\" />\n  </ItemGroup>\n";

    /// <summary>A package with nothing in it but its nuspec, into the benchmark's feed: the no-change build's control.</summary>
    private static void WriteControlPackage(string feed)
    {
        using var zip = ZipFile.Open(Path.Combine(feed, ControlPackage + ".1.0.0.nupkg"), ZipArchiveMode.Create);
        using (var writer = new StreamWriter(zip.CreateEntry(ControlPackage + ".nuspec").Open()))
        {
            writer.Write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\">\n" +
                "  <metadata>\n    <id>" + ControlPackage + "</id>\n    <version>1.0.0</version>\n    <authors>InteropLint.Perf</authors>\n" +
                "    <description>Empty: what a package reference alone costs a build.</description>\n" +
                "    <developmentDependency>true</developmentDependency>\n  </metadata>\n</package>\n");
        }
    }

    private static string PackageItems(IReadOnlyList<string> targets) =>
        "  <ItemGroup>\n    <PackageReference Include=\"InteropLint\" Version=\"" + _packageVersion + "\" PrivateAssets=\"all\" />\n" +
        "    <InteropLintHeader Include=\"../perfbind.h\" Library=\"" + GeneratedBinding.Library + "\" />\n  </ItemGroup>\n" +
        "  <PropertyGroup>\n    <InteropLintTargets>" + string.Join(";", targets) + "</InteropLintTargets>\n  </PropertyGroup>\n";

    private static string AnalyzerItems(string directory)
    {
        var analyzers = typeof(InteropLint.Analyzers.IntegerWidthAnalyzer).Assembly.Location;
        var manifest = typeof(InteropLint.Manifest.ManifestReader).Assembly.Location;
        return "  <ItemGroup>\n    <Analyzer Include=\"" + analyzers + "\" />\n    <Analyzer Include=\"" + manifest + "\" />\n" +
               "    <AdditionalFiles Include=\"" + Path.Combine(directory, "perfbind.interoplint.json") + "\" />\n  </ItemGroup>\n";
    }

    private static string WriteProject(string directory, string items)
    {
        Directory.CreateDirectory(directory);
        GeneratedBinding.WriteIfChanged(Path.Combine(directory, Path.GetFileName(directory) + ".csproj"),
            "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n    <AllowUnsafeBlocks>true</AllowUnsafeBlocks>\n" +
            "    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>\n    <NuGetAudit>false</NuGetAudit>\n    <Nullable>disable</Nullable>\n  </PropertyGroup>\n" +
            "  <ItemGroup>\n    <Compile Include=\"../*.cs\" />\n  </ItemGroup>\n" + items + "</Project>\n");
        return directory;
    }

    private static double Build(string project, bool clean)
    {
        if (clean)
        {
            foreach (var folder in new[] { "bin", "obj" })
            {
                var path = Path.Combine(project, folder);
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
            }
        }

        var (ms, exit, output) = Measure.Run("dotnet", new[] { "build", project, "-c", "Release", "-nologo", "-tl:off", "-v:q" });
        if (exit != 0)
        {
            throw new InvalidOperationException("dotnet build " + project + " failed:\n" + output);
        }

        return ms;
    }

    /// <summary>From csc's analyzer report: InteropLint's seconds and the total, in milliseconds.</summary>
    private static (double? Ours, double? Total) ParseReportAnalyzer(string output)
    {
        double? ours = null;
        double? total = null;
        foreach (var line in output.Split('\n'))
        {
            var totalMatch = Regex.Match(line, @"Total analyzer execution time:\s*([0-9.]+) seconds");
            if (totalMatch.Success && total is null)
            {
                total = 1000 * double.Parse(totalMatch.Groups[1].Value, CultureInfo.InvariantCulture);
            }

            var ourMatch = Regex.Match(line, @"^\s*([0-9.<]+)\s+[0-9<]+\s+InteropLint\.Analyzers,");
            if (ourMatch.Success && ours is null)
            {
                ours = 1000 * double.Parse(ourMatch.Groups[1].Value.TrimStart('<'), CultureInfo.InvariantCulture);
            }
        }

        return (ours, total);
    }

    internal static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InteropLint.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("InteropLint.sln not found above " + AppContext.BaseDirectory);
    }
}
