using System.Collections.Immutable;
using System.Text;
using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace InteropLint.Tests.Ownership;

/// <summary>
/// The ownership rules on the repository's samples, as written (samples/Sqlite, samples/Demo), against the real
/// headers they call: each sample's known bug is reported where it is, and nothing else of these rules fires.
/// </summary>
[Trait(Tier.Name, Tier.RealHeader)]
public sealed class OwnershipSamplesTests
{
    [Fact]
    public async Task SqliteSample_BorrowedStringsAndCollectedBusyHandler_AreReported()
    {
        var diagnostics = await AnalyzeSampleAsync("samples/Sqlite", OwnershipManifests.Scan("/usr/include/sqlite3.h", "--library", "sqlite3"));
        Assert.Equal(
            new[]
            {
                "ILNT007 SqliteNative.cs sqlite3_column_text",
                "ILNT007 SqliteNative.cs sqlite3_errmsg",
                "ILNT010 Program.cs sqlite3_busy_handler",
            },
            diagnostics);
    }

    [Fact]
    public async Task DemoSample_LeakedOwnedString_IsReported()
    {
        var diagnostics = await AnalyzeSampleAsync("samples/Demo", OwnershipManifests.Scan("native/include/interopdemo.h", "--library", "interopdemo"));
        Assert.Equal(new[] { "ILNT002 Program.cs demo_strdup_upper" }, diagnostics);
    }

    /// <summary>"ID file name-of-the-C-function-in-the-message" for each ILNT002/007/010 finding, sorted.</summary>
    private static async Task<string[]> AnalyzeSampleAsync(string folder, string manifest)
    {
        var directory = Path.Combine(NativeHeaders.RepositoryRoot, folder);
        var trees = Directory.GetFiles(directory, "*.cs")
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Latest), f))
            .ToList();
        var compilation = CSharpCompilation.Create(
            "sample",
            trees,
            Basic.Reference.Assemblies.Net80.References.All,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new AllocationLifetimeAnalyzer(), new BorrowedStringAnalyzer(), new CallbackLifetimeAnalyzer());
        var options = new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(new ManifestText("obj/native.interoplint.json", manifest)));
        var results = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
        return results
            .Select(d => d.Id + " " + Path.GetFileName(d.Location.SourceTree!.FilePath) + " " + FirstCName(d.GetMessage()))
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToArray();
    }

    private static string FirstCName(string message)
    {
        foreach (var part in message.Split('\''))
        {
            if (part.StartsWith("sqlite3_", StringComparison.Ordinal) || part.StartsWith("demo_", StringComparison.Ordinal))
            {
                return part;
            }
        }

        return message;
    }

    private sealed class ManifestText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text, Encoding.UTF8);
    }
}
