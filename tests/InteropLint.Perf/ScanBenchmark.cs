using InteropLint.Manifest;

namespace InteropLint.Perf;

/// <summary>
/// The scanner's command line (as the build runs it: a separate process) for one ABI at a time, next to the floor:
/// <c>clang-14 -fsyntax-only</c> of the same header for the same target with the flags the scanner gives libclang.
/// </summary>
public static class ScanBenchmark
{
    /// <summary>The floor every scan is measured against (scripts/install-prerequisites.sh installs it).</summary>
    public const string Clang = "clang-14";

    /// <summary>Said, in the report and on the console, instead of the clang columns when <see cref="Clang"/> is not on PATH.</summary>
    public const string ClangMissing = Clang + " is not on PATH: the scan-versus-clang figures are left out (scripts/install-prerequisites.sh installs it)";

    /// <summary>Whether <see cref="Clang"/> can be started: an executable of that name in a PATH folder.</summary>
    public static bool ClangInstalled { get; } = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Any(folder => File.Exists(Path.Combine(folder, Clang)));

    /// <summary>The managed scanner beside this program (the project reference copies it), run with <c>dotnet exec</c>.</summary>
    public static string ScannerDll => Path.Combine(AppContext.BaseDirectory, "InteropLint.Scanner.dll");

    /// <summary>The scanner every scan row runs: the one the build targets would pick (<see cref="ChooseScanner"/>).</summary>
    public static ScannerCommand Scanner { get; private set; } = ScannerCommand.Managed(ScannerDll, "not chosen yet");

    /// <summary>
    /// The scanner the build targets run on this machine: the package's native scanner for the build host's runtime
    /// identifier (src/InteropLint.Scanner.Native, published with NativeAOT the way the package's pack publishes it),
    /// else the managed dll with <c>dotnet exec</c>. <paramref name="choice"/> "managed" or "native" forces one.
    /// </summary>
    public static void ChooseScanner(string work, string? choice)
    {
        if (choice == "managed")
        {
            Scanner = ScannerCommand.Managed(ScannerDll, "--scanner managed");
            return;
        }

        var repository = BuildBenchmark.FindRepositoryRoot();
        var project = Path.Combine(repository, "src", "InteropLint.Scanner.Native", "InteropLint.Scanner.Native.csproj");
        var folder = Path.Combine(work, "native-scanner");
        var executable = Path.Combine(folder, OperatingSystem.IsWindows() ? "InteropLint.Scanner.exe" : "InteropLint.Scanner");
        if (!File.Exists(project))
        {
            Scanner = ScannerCommand.Managed(ScannerDll, "no native scanner project on this branch");
            return;
        }

        Program.Progress("publishing the native scanner (NativeAOT) into " + folder);
        var (_, exit, output) = Measure.Run("dotnet", new[] { "publish", project, "-c", "Release", "-o", folder, "-nologo", "-tl:off" }, repository);
        Scanner = exit == 0 && File.Exists(executable)
            ? ScannerCommand.Native(executable)
            : choice == "native"
                ? throw new InvalidOperationException("--scanner native: publishing " + project + " failed (" + exit + "): " + output)
                : ScannerCommand.Managed(ScannerDll, "the native scanner could not be published here (" + exit + "), as a package packed here would lack it");
    }

    /// <summary>Scans <paramref name="header"/> for every target at once into <paramref name="manifestPath"/>; returns the wall time.</summary>
    public static double ScanAll(string header, IReadOnlyList<string> targets, string manifestPath)
    {
        var arguments = new List<string> { "scan", header, "--library", GeneratedBinding.Library, "-o", manifestPath };
        foreach (var target in targets)
        {
            arguments.Add("--target");
            arguments.Add(target);
        }

        var (ms, exit, output) = Measure.Run(Scanner.File, Scanner.Arguments(arguments));
        if (exit != 0)
        {
            throw new InvalidOperationException("scan failed (" + exit + "): " + output);
        }

        return ms;
    }

