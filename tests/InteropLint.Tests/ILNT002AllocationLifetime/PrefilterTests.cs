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
                static void Call() { for (var i = 0; i < 3; i++) demo_count("x"); }
            }
            """;
        Assert.True(await TreesBuilt(source, "PrefilterSome_" + Guid.NewGuid().ToString("N")) >= 2);
    }

    [Fact]
    public async Task APInvokeCallNoRuleChecks_BuildsNoOperationTree()
    {
        // ILNT004 checks string arguments in loops, ILNT010 delegate arguments: a call outside loops with no delegate is neither.
        const string source = """
            using System.Runtime.InteropServices;

            static class Library
            {
                [DllImport("demo")] static extern int demo_count(string name);
                [DllImport("demo")] static extern int demo_add(int a, int b);

                static int Call() => demo_count("x");
                static int Sum(int[] xs) { var total = 0; foreach (var x in xs) total += demo_add(total, x); return total; }
            }
            """;
        Assert.Equal(0, await TreesBuilt(source, "PrefilterCall_" + Guid.NewGuid().ToString("N")));
    }
}
