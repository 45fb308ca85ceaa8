using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace InteropLint.Perf;

/// <summary>
/// Real headers, per ABI (issue 19): the scanner's process as the build runs it (<see cref="ScanBenchmark.Scanner"/>), next to <c>clang-14 -fsyntax-only</c>
/// given exactly the arguments the scanner gave libclang for that unit (the scanner prints them with
/// <c>--print-arguments</c>), so both parse the same files with the same flags. CPU time (user + system) is the figure
/// to judge on a shared machine; wall time is printed beside it.
/// </summary>
public static class RealHeaderBenchmark
{
    public static readonly string[] Abis = { "linux-x64", "win-x64", "win-x86", "linux-arm64", "osx-arm64" };

    /// <summary>Name, header, include folders. Wrapper headers for the C library and the intrinsics are written into the work folder.</summary>
    private static IEnumerable<(string Name, string Header, string[] Includes)> Headers(string work)
    {
        Directory.CreateDirectory(work);
        var socketSignal = Path.Combine(work, "socket_signal.h");
        GeneratedBinding.WriteIfChanged(socketSignal, "#include <sys/socket.h>\n#include <signal.h>\n");
        var intrinsics = Path.Combine(work, "immintrin_only.h");
        GeneratedBinding.WriteIfChanged(intrinsics, "#include <immintrin.h>\n");
        yield return ("SDL.h", "/usr/include/SDL2/SDL.h", new[] { "/usr/include/SDL2" });
        yield return ("git2.h", "/usr/include/git2.h", Array.Empty<string>());
        yield return ("sqlite3.h", "/usr/include/sqlite3.h", Array.Empty<string>());
        yield return ("socket.h+signal.h", socketSignal, Array.Empty<string>());
        yield return ("pcap.h", "/usr/include/pcap.h", Array.Empty<string>());
        yield return ("immintrin.h", intrinsics, Array.Empty<string>());
    }

    /// <summary>Runs every header on every ABI; returns the Markdown table and fills the summary rows of <paramref name="table"/>.</summary>
    public static string Run(ResultTable table, int column, string work, IReadOnlyList<string> abis, int runs, string? only)
    {
        var text = new StringBuilder();
        text.Append("| header | ABI | scanner CPU | clang CPU | CPU ratio | ≤ 1.3×? | scanner wall | clang wall | scanner's parse+walk | declarations | errors |\n")
            .Append("|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
        var ratios = new List<double>();
        foreach (var (name, header, includes) in Headers(Path.Combine(work, "real-headers")))
        {
            if (only != null && !name.Contains(only, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!File.Exists(header))
            {
                text.Append("| ").Append(name).Append(" | — | not installed: ").Append(header).Append(" |||||||||\n");
                continue;
            }

            foreach (var abi in abis)
            {
                Program.Progress("  " + name + " " + abi);
                var output = Path.Combine(work, "real-headers", name + "." + abi + ".interoplint.json");
                var scanArguments = ScanBenchmark.Scanner.Arguments(
                    new[] { "scan", header, "--target", abi, "--print-arguments", "-o", output }.Concat(includes.SelectMany(include => new[] { "-I", include })));
                var scans = Enumerable.Range(0, runs).Select(_ => ScanBenchmark.Timed(ScanBenchmark.Scanner.File, scanArguments, "scan", allowExitCode: 3)).ToList();
                var last = scans[^1].Output;
                var clangArguments = ClangArguments(last);
                if (clangArguments is null)
                {
                    text.Append("| ").Append(name).Append(" | ").Append(abi).Append(" | the scanner printed no arguments: ").Append(FirstLine(last)).Append(" |||||||||\n");
                    continue;
                }

                var clangs = Enumerable.Range(0, runs).Select(_ => ScanBenchmark.Timed(ScanBenchmark.Clang, clangArguments, "clang", allowExitCode: 1)).ToList();
                var scanCpu = Measure.Median(scans.Select(s => s.Cpu));
                var clangCpu = Measure.Median(clangs.Select(c => c.Cpu));
                var ratio = scanCpu / clangCpu;
                ratios.Add(ratio);
                var summary = Regex.Match(last, abi + @": scanned, (\d+) functions, (\d+) records, (\d+) typedefs, (\d+) enums, \d+ constants, (\d+) errors, (\d+) unresolved, (\d+) ms");
                var declarations = summary.Success
                    ? Enumerable.Range(1, 4).Sum(g => int.Parse(summary.Groups[g].Value, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture)
                      + " (" + summary.Groups[6].Value + " unresolved)"
                    : "?";
                text.Append("| ").Append(name).Append(" | ").Append(abi)
                    .Append(" | ").Append(Ms(scanCpu)).Append(" | ").Append(Ms(clangCpu))
                    .Append(" | ").Append(ratio.ToString("0.00", CultureInfo.InvariantCulture)).Append("× | ").Append(ratio <= 1.3 ? "yes" : "**no**")
                    .Append(" | ").Append(Ms(Measure.Median(scans.Select(s => s.Wall)))).Append(" | ").Append(Ms(Measure.Median(clangs.Select(c => c.Wall))))
                    .Append(" | ").Append(summary.Success ? summary.Groups[7].Value + " ms" : "?")
                    .Append(" | ").Append(declarations).Append(" | ").Append(summary.Success ? summary.Groups[5].Value : "?").Append(" |\n");
            }
        }

        if (ratios.Count > 0)
        {
            var worst = table.Row("real headers: worst scan / clang, CPU, over every header and ABI", "×", "≤ 1.3×", v => v <= 1.3);
            worst.Values[column] = ratios.Max();
            worst.Note = ratios.Count(r => r <= 1.3) + " of " + ratios.Count + " header×ABI pairs within 1.3×; median " + Measure.Median(ratios).ToString("0.00", CultureInfo.InvariantCulture) + "×";
        }

        return text.ToString();
    }

    /// <summary>The clang-14 command line from the scanner's <c>--print-arguments</c> line: its libclang arguments and the header.</summary>
    private static List<string>? ClangArguments(string scannerOutput)
    {
        var line = scannerOutput.Split('\n').FirstOrDefault(l => l.StartsWith("clang arguments for ", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        var parts = line.TrimEnd('\r').Split('\t').Skip(1).ToList();
        parts.Insert(0, "-fsyntax-only");
        return parts;
    }

    private static string FirstLine(string text) => text.Split('\n').FirstOrDefault()?.Trim() ?? "";

    private static string Ms(double value) => value.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
