using System.Text.RegularExpressions;

namespace InteropLint.Perf;

/// <summary>
/// The repository's samples (issue 19: real code besides the generated one), built as a user builds them: csc's own
/// account (<c>-p:ReportAnalyzer=true</c>) of InteropLint's analyzers next to SYSLIB1054's and the Csc task. The
/// samples reference the analyzers from source, so a first build builds those; each measured run then deletes only
/// the sample's own intermediate assembly, so csc recompiles the sample and nothing else is rebuilt.
/// </summary>
public static class SampleBenchmark
{
    private static readonly string[] Samples = { "Zlib", "Sqlite", "Demo" };

    public static void Run(ResultTable table, int column, int runs)
    {
        var samples = Path.Combine(BuildBenchmark.FindRepositoryRoot(), "samples");
        foreach (var name in Samples)
        {
            var project = Path.Combine(samples, name, name + ".csproj");
            if (!File.Exists(project))
            {
                continue;
            }

            Program.Progress("  samples/" + name);
            var first = Measure.Run("dotnet", new[] { "build", project, "-c", "Release", "-nologo", "-tl:off", "-v:q" });
            if (first.ExitCode != 0)
            {
                table.Row("samples/" + name + ": build", "exit").Values[column] = first.ExitCode;
                continue;
            }

            var ours = new List<double>();
            var peer = new List<double>();
            var csc = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                foreach (var assembly in Directory.GetFiles(Path.Combine(samples, name, "obj", "Release"), name + ".dll", SearchOption.AllDirectories))
                {
                    File.Delete(assembly); // CoreCompile's output: csc runs again, the referenced projects stay up to date
                }

                var report = Measure.Run("dotnet", new[] { "build", project, "-c", "Release", "--no-restore", "-nologo", "-tl:off", "-v:d", "-clp:PerformanceSummary", "-p:ReportAnalyzer=true" });
                var times = BuildBenchmark.ParseAnalyzerReport(report.Output);
                var cscTask = Regex.Match(report.Output, @"^\s*([0-9]+) ms\s+Csc\s+[0-9]+ calls", RegexOptions.Multiline);
                if (cscTask.Success)
                {
                    csc.Add(double.Parse(cscTask.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
                }

                ours.Add(times.Where(t => t.Key.StartsWith("InteropLint.Analyzers,", StringComparison.Ordinal)).Sum(t => t.Value));
                peer.Add(times.Where(t => t.Key.Contains("ConvertToLibraryImportAnalyzer", StringComparison.Ordinal)).Sum(t => t.Value));
            }

            table.Row("samples/" + name + ", csc ReportAnalyzer: Csc task", "ms").Values[column] = Measure.Median(csc);
            table.Row("samples/" + name + ", csc ReportAnalyzer: InteropLint analyzers", "ms").Values[column] = Measure.Median(ours);
            var peerRow = table.Row("samples/" + name + ", csc ReportAnalyzer: SYSLIB1054 (ConvertToLibraryImportAnalyzer)", "ms");
            peerRow.Values[column] = Measure.Median(peer);
            peerRow.Note = "at its default severity; csc's report rounds below 1 ms up to 1";
        }
    }
}
