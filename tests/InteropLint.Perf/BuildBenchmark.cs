using System.Globalization;
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

        var firstWith = Build(with, clean: true);
        var firstWithout = Build(without, clean: true);
        var manifestFile = Directory.Exists(Path.Combine(with, "obj"))
            ? Directory.GetFiles(Path.Combine(with, "obj"), "native.interoplint.json", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        var stamp = manifestFile != null ? Path.Combine(Path.GetDirectoryName(manifestFile)!, "scan.stamp") : null;
        var stampBefore = stamp != null && File.Exists(stamp) ? File.GetLastWriteTimeUtc(stamp) : default;

        var noChangeWith = new List<double>();
        var noChangeWithout = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            noChangeWithout.Add(Build(without, clean: false));
            noChangeWith.Add(Build(with, clean: false));
        }

        var rescanned = stamp != null && File.Exists(stamp) && File.GetLastWriteTimeUtc(stamp) != stampBefore;
        table.Row("dotnet build, first, without InteropLint", "ms").Values[size] = firstWithout;
        var firstRow = table.Row("dotnet build, first, with InteropLint", "ms");
        firstRow.Values[size] = firstWith;
        firstRow.Note = mode;
        table.Row("dotnet build, no change, without InteropLint", "ms").Values[size] = Measure.Median(noChangeWithout);
        table.Row("dotnet build, no change, with InteropLint", "ms").Values[size] = Measure.Median(noChangeWith);
        var ratio = table.Row("no-change rebuild with / without", "×", "≤ 1.05×", v => v <= 1.05);
        ratio.Values[size] = Measure.Median(noChangeWith) / Measure.Median(noChangeWithout);
        ratio.Note = !usePackage ? "no scan in this mode"
            : stamp is null ? "**no scanned manifest found under obj/**"
            : rescanned ? "**the scan reran**" : "scan did not rerun (stamp unchanged)";

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

        // the projects below see only this: no Directory.Build.* from above, our feed added to the machine's
        // sources, and a packages folder of their own so no stale InteropLint from the machine's cache is used
        var packagesFolder = Path.Combine(root, "packages");
        if (Directory.Exists(Path.Combine(packagesFolder, "interoplint")))
        {
            Directory.Delete(Path.Combine(packagesFolder, "interoplint"), recursive: true);
        }

        GeneratedBinding.WriteIfChanged(Path.Combine(root, "Directory.Build.props"), "<Project />\n");
        GeneratedBinding.WriteIfChanged(Path.Combine(root, "Directory.Build.targets"), "<Project />\n");
        GeneratedBinding.WriteIfChanged(Path.Combine(root, "nuget.config"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <config>\n    <add key=\"globalPackagesFolder\" value=\"" + packagesFolder + "\" />\n  </config>\n" +
            "  <packageSources>\n    <add key=\"interoplint-perf\" value=\"" + feed + "\" />\n  </packageSources>\n</configuration>\n");
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

    private static string FindRepositoryRoot()
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
