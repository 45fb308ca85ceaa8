using InteropLint.Tests.EndToEnd;
using System.Globalization;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.Proofs;

/// <summary>
/// samples/Sqlite against the system libsqlite3: borrowed `const char*` returned as `string`
/// (ILNT007), a constant string marshalled on every loop iteration (ILNT004), a busy-handler
/// delegate left to the garbage collector (ILNT010). Each step of the program runs in a process
/// of its own, so one step's abort does not hide the others.
/// </summary>
[Collection(SampleProofCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class SqliteProof
{
    /// <summary>The rules the sample's README names, all of them applied by `dotnet format`.</summary>
    private static readonly string[] Rules = { "ILNT004", "ILNT007", "ILNT010" };

    /// <summary>Chosen here, passed on the command line: not the program's default.</summary>
    private const int RowCount = 1500;

    private const int SigAbrtExitCode = 134; // 128 + SIGABRT: glibc's free() check, or the runtime's fail-fast
    private const int SqliteBusy = 5;        // sqlite3.h: SQLITE_BUSY
    private const int SqliteError = 1;       // sqlite3.h: SQLITE_ERROR

    private readonly ITestOutputHelper _output;

    public SqliteProof(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Sqlite_AsWritten_EachStepAborts_AfterFormat_FixedStepsGiveTheRightRows()
    {
        var rows = RowCount.ToString(CultureInfo.InvariantCulture);
        using var sample = E2EProject.CopyOfSample("Sqlite", _output);

        ProofChecks.AssertReportsEach(sample.Build(), Rules);

        // ILNT007: the marshaller frees the column text and the error message SQLite still owns.
        var brokenRows = sample.Run("rows", rows);
        ProofChecks.AssertExit(brokenRows, SigAbrtExitCode);
        Assert.Contains("free(): invalid pointer", brokenRows.Output, StringComparison.Ordinal);
        // The insert loop (ILNT004's) works as written, only slowly: every row has its category.
        Assert.Equal(RowCount, ProofChecks.Number(brokenRows, "rows in category widgets"));

        var brokenErrmsg = sample.Run("errmsg");
        ProofChecks.AssertExit(brokenErrmsg, SigAbrtExitCode);
        Assert.Contains("free(): invalid pointer", brokenErrmsg.Output, StringComparison.Ordinal);

        // ILNT010: SQLite calls the busy handler after its delegate was collected.
        var brokenBusy = sample.Run("busy");
        ProofChecks.AssertExit(brokenBusy, SigAbrtExitCode);
        Assert.Contains("A callback was made on a garbage collected delegate", brokenBusy.Output, StringComparison.Ordinal);

        var format = sample.Format(Rules);
        Assert.True(format.Succeeded, format.ToString());
        ProofChecks.AssertCleanOf(sample.Build(), Rules);

        // ILNT004's fix (the category encoded once, before the loop) stores the same category in every
        // row; ILNT007's (pointer returns read with PtrToStringUTF8) reads every name back.
        var fixedRows = sample.Run("rows", rows);
        ProofChecks.AssertExit(fixedRows, 0);
        Assert.Equal(RowCount, ProofChecks.Number(fixedRows, "rows in category widgets"));
        Assert.Equal($"{RowCount} (expected {RowCount}, names matching {RowCount})", ProofChecks.Value(fixedRows, "rows read back"));

        var fixedErrmsg = sample.Run("errmsg");
        ProofChecks.AssertExit(fixedErrmsg, 0);
        const string message = "\"no such table: no_such_table\"";
        Assert.Equal($"rc={SqliteError}, {message} then {message}", ProofChecks.Value(fixedErrmsg, "errmsg"));

        // ILNT010's fix keeps the delegate alive. The handler says "retry" for attempts 0..4 and
        // "give up" at 5 (the program's maxAttempts): six calls, then SQLITE_BUSY.
        var fixedBusy = sample.Run("busy");
        ProofChecks.AssertExit(fixedBusy, 0);
        Assert.Equal($"rc={SqliteBusy}, busy handler called 6 times", ProofChecks.Value(fixedBusy, "busy"));
    }
}
