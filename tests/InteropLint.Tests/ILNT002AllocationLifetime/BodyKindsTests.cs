using InteropLint.Analyzers;
using InteropLint.CodeFixes;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.AllocationLifetimeAnalyzer, InteropLint.CodeFixes.AllocationLifetimeCodeFixProvider>;

namespace InteropLint.Tests.ILNT002AllocationLifetime;

/// <summary>ILNT002 follows every kind of body C# has, each on its own; members without code are skipped.</summary>
public sealed class BodyKindsTests
{
    [Fact]
    public async Task LeaksInEveryKindOfBody_AreReported()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                C() { var p = {|ILNT002:Marshal.AllocHGlobal(8)|}; Marshal.WriteByte(p, 1); }
                ~C() { var p = {|ILNT002:Marshal.AllocHGlobal(8)|}; Marshal.WriteByte(p, 1); }
                int Property { get { var p = {|ILNT002:Marshal.AllocHGlobal(8)|}; Marshal.WriteByte(p, 1); return 0; } set { var p = {|ILNT002:Marshal.AllocHGlobal(8)|}; Marshal.WriteByte(p, 1); } }
                public static C operator +(C a, C b) { var p = {|ILNT002:Marshal.AllocHGlobal(8)|}; Marshal.WriteByte(p, 1); return a; }
                public static explicit operator int(C c) { var p = {|ILNT002:Marshal.AllocHGlobal(8)|}; Marshal.WriteByte(p, 1); return 0; }
                event EventHandler Changed { add { var p = {|ILNT002:Marshal.AllocHGlobal(8)|}; Marshal.WriteByte(p, 1); } remove { } }

                void M()
                {
                    void Local() { var p = {|ILNT002:Marshal.AllocHGlobal(8)|}; Marshal.WriteByte(p, 1); }
                    Action lambda = () => { var p = {|ILNT002:Marshal.AllocHGlobal(8)|}; Marshal.WriteByte(p, 1); };
                    Action<int> simple = n => { var p = {|ILNT002:Marshal.AllocHGlobal(n)|}; Marshal.WriteByte(p, 1); };
                    Action anonymous = delegate { var p = {|ILNT002:Marshal.AllocHGlobal(8)|}; Marshal.WriteByte(p, 1); };
                    Local();
                }

                static void Use(IntPtr p) { }

                [DllImport("demo")]
                static extern IntPtr demo_alloc(int n);

                abstract class Base { public abstract void Abstract(); }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, null);
    }

    [Fact]
    public async Task LeakInTopLevelStatements_IsReported()
    {
        var test = new InteropTest<AllocationLifetimeAnalyzer, AllocationLifetimeCodeFixProvider>(TestFramework.Net80)
        {
            TestCode = """
                using System;
                using System.Runtime.InteropServices;

                var p = {|ILNT002:Marshal.AllocHGlobal(16)|};
                Marshal.WriteByte(p, 1);
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync();
    }
}
