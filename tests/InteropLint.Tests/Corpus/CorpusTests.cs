using Xunit;

namespace InteropLint.Tests.Corpus;

/// <summary>
/// Each binding of the idioms corpus gets exactly the findings its <c>// expect:</c> comments name
/// (none for a correct binding), with the expected words in each message.
/// </summary>
public class CorpusTests
{
    public static TheoryData<string> Files => new(CorpusHarness.BindingFiles());

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Binding_GetsExactlyTheExpectedFindings(string file)
    {
        var outcome = await CorpusHarness.RunAsync(file);
        var differences = CorpusHarness.Differences(outcome);
        Assert.True(differences.IsEmpty, file + ":\n" + string.Join("\n", differences));
    }

    [Fact]
    public void Corpus_HasCorrectAndPlantedBindings()
    {
        var files = CorpusHarness.BindingFiles();
        Assert.Contains(files, f => f.EndsWith(".Planted.cs", StringComparison.Ordinal));
        Assert.Contains(files, f => !f.EndsWith(".Planted.cs", StringComparison.Ordinal));
    }
}
