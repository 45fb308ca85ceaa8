using InteropLint.Tests.Infrastructure;
using Xunit;

namespace InteropLint.Tests.ILNT005SignatureMismatch;

/// <summary>
/// The signature rules split the work (ILNT001 widths, ILNT005 kinds, ILNT008 bool, ILNT009 characters, ILNT012 enums):
/// each classic bug gets exactly one diagnostic, and partial code makes none of them throw.
/// </summary>
[Trait(Tier.Name, Tier.RealHeader)]
public class RuleBoundaryTests
{
    [Theory]
    [InlineData("public static extern int demo_add_long(int a, long b);", "ILNT001")]
    [InlineData("public static extern long demo_checksum(byte[] data, uint len);", "ILNT001")]
    [InlineData("public static extern double demo_scale(double x, double factor);", "ILNT005")]
    [InlineData("public static extern int demo_point_manhattan(ref DemoPoint p);", "ILNT005")]
    [InlineData("public static extern bool demo_is_even(int value);", "ILNT008")]
    [InlineData("[return: MarshalAs(UnmanagedType.U1)] public static extern int demo_is_even(int value);", "ILNT008")]
    [InlineData("public static extern nuint demo_wcslen([MarshalAs(UnmanagedType.LPWStr)] string s);", "ILNT009")]
    [InlineData("public static extern int demo_format(byte[] buf, nuint size, string fmt, int value);", "ILNT011")]
    [InlineData("public static extern DemoFlags demo_next_flags(DemoFlags f);", "ILNT006")]
    [InlineData("public static extern DemoColor demo_next_color(ByteColor c);", "ILNT012")]
    public async Task EachBug_IsReportedByExactlyOneRule(string declaration, string expected)
    {
        var source = """
            using System;
            using System.Runtime.InteropServices;
            public struct DemoPoint { public int X; public int Y; }
            public enum DemoColor { Red, Green, Blue }
            public enum ByteColor : byte { Red, Green, Blue }
            public enum DemoFlags : ulong { None }
            static class Demo
            {
                [DllImport("interopdemo")]
            """ + "\n    " + declaration + "\n}\n";
        var diagnostics = await SignatureRules.RunAllAsync(source, RealHeaders.InteropDemo);
        Assert.Equal(new[] { expected }, diagnostics.Select(d => d.Id).Distinct().ToArray());
    }

    [Fact]
    public async Task PartialCode_NoRuleThrows()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("interopdemo")] public static extern Missing demo_scale(Unknown x, float);
                [DllImport("interopdemo", EntryPoint = )] public static extern int demo_emit(string);
                [DllImport] public static extern int demo_visit(int[] items, nuint n, NotADelegate fn, IntPtr user);
                [DllImport("interopdemo")] public static extern int demo_split(string s, ref string[] parts, int extra, __arglist);
                public const int DEMO_MAX_NAME = Missing.Value;
                public enum DemoColor { Red = Nope, Green, Blue }
            }
            """;
        // AnalyzerRunner throws when an analyzer reports AD0001 (it threw).
        _ = await SignatureRules.RunAllAsync(source, RealHeaders.InteropDemo);
    }
}
