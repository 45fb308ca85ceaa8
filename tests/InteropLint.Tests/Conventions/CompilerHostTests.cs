using System.Collections.Immutable;
using System.Reflection;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace InteropLint.Tests.Conventions;

/// <summary>
/// The analyzers as a compiler host loads them: csc and the IDE read the analyzers assembly through
/// <see cref="AnalyzerFileReference"/>, which instantiates each class carrying <see cref="DiagnosticAnalyzerAttribute"/>.
/// The per-P/Invoke signature rules run there once, through PInvokeSignatureAnalyzer (issue 19); their own analyzer
/// classes (which the rule tests run alone) must not load a second time, or every finding would be reported twice.
/// </summary>
public sealed class CompilerHostTests
{
    private static readonly string[] SignatureRules = { "ILNT001", "ILNT005", "ILNT006", "ILNT007", "ILNT008", "ILNT009", "ILNT011", "ILNT012" };

    [Fact]
    public void EveryRuleIsSupportedByExactlyOneLoadedAnalyzer()
    {
        var analyzers = LoadAsTheCompilerDoes();
        var owners = analyzers
            .SelectMany(a => a.SupportedDiagnostics.Select(d => d.Id).Distinct().Select(id => (id, analyzer: a.GetType().Name)))
            .GroupBy(pair => pair.id)
            .ToDictionary(g => g.Key, g => g.Select(pair => pair.analyzer).ToList());

        foreach (var rule in SignatureRules)
        {
            Assert.True(owners.ContainsKey(rule), rule + " is loaded by no analyzer");
        }

        var twice = owners.Where(o => o.Value.Count > 1).Select(o => o.Key + ": " + string.Join(", ", o.Value)).ToList();
        Assert.True(twice.Count == 0, "loaded twice: " + string.Join("; ", twice));
    }

    [Fact]
    public async Task ZlibBindings_EachFindingIsReportedOnce()
    {
        // crc32 takes and returns uLong (ILNT001 on the return and on crc); crc33 is declared by no header (ILNT006).
        const string source = """
            using System.Runtime.InteropServices;
            unsafe static class Z
            {
                [DllImport("z")] public static extern uint crc32(uint crc, byte* buf, uint len);
                [DllImport("z")] public static extern int crc33(int crc);
            }
            """;
        var diagnostics = await AnalyzerRunner.RunAsync(LoadAsTheCompilerDoes(), source, RealHeaders.Zlib);

        Assert.Equal(2, diagnostics.Count(d => d.Id == "ILNT001"));
        Assert.Single(diagnostics, d => d.Id == "ILNT006");
        var repeated = diagnostics.GroupBy(d => (d.Id, d.Location.SourceSpan, d.GetMessage())).Where(g => g.Count() > 1).Select(g => g.Key.Id).ToList();
        Assert.Empty(repeated);
    }

    private static ImmutableArray<DiagnosticAnalyzer> LoadAsTheCompilerDoes()
    {
        var path = typeof(InteropLint.Analyzers.StructLayoutAnalyzer).Assembly.Location;
        var reference = new AnalyzerFileReference(path, new DefaultContextLoader());
        var analyzers = reference.GetAnalyzers(LanguageNames.CSharp);
        Assert.NotEmpty(analyzers);
        return analyzers;
    }

    /// <summary>Loads into the test's own context: the assembly is already loaded there, so its types are the test's types.</summary>
    private sealed class DefaultContextLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
