using System.Xml.Linq;
using InteropLint.Tests.Infrastructure;
using Xunit;

namespace InteropLint.Tests.Conventions;

/// <summary>
/// The layers of docs/architecture.md, read from the project files: Clang → Scanner → Manifest → Analyzers →
/// CodeFixes, each project referencing only the layers below it. A reference against the direction (the analyzers
/// reaching for libclang, the scanner shipping Roslyn) is caught here, not in a package someone installs.
/// </summary>
public sealed class ProjectReferenceTests
{
    /// <summary>What each project may reference, directly or through another project; null: anything (the tool, the package).</summary>
    private static readonly Dictionary<string, string[]?> Allowed = new(StringComparer.Ordinal)
    {
        ["InteropLint.Manifest"] = [],
        ["InteropLint.Clang"] = [],
        ["InteropLint.Scanner"] = ["InteropLint.Clang", "InteropLint.Manifest"],
        // the scanner's own sources compiled ahead of time (NativeAOT): the same layer
        ["InteropLint.Scanner.Native"] = ["InteropLint.Clang", "InteropLint.Manifest"],
        ["InteropLint.Analyzers"] = ["InteropLint.Manifest"],
        ["InteropLint.CodeFixes"] = ["InteropLint.Analyzers", "InteropLint.Manifest"],
        ["InteropLint.Tool"] = null,
        ["InteropLint.Package"] = null,
    };

    /// <summary>Projects that run outside the compiler and must not carry Roslyn (the scanner the build starts).</summary>
    private static readonly string[] WithoutRoslyn = ["InteropLint.Manifest", "InteropLint.Clang", "InteropLint.Scanner", "InteropLint.Scanner.Native"];

    private static readonly Dictionary<string, XDocument> Projects = LoadProjects();

    [Fact]
    public void EverySourceProject_HasItsPlaceInTheLayers()
    {
        Assert.NotEmpty(Projects);
        foreach (var name in Projects.Keys)
        {
            Assert.True(Allowed.ContainsKey(name), name + " is not in the layer table of ProjectReferenceTests (and docs/architecture.md): say what it may reference");
        }
    }

    [Theory]
    [InlineData("InteropLint.Manifest")]
    [InlineData("InteropLint.Clang")]
    [InlineData("InteropLint.Scanner")]
    [InlineData("InteropLint.Scanner.Native")]
    [InlineData("InteropLint.Analyzers")]
    [InlineData("InteropLint.CodeFixes")]
    public void Project_ReferencesOnlyTheLayersBelowIt(string project)
    {
        Assert.True(Projects.ContainsKey(project), project + " not found under src/");
        var allowed = Allowed[project]!;
        var reached = Reachable(project);
        var forbidden = reached.Where(r => !allowed.Contains(r, StringComparer.Ordinal)).ToList();
        Assert.True(forbidden.Count == 0, project + " references " + string.Join(", ", forbidden) + " (allowed: " + (allowed.Length == 0 ? "nothing of ours" : string.Join(", ", allowed)) + ")");
    }

    [Theory]
    [InlineData("InteropLint.Manifest")]
    [InlineData("InteropLint.Clang")]
    [InlineData("InteropLint.Scanner")]
    [InlineData("InteropLint.Scanner.Native")]
    public void Project_CarriesNoRoslyn(string project)
    {
        Assert.Contains(project, WithoutRoslyn);
        var roslyn = new[] { project }.Concat(Reachable(project))
            .SelectMany(p => Items(p, "PackageReference"))
            .Where(package => package.StartsWith("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.True(roslyn.Count == 0, project + " references Roslyn: " + string.Join(", ", roslyn));
    }

    /// <summary>The projects <paramref name="project"/> references, directly or through others.</summary>
    private static SortedSet<string> Reachable(string project)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(Items(project, "ProjectReference").Select(ProjectName));
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (seen.Add(next) && Projects.ContainsKey(next))
            {
                foreach (var reference in Items(next, "ProjectReference"))
                {
                    pending.Push(ProjectName(reference));
                }
            }
        }

        return seen;
    }

    private static IEnumerable<string> Items(string project, string itemName) =>
        Projects[project].Descendants(itemName).Select(e => (string?)e.Attribute("Include")).OfType<string>();

    private static string ProjectName(string include) => Path.GetFileNameWithoutExtension(include.Replace('\\', '/'));

    private static Dictionary<string, XDocument> LoadProjects() =>
        Directory.GetFiles(Path.Combine(NativeHeaders.RepositoryRoot, "src"), "*.csproj", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetFileNameWithoutExtension(path), path => XDocument.Load(path), StringComparer.Ordinal);
}
