using Xunit;

namespace InteropLint.Tests.Sweep;

/// <summary>
/// Whether the sweep runs in this test run: always when <see cref="InDefaultSuite"/>, otherwise only when
/// <c>INTEROPLINT_SWEEP</c> asks for it (<c>default</c>: the default sets, <c>full</c>: all twelve).
/// </summary>
public static class SweepGate
{
    /// <summary>Whether <c>dotnet test</c> without the variable runs the sweep's default sets (see Sweep/README.md).</summary>
    public const bool InDefaultSuite = true;

    public static string? SkipReason =>
        InDefaultSuite || Environment.GetEnvironmentVariable(SweepHeaderSet.FullSweepVariable) is { Length: > 0 }
            ? null
            : "the real-header sweep runs when " + SweepHeaderSet.FullSweepVariable + "=default or =full (tests/InteropLint.Tests/Sweep/README.md)";
}

/// <summary>A sweep fact: skipped unless <see cref="SweepGate"/> lets the sweep run.</summary>
public sealed class SweepFactAttribute : FactAttribute
{
    public SweepFactAttribute() => Skip = SweepGate.SkipReason;
}

/// <summary>A sweep theory: skipped unless <see cref="SweepGate"/> lets the sweep run.</summary>
public sealed class SweepTheoryAttribute : TheoryAttribute
{
    public SweepTheoryAttribute() => Skip = SweepGate.SkipReason;
}
