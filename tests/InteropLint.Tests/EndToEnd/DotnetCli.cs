using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace InteropLint.Tests.EndToEnd;

/// <summary>What a finished <c>dotnet</c> command left behind.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string Output, bool TimedOut, TimeSpan Elapsed)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>
    /// The distinct lines reporting <paramref name="diagnosticId"/> as a warning or an error
    /// (the console logger repeats every warning in its summary; those repeats are dropped).
    /// </summary>
    public IReadOnlyList<string> DiagnosticLines(string diagnosticId) =>
        Output.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Contains("warning " + diagnosticId + ":", StringComparison.Ordinal)
                        || line.Contains("error " + diagnosticId + ":", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>The distinct lines reporting any error (compiler, MSBuild, NuGet, analyzer).</summary>
    public IReadOnlyList<string> ErrorLines =>
        Output.Split('\n')
            .Select(line => line.Trim())
            .Where(IsError)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>Everything needed to understand a failed assertion.</summary>
    public override string ToString() =>
        $"$ {CommandLine}\n(exit {ExitCode}{(TimedOut ? ", timed out" : "")}, {Elapsed.TotalSeconds:F1} s)\n{Output}";

    /// <summary>
    /// MSBuild's canonical format: the first "warning|error [CODE]:" of a line is its category
    /// (a warning may quote clang's "error:" further on).
    /// </summary>
    private static bool IsError(string line)
    {
        var category = Regex.Match(line, @"(?:^|[\s:])(warning|error)(?: [A-Za-z]+[0-9]+)? ?:");
        return category.Success && category.Groups[1].Value == "error";
    }
}

/// <summary>Runs the .NET CLI as a real child process, bounded in time, its output captured.</summary>
public static class DotnetCli
{
    /// <summary>The host running these tests (so the same SDK builds the test projects).</summary>
    public static string HostPath { get; } = FindHost();

    public static ProcessResult Run(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        Run(workingDirectory, timeout, null, arguments);

    /// <summary>Runs <c>dotnet</c> with <paramref name="environment"/> added to (or replacing in) the prepared environment.</summary>
    public static ProcessResult Run(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Run(HostPath, workingDirectory, timeout, environment, arguments);

    /// <summary>Runs any program (an installed tool) the way <c>dotnet</c> is run: bounded, output captured.</summary>
    public static ProcessResult Run(string program, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        PrepareEnvironment(startInfo.Environment);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var output = new StringBuilder();
        var gate = new object();
        var stdoutClosed = new TaskCompletionSource();
        var stderrClosed = new TaskCompletionSource();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(e.Data, stdoutClosed);
        process.ErrorDataReceived += (_, e) => Append(e.Data, stderrClosed);

        var clock = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var timedOut = !process.WaitForExit((int)timeout.TotalMilliseconds);
        if (timedOut)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // it exited between the time-out and the kill
            }

            process.WaitForExit(10_000);
        }

        // A build server started by the command may inherit the pipes and hold them open after
        // the command itself is gone: wait for the end of the output only briefly.
        Task.WaitAll(new[] { stdoutClosed.Task, stderrClosed.Task }, TimeSpan.FromSeconds(10));
        clock.Stop();

        string text;
        lock (gate)
        {
            text = output.ToString();
        }

        var commandLine = Path.GetFileName(program) + " " + string.Join(" ", arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? "\"" + a + "\"" : a));
        return new ProcessResult(commandLine, timedOut ? -1 : process.ExitCode, text, timedOut, clock.Elapsed);

        void Append(string? line, TaskCompletionSource closed)
        {
            if (line is null)
            {
                closed.TrySetResult();
                return;
            }

            lock (gate)
            {
                output.AppendLine(line);
            }
        }
    }

    private static void PrepareEnvironment(IDictionary<string, string?> environment)
    {
        // `dotnet test` hands its own MSBuild settings (SDK paths, in-proc node switches...) to the
        // test host; a build started from here must find its SDK the way a user's build does.
        foreach (var key in environment.Keys.Where(k => k.Contains("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            environment.Remove(key);
        }

        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        environment["DOTNET_CLI_UI_LANGUAGE"] = "en-US";
        // no MSBuild worker nodes left running (and holding our pipes) after each command
        environment["MSBUILDDISABLENODEREUSE"] = "1";
    }

    private static string FindHost()
    {
        var fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli))
        {
            return fromCli;
        }

        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        return "dotnet";
    }
}