    public static void Run(ResultTable table, int size, string header, IReadOnlyList<string> targets, string workDirectory, int runs)
    {
        if (!ClangInstalled)
        {
            Program.Progress("  " + ClangMissing);
            return;
        }

        var resourceDirectory = Measure.Run(Clang, new[] { "-print-resource-dir" }).Output.Trim();
        foreach (var target in targets)
        {
            var output = Path.Combine(workDirectory, "scan-" + target + ".interoplint.json");
            var scanArguments = Scanner.Arguments(new[] { "scan", header, "--library", GeneratedBinding.Library, "--target", target, "-o", output });
            var clangArguments = ClangArguments(target, resourceDirectory, header);
            var scans = Repeat(runs, () => Timed(Scanner.File, scanArguments, "scan")).ToList();
            var clangs = Repeat(runs, () => Timed(Clang, clangArguments, "clang")).ToList();
            var scan = Measure.Median(scans.Select(r => r.Wall));
            var clang = Measure.Median(clangs.Select(r => r.Wall));
            table.Row("scan " + target + " (scanner process), wall", "ms").Values[size] = scan;
            table.Row("clang -fsyntax-only " + target + " (floor), wall", "ms").Values[size] = clang;
            table.Row("scan / clang, " + target + ", wall", "×", "≤ 1.3×", v => v <= 1.3).Values[size] = scan / clang;
            if (scans.All(r => r.Cpu > 0) && clangs.All(r => r.Cpu > 0))
            {
                var scanCpu = Measure.Median(scans.Select(r => r.Cpu));
                var clangCpu = Measure.Median(clangs.Select(r => r.Cpu));
                table.Row("scan " + target + ", CPU (user+sys)", "ms").Values[size] = scanCpu;
                table.Row("clang " + target + ", CPU (user+sys)", "ms").Values[size] = clangCpu;
                table.Row("scan / clang, " + target + ", CPU", "×", "≤ 1.3×", v => v <= 1.3).Values[size] = scanCpu / clangCpu;
            }
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

    /// <summary>
    /// Wall time, CPU time (user + system of the process and its children, from /usr/bin/time when the machine has it;
    /// else 0) and the output. An exit code other than 0 and <paramref name="allowExitCode"/> is a failure.
    /// </summary>
    public static (double Wall, double Cpu, string Output) Timed(string file, List<string> arguments, string what, int allowExitCode = 0)
    {
        const string Time = "/usr/bin/time";
        if (!File.Exists(Time))
        {
            var plain = Measure.Run(file, arguments);
            return (Checked(plain, what, allowExitCode), 0, plain.Output);
        }

        var run = Measure.Run(Time, new[] { "-f", "CPUTIME %U %S", file }.Concat(arguments));
        Checked(run, what, allowExitCode);
        var line = run.Output.Split('\n').LastOrDefault(l => l.StartsWith("CPUTIME ", StringComparison.Ordinal));
        var parts = line?.Split(' ');
        var cpu = parts is { Length: 3 }
            ? 1000 * (double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) + double.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture))
            : 0;
        return (run.Milliseconds, cpu, run.Output);
    }

    private static double Checked((double Milliseconds, int ExitCode, string Output) run, string what, int allowExitCode = 0) =>
        run.ExitCode == 0 || run.ExitCode == allowExitCode ? run.Milliseconds : throw new InvalidOperationException(what + " failed (" + run.ExitCode + "): " + run.Output);

    private static IEnumerable<T> Repeat<T>(int runs, Func<T> measure)
    {
        measure(); // warm the file cache and the runtime's
        for (var i = 0; i < runs; i++)
        {
            yield return measure();
        }
    }
}

/// <summary>How the benchmark starts the scanner: the native executable, or <c>dotnet exec</c> of the managed dll.</summary>
public sealed record ScannerCommand(string File, IReadOnlyList<string> Prefix, string Description)
{
    public static ScannerCommand Native(string executable) =>
        new(executable, Array.Empty<string>(), "native (NativeAOT, " + System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier + "), as the build targets run the package's native scanner for the build host");

    public static ScannerCommand Managed(string dll, string why) =>
        new("dotnet", new[] { "exec", dll }, "managed (dotnet exec InteropLint.Scanner.dll): " + why);

    public List<string> Arguments(IEnumerable<string> scannerArguments) => Prefix.Concat(scannerArguments).ToList();
}
