namespace InteropLint.Tests.Infrastructure;

/// <summary>
/// The test tiers, as an xunit trait, so a tier runs apart (README "Run the tests", docs/architecture.md):
/// <c>--filter Tier=EndToEnd</c>, <c>--filter Tier=RealHeader</c>, and everything else, the unit tier,
/// with <c>--filter "Tier!=EndToEnd&amp;Tier!=RealHeader"</c>. A class without the trait is a unit test.
/// </summary>
public static class Tier
{
    public const string Name = "Tier";

    /// <summary>Real system headers (/usr/include, native/include, the foreign targets' system headers) scanned and checked.</summary>
    public const string RealHeader = "RealHeader";

    /// <summary>The package packed and consumed by real <c>dotnet build</c>/<c>format</c>, and samples run against native code.</summary>
    public const string EndToEnd = "EndToEnd";
}
