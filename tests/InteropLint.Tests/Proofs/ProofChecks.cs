using System.Text.RegularExpressions;
using InteropLint.Tests.EndToEnd;
using Xunit;

namespace InteropLint.Tests.Proofs;

/// <summary>Reading what a sample printed, and the build checks every proof makes.</summary>
internal static class ProofChecks
{
    /// <summary>The text after <c>LABEL: </c> on the first line that starts with <paramref name="label"/>.</summary>
    public static string Value(ProcessResult run, string label)
    {
        foreach (var line in run.Output.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.StartsWith(label + ": ", StringComparison.Ordinal))
            {
                return trimmed[(label.Length + 2)..];
            }
        }

        throw new Xunit.Sdk.XunitException($"the program printed no '{label}: ' line\n{run}");
    }

    /// <summary>The first integer of the value printed after <c>LABEL: </c>.</summary>
    public static long Number(ProcessResult run, string label)
    {
        var match = Regex.Match(Value(run, label), @"-?\d+");
        return match.Success ? long.Parse(match.Value, System.Globalization.CultureInfo.InvariantCulture)
            : throw new Xunit.Sdk.XunitException($"no number after '{label}: '\n{run}");
    }

    /// <summary>The build of the sample as written succeeds and reports every rule the proof applies.</summary>
    public static void AssertReportsEach(ProcessResult build, IEnumerable<string> ruleIds)
    {
        Assert.True(build.Succeeded, build.ToString());
        foreach (var id in ruleIds)
        {
            Assert.True(build.DiagnosticLines(id).Count > 0, $"the sample as written reports no {id}\n{build}");
        }
    }

    /// <summary>The rebuild after the fixes succeeds, without errors and without any finding of those rules.</summary>
    public static void AssertCleanOf(ProcessResult build, IEnumerable<string> ruleIds)
    {
        Assert.True(build.Succeeded, build.ToString());
        Assert.DoesNotContain(": error ", build.Output, StringComparison.Ordinal);
        foreach (var id in ruleIds)
        {
            Assert.True(build.DiagnosticLines(id).Count == 0, $"{id} still reported after the fix\n{build}");
        }
    }

    /// <summary>The process ended by itself within its time bound, with <paramref name="exitCode"/>.</summary>
    public static void AssertExit(ProcessResult run, int exitCode)
    {
        Assert.False(run.TimedOut, run.ToString());
        Assert.True(run.ExitCode == exitCode, $"expected exit code {exitCode}\n{run}");
    }
}
