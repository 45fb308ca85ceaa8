using InteropLint.Manifest;

namespace InteropLint.Perf;

/// <summary>
/// The scanner's command line (as the build runs it: a separate process) for one ABI at a time, next to the floor:
/// <c>clang-14 -fsyntax-only</c> of the same header for the same target with the flags the scanner gives libclang.
/// </summary>
public static class ScanBenchmark
{
    private const string Clang = "clang-14";

    /// <summary>The scanner beside this program (the project reference copies it).</summary>
    public static string ScannerDll => Path.Combine(AppContext.BaseDirectory, "InteropLint.Scanner.dll");

    /// <summary>Scans <paramref name="header"/> for every target at once into <paramref name="manifestPath"/>; returns the wall time.</summary>
    public static double ScanAll(string header, IReadOnlyList<string> targets, string manifestPath)
    {
        var arguments = new List<string> { "exec", ScannerDll, "scan", header, "--library", GeneratedBinding.Library, "-o", manifestPath };
        foreach (var target in targets)
        {
            arguments.Add("--target");
            arguments.Add(target);
        }

        var (ms, exit, output) = Measure.Run("dotnet", arguments);
        if (exit != 0)
        {
            throw new InvalidOperationException("scan failed (" + exit + "): " + output);
        }

        return ms;
    }

    public static void Run(ResultTable table, int size, string header, IReadOnlyList<string> targets, string workDirectory, int runs)
    {
        var resourceDirectory = Measure.Run(Clang, new[] { "-print-resource-dir" }).Output.Trim();
        foreach (var target in targets)
        {
            var output = Path.Combine(workDirectory, "scan-" + target + ".interoplint.json");
            var scanArguments = new List<string> { "exec", ScannerDll, "scan", header, "--library", GeneratedBinding.Library, "--target", target, "-o", output };
            var scan = Measure.Median(Repeat(runs, () => Checked(Measure.Run("dotnet", scanArguments), "scan")));
            var clangArguments = ClangArguments(target, resourceDirectory, header);
            var clang = Measure.Median(Repeat(runs, () => Checked(Measure.Run(Clang, clangArguments), "clang")));

            table.Row("scan " + target + " (scanner process)", "ms").Values[size] = scan;
            table.Row("clang -fsyntax-only " + target + " (floor)", "ms").Values[size] = clang;
            table.Row("scan / clang, " + target, "×", "≤ 1.3×", v => v <= 1.3).Values[size] = scan / clang;
        }
    }

    /// <summary>What TargetArguments gives libclang, on the clang command line (the shim folder is left out: the header needs no POSIX header).</summary>
    private static List<string> ClangArguments(string target, string resourceDirectory, string header)
    {
        var host = target == HostRid();
        var arguments = new List<string> { "-fsyntax-only", "-x", "c", "-target", AbiTargets.Triple(target)!, "-resource-dir", resourceDirectory };
        if (!host)
        {
            arguments.AddRange(new[] { "-ffreestanding", "-nostdlibinc", "-isystem", Path.Combine(resourceDirectory, "include"), "-idirafter", "/usr/include" });
        }

        arguments.Add("-Wno-pragma-once-outside-header");
        arguments.Add(header);
        return arguments;
    }

    private static string HostRid() =>
        (OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux") + "-" +
        System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();

    private static double Checked((double Milliseconds, int ExitCode, string Output) run, string what) =>
        run.ExitCode == 0 ? run.Milliseconds : throw new InvalidOperationException(what + " failed (" + run.ExitCode + "): " + run.Output);

    private static IEnumerable<double> Repeat(int runs, Func<double> measure)
    {
        measure(); // warm the file cache and the runtime's
        for (var i = 0; i < runs; i++)
        {
            yield return measure();
        }
    }
}
