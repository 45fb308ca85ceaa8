using Xunit;

namespace InteropLint.Tests.Proofs;

/// <summary>
/// The sample proofs build and run real programs (several `dotnet build` and `dotnet format` each),
/// as heavy as the end-to-end tests: this collection runs alone, after every parallel collection,
/// so it never competes with the EndToEnd collection for the cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SampleProofCollection
{
    public const string Name = "SampleProofs";
}
