using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;

namespace InteropLint.Scanner;

/// <summary>
/// Where a scan's time goes, per phase (parse, each kind of declaration collected, the manifest written), for people
/// profiling the scanner: <c>scan --timings</c> prints it on standard error after the scan. Off, a phase costs one
/// branch. Thread time, not wall time, where the OS gives it: units run in parallel and the machine may be shared.
/// </summary>
internal static class ScanTimings
{
    private static readonly ConcurrentDictionary<string, (double Wall, double Cpu, int Count)> Phases = new(StringComparer.Ordinal);

    public static bool Enabled { get; private set; }

    /// <summary>Turns the timings on and records the runtime's start-up: from the process's start to this call.</summary>
    public static void Start()
    {
        Enabled = true;
        using var process = Process.GetCurrentProcess();
        Phases["start-up (process start to Main)"] = ((DateTime.Now - process.StartTime).TotalMilliseconds, process.TotalProcessorTime.TotalMilliseconds, 1);
    }

    /// <summary>Times <paramref name="name"/> until the returned scope is disposed.</summary>
    public static Scope Phase(string name) => Enabled ? new Scope(name) : default;

    public static void Write(TextWriter writer)
    {
        if (!Enabled)
        {
            return;
        }

        writer.WriteLine("phase\twall ms\tthread CPU ms\tcount");
        foreach (var (name, (wall, cpu, count)) in Phases.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteLine($"{name}\t{wall:0.0}\t{cpu:0.0}\t{count}");
        }

        using var process = Process.GetCurrentProcess();
        writer.WriteLine($"process (CPU: every thread)\t{(DateTime.Now - process.StartTime).TotalMilliseconds:0.0}\t{process.TotalProcessorTime.TotalMilliseconds:0.0}\t1");
    }

    public readonly struct Scope : IDisposable
    {
        private readonly string? _name;
        private readonly long _start;
        private readonly TimeSpan _cpu;

        public Scope(string name)
        {
            _name = name;
            _start = Stopwatch.GetTimestamp();
            _cpu = ThreadCpu();
        }

        public void Dispose()
        {
            if (_name is null)
            {
                return;
            }

            var wall = Stopwatch.GetElapsedTime(_start).TotalMilliseconds;
            var cpu = (ThreadCpu() - _cpu).TotalMilliseconds;
            Phases.AddOrUpdate(_name, (wall, cpu, 1), (_, sum) => (sum.Wall + wall, sum.Cpu + cpu, sum.Count + 1));
        }
    }

    /// <summary>This thread's CPU time (Linux: <c>CLOCK_THREAD_CPUTIME_ID</c>); zero elsewhere.</summary>
    private static TimeSpan ThreadCpu()
    {
        if (!OperatingSystem.IsLinux())
        {
            return TimeSpan.Zero;
        }

        return clock_gettime(ThreadCpuClock, out var now) == 0 ? TimeSpan.FromTicks(now.Seconds * TimeSpan.TicksPerSecond + now.Nanoseconds / 100) : TimeSpan.Zero;
    }

    private const int ThreadCpuClock = 3;

    /// <summary>C's <c>struct timespec</c>: <c>time_t</c> and <c>long</c>, both pointer-sized on Linux.</summary>
    private struct Timespec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clock, out Timespec time);
}
