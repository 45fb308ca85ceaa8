using System.Collections.Immutable;
using InteropLint.Analyzers;
using InteropLint.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace InteropLint.Tests.ILNT002AllocationLifetime;

/// <summary>Issue 19: ILNT002, ILNT004 and ILNT010 build no operation tree or graph where there is nothing to check.</summary>
public sealed class PrefilterTests
{
    private static async Task<int> TreesBuilt(string source, string name)
    {
        var compilation = AnalysisHarness.Compile(new[] { source }, name);
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new AllocationLifetimeAnalyzer(), new StringInLoopAnalyzer(), new CallbackLifetimeAnalyzer());
        var outcome = await AnalysisHarness.AnalyzeAsync(compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), analyzers);
        Assert.Empty(outcome.Exceptions);
        return WorkCounters.OperationTrees(name);
    }

    [Fact]
    public async Task MethodsWithoutAllocationOrPInvokeCalls_BuildNoOperationTree()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Runtime.InteropServices;

            static class Library
            {
                [DllImport("demo")] static extern int demo_count(string name);

                static int Sum(IEnumerable<int> xs) => xs.Where(x => x > 0).Sum();
                static string Join(string[] parts) { var list = new List<string>(); foreach (var p in parts) list.Add(p.Trim()); return string.Join(",", list); }
                static void Loop() { for (var i = 0; i < 10; i++) Console.WriteLine(i); }
            }
            """;
        Assert.Equal(0, await TreesBuilt(source, "PrefilterNothing_" + Guid.NewGuid().ToString("N")));
    }

    [Fact]
    public async Task AnAllocationAndAPInvokeCall_EachBuildTheirs()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            static class Library
            {
                [DllImport("demo")] static extern int demo_count(string name);

                static void Alloc() { var p = Marshal.AllocHGlobal(8); Marshal.FreeHGlobal(p); }
                static int Call() => demo_count("x");
            }
            """;
        Assert.True(await TreesBuilt(source, "PrefilterSome_" + Guid.NewGuid().ToString("N")) >= 2);
    }
}
