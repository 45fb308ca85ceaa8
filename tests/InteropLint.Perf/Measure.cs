using System.Diagnostics;

namespace InteropLint.Perf;

/// <summary>Timing helpers. The machine is shared, so every figure is a median of repeated runs.</summary>
public static class Measure
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>Milliseconds of one call.</summary>
    public static double Milliseconds(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>CPU time of this process so far (all threads): unlike wall time, other people's load does not inflate it.</summary>
    public static double CpuMilliseconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;

    public static (double Wall, double Cpu) WallAndCpu(Action action)
    {
        var cpu = CpuMilliseconds();
        var wall = Milliseconds(action);
        return (wall, CpuMilliseconds() - cpu);
    }

    /// <summary>Median milliseconds of <paramref name="runs"/> calls after <paramref name="warmups"/> unmeasured ones.</summary>
    public static double MedianMilliseconds(int runs, Action action, int warmups = 1)
    {
        for (var i = 0; i < warmups; i++)
        {
            action();
        }

        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            times.Add(Milliseconds(action));
        }

        return Median(times);
    }

    /// <summary>Runs a process to its end; returns its wall time, exit code and output (stdout then stderr).</summary>
    public static (double Milliseconds, int ExitCode, string Output) Run(string file, IEnumerable<string> arguments, string? workingDirectory = null, int timeoutSeconds = 900)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // a child dotnet build must not join this process's build server state or telemetry
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(file + " " + string.Join(" ", arguments) + " did not finish in " + timeoutSeconds + " s");
        }

        process.WaitForExit();
        var elapsed = watch.Elapsed.TotalMilliseconds;
        return (elapsed, process.ExitCode, stdout.Result + stderr.Result);
    }
}
