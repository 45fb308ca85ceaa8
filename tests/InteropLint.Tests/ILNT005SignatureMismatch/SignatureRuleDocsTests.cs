using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace InteropLint.Tests.ILNT005SignatureMismatch;

/// <summary>Every signature rule ships a docs page at its help link, with the sections users look for.</summary>
public class SignatureRuleDocsTests
{
    public static TheoryData<DiagnosticAnalyzer> Analyzers => new()
    {
        new SignatureMismatchAnalyzer(), new EntryPointAnalyzer(), new BoolWidthAnalyzer(), new CharWidthAnalyzer(),
        new VariadicAnalyzer(), new EnumSizeAnalyzer(), new ConstantDriftAnalyzer(),
    };

    [Theory]
    [MemberData(nameof(Analyzers))]
    public void HelpLink_PointsAtAPageWithTheRequiredSections(DiagnosticAnalyzer analyzer)
    {
        foreach (var descriptor in analyzer.SupportedDiagnostics)
        {
            Assert.EndsWith("docs/rules/" + descriptor.Id + ".md", descriptor.HelpLinkUri);
            var page = File.ReadAllText(Path.Combine(NativeHeaders.RepositoryRoot, "docs", "rules", descriptor.Id + ".md"));
            Assert.StartsWith("# " + descriptor.Id + ": " + descriptor.Title, page);
            foreach (var section in new[] { "## What it finds", "## Why", "## Before / after", "## The fix", "## Options", "## Limitations" })
            {
                Assert.Contains(section, page);
            }

            var releases = File.ReadAllText(Path.Combine(NativeHeaders.RepositoryRoot, "src", "InteropLint.Analyzers", "AnalyzerReleases.Unshipped.md"));
            Assert.Contains(descriptor.Id + " | " + descriptor.Category + " | " + descriptor.DefaultSeverity + " | " + descriptor.Title, releases);
        }
    }
}
