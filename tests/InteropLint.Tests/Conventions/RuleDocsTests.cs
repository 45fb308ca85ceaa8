using System.Reflection;
using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using InteropLint.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace InteropLint.Tests.Conventions;

/// <summary>
/// Every diagnostic the analyzer assembly can report, found by reflection (the descriptors it declares and the
/// ones its analyzers support), has what a user follows from a warning: a help link to its docs page, the page,
/// a row in the release tracking files and a row in README's rules table. A rule added later is checked
/// without anyone listing it here.
/// </summary>
public sealed class RuleDocsTests
{
    private static readonly string Root = NativeHeaders.RepositoryRoot;

    public static TheoryData<string> DiagnosticIds
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var id in AllDescriptors().Keys)
            {
                data.Add(id);
            }

            return data;
        }
    }

    [Fact]
    public void Catalog_FindsEveryAnalyzerAndRule()
    {
        // A floor, not the count: catches a catalog that silently finds nothing. The per-P/Invoke signature rules
        // (ILNT001, 005-009, 011, 012) load as one analyzer, PInvokeSignatureAnalyzer.
        Assert.True(RuleCatalog.Analyzers.Length >= 7, "analyzers found: " + RuleCatalog.Analyzers.Length);
        Assert.True(AllDescriptors().Count >= 17, "descriptors found: " + AllDescriptors().Count);
    }

    [Fact]
    public void EveryDeclaredDescriptor_IsReportedBySomeAnalyzerOrTheBuildTargets()
    {
        var supported = RuleCatalog.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var targets = string.Concat(Directory.GetFiles(Path.Combine(Root, "src", "InteropLint.Package"), "*.targets", SearchOption.AllDirectories).Select(File.ReadAllText));
        foreach (var id in DeclaredDescriptors().Select(d => d.Id))
        {
            Assert.True(supported.Contains(id) || targets.Contains("Code=\"" + id + "\"", StringComparison.Ordinal), id + " is declared but neither an analyzer nor the build targets report it");
        }
    }

    [Fact]
    public void EveryRulePage_BelongsToADiagnostic()
    {
        var ids = AllDescriptors().Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var page in Directory.GetFiles(Path.Combine(Root, "docs", "rules"), "*.md"))
        {
            Assert.True(ids.Contains(Path.GetFileNameWithoutExtension(page)), Path.GetFileName(page) + " documents no diagnostic the analyzers report");
        }
    }

    [Theory]
    [MemberData(nameof(DiagnosticIds))]
    public void Diagnostic_HasHelpLinkPageReleaseRowAndReadmeRow(string id)
    {
        var descriptor = AllDescriptors()[id];

        Assert.EndsWith("docs/rules/" + id + ".md", descriptor.HelpLinkUri);
        var pagePath = Path.Combine(Root, "docs", "rules", id + ".md");
        Assert.True(File.Exists(pagePath), "no page at the help link: docs/rules/" + id + ".md");
        var page = File.ReadAllText(pagePath);
        Assert.StartsWith("# " + id + ": " + descriptor.Title, page);

        var releases = File.ReadAllText(Path.Combine(Root, "src", "InteropLint.Analyzers", "AnalyzerReleases.Shipped.md"))
            + File.ReadAllText(Path.Combine(Root, "src", "InteropLint.Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains(id + " | " + descriptor.Category + " | " + descriptor.DefaultSeverity + " | " + descriptor.Title, releases);

        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        Assert.Contains("| [" + id + "](docs/rules/" + id + ".md) |", readme);
    }

    [Theory]
    [MemberData(nameof(DiagnosticIds))]
    public void RulePage_HasTheSectionsUsersLookFor(string id)
    {
        if (AllDescriptors()[id].Category == "InteropLint")
        {
            return; // tool diagnostics (ILNT9xx) say what happened and what to do; they have no fix to show
        }

        var page = File.ReadAllText(Path.Combine(Root, "docs", "rules", id + ".md"));
        foreach (var section in new[] { "## What it finds", "## Why", "## Options", "## Limitations" })
        {
            Assert.Contains(section, page);
        }

        if (RuleCatalog.FixableIds.Contains(id))
        {
            Assert.Contains("## The fix", page);
        }
    }

    /// <summary>Every descriptor by id: those the analyzer assembly declares and those its analyzers support.</summary>
    private static Dictionary<string, DiagnosticDescriptor> AllDescriptors()
    {
        var all = new Dictionary<string, DiagnosticDescriptor>(StringComparer.Ordinal);
        foreach (var descriptor in DeclaredDescriptors().Concat(RuleCatalog.Analyzers.SelectMany(a => a.SupportedDiagnostics)))
        {
            all.TryAdd(descriptor.Id, descriptor);
        }

        return all;
    }

    /// <summary>The static <see cref="DiagnosticDescriptor"/> fields and properties of every type in the analyzer assembly.</summary>
    private static IEnumerable<DiagnosticDescriptor> DeclaredDescriptors()
    {
        const BindingFlags Static = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        foreach (var type in typeof(RuleIdentifiers).Assembly.GetTypes())
        {
            if (type.ContainsGenericParameters)
            {
                continue;
            }

            foreach (var field in type.GetFields(Static).Where(f => f.FieldType == typeof(DiagnosticDescriptor)))
            {
                if (field.GetValue(null) is DiagnosticDescriptor descriptor)
                {
                    yield return descriptor;
                }
            }

            foreach (var property in type.GetProperties(Static).Where(p => p.PropertyType == typeof(DiagnosticDescriptor) && p.GetIndexParameters().Length == 0))
            {
                if (property.GetValue(null) is DiagnosticDescriptor descriptor)
                {
                    yield return descriptor;
                }
            }
        }
    }
}
