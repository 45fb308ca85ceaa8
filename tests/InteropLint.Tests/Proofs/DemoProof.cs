using InteropLint.Tests.EndToEnd;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.Proofs;

/// <summary>
/// samples/Demo against libinteropdemo (native/, built by the sample's build): a leaked
/// caller-owned string, a drifted struct, a C bool, C long and size_t. Each line the program
/// prints is compared with a value this test computes from the header's documented behaviour
/// (native/include/interopdemo.h), not with what the program thinks is right.
/// </summary>
[Collection(SampleProofCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class DemoProof
{
    /// <summary>The rules the sample's README names, all of them applied by `dotnet format`.</summary>
    private static readonly string[] Rules = { "ILNT001", "ILNT002", "ILNT003", "ILNT008" };

    private readonly ITestOutputHelper _output;

    public DemoProof(ITestOutputHelper output) => _output = output;

    /// <summary>A line the program prints, the rule whose fix makes it right, its right value, and
    /// the value the bug predicts on linux-x64 with the bindings as written.</summary>
    private sealed record Line(string Label, string Rule, long Right, long PredictedBroken);

    [Fact]
    public void Demo_AsWritten_LeaksMisreadsAndTruncates_AfterFormat_EveryFixedLineIsRight()
    {
        var lines = ExpectedLines();
        using var sample = E2EProject.CopyOfSample("Demo", _output);

        ProofChecks.AssertReportsEach(sample.Build(), Rules);
        var broken = sample.Run();
        ProofChecks.AssertExit(broken, 1);
        foreach (var line in lines)
        {
            var actual = ProofChecks.Number(broken, line.Label);
            Assert.True(line.PredictedBroken == actual, $"{line.Label}: {actual}, predicted {line.PredictedBroken} before the {line.Rule} fix\n{broken}");
        }

        var format = sample.Format(Rules);
        Assert.True(format.Succeeded, format.ToString());
        ProofChecks.AssertCleanOf(sample.Build(), Rules);

        var fixedRun = sample.Run();
        ProofChecks.AssertExit(fixedRun, 0);
        foreach (var line in lines)
        {
            var actual = ProofChecks.Number(fixedRun, line.Label);
            Assert.True(line.Right == actual, $"{line.Label}: {actual} after the {line.Rule} fix, expected {line.Right}\n{fixedRun}");
        }
    }

    private static List<Line> ExpectedLines()
    {
        // demo_record on LP64: char tag @0, double value @8, int id @16, long count @24,
        // size_t length @32, bool active @40 -> 48 bytes. The C# struct as written: byte @0,
        // double @8, int Id @16, int Count @20, uint Length @24, bool (4-byte BOOL) @28 -> 32 bytes.
        var lines = new List<Line> { new("demo_record size (C vs C#)", "ILNT003", 48, 32) };

        // demo_record_table: ids 1..3, count (1<<33)+id, length 42*id, in zeroed static storage.
        // Read at the C# offsets with a 32-byte stride: record 0's Id is right by luck, its Length is
        // the low half of its count and its Count is padding; records 1 and 2 start at bytes 32 and 64,
        // inside C's record 0 and 1, so their Id is record 1's tag 'B' and record 1's length, and
        // their Count and Length fall on padding, the low half of 1.0 and a false bool: all zero.
        long[][] predicted = { new[] { 1L, 1, 0 }, new[] { 'B', 0L, 0 }, new[] { 42 * 2, 0L, 0 } };
        for (var i = 0; i < 3; i++)
        {
            long id = i + 1;
            lines.Add(new($"record[{i}].id", "ILNT003", id, predicted[i][0]));
            lines.Add(new($"record[{i}].length", "ILNT003", 42 * id, predicted[i][1]));
            lines.Add(new($"record[{i}].count", "ILNT003", (1L << 33) + id, predicted[i][2]));
        }

        // demo_is_even returns a 1-byte C bool; read as a 4-byte BOOL every number is "even".
        lines.Add(new("even numbers in 1..10", "ILNT008", 5, 10));

        // long demo_add_long(long, long): the 64-bit sum, truncated to int by the binding.
        const long sum = (long)int.MaxValue + 1;
        lines.Add(new("demo_add_long(2147483647, 1)", "ILNT001", sum, unchecked((int)sum)));

        // unsigned long demo_checksum(data, len) = sum of data[i] * (i + 1), over the 64 KiB the
        // program passes (data[i] = (byte)(i * 31 + 7)); the binding keeps the low 32 bits.
        ulong checksum = 0;
        for (var i = 0; i < 64 * 1024; i++)
        {
            checksum += (byte)(i * 31 + 7) * (ulong)(i + 1);
        }

        lines.Add(new("demo_checksum(64 KiB)", "ILNT001", (long)checksum, (uint)checksum));

        // three demo_strdup_upper results, none given back to demo_string_free
        lines.Add(new("live allocations", "ILNT002", 0, 3));
        return lines;
    }
}
