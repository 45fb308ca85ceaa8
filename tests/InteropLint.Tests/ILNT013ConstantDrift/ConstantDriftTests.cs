using InteropLint.Analyzers;
using InteropLint.Manifest;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.ConstantDriftAnalyzer, InteropLint.CodeFixes.ConstantDriftCodeFixProvider>;

namespace InteropLint.Tests.ILNT013ConstantDrift;

public class ConstantDriftTests
{
    private static readonly string Manifest = new TestManifest(library: "demo")
        .Constant("Z_BEST_COMPRESSION", 9)
        .Constant("Z_NO_FLUSH", 0)
        .Constant("DEMO_ERROR_INVALID", -22, "(-22)")
        .Constant("DEMO_BIG", 0x100000000)
        .Constant("DEMO_ALL", 0xFFFFFFFF)
        .Constant("DEMO_PATH_SEP", t => AbiTargets.IsWindows(t) ? 92 : 47)
        .Enum("demo_color", C.Int, ("DEMO_RED", 0), ("DEMO_GREEN", 1), ("DEMO_BLUE", 2))
        .Json();

    [Fact]
    public Task DefineWithOtherValue_FixUsesHeaderValue()
    {
        const string source = """
            static class ZConst
            {
                public const int Z_BEST_COMPRESSION = {|#0:10|};
                public const int Z_NO_FLUSH = 0;
            }
            """;
        const string fixedSource = """
            static class ZConst
            {
                public const int Z_BEST_COMPRESSION = 9;
                public const int Z_NO_FLUSH = 0;
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT013ConstantDrift).WithLocation(0).WithArguments(
                "constant 'Z_BEST_COMPRESSION' is 10 but the header's #define Z_BEST_COMPRESSION (demo.h:10) is 9; use 9"));
    }

    [Fact]
    public Task EnumMatchedToCEnum_PrefixStrippedMembers_GetHeaderValues()
    {
        const string source = """
            public enum DemoColor { Red, {|#0:Blue|}, {|#1:Green|} }
            """;
        const string fixedSource = """
            public enum DemoColor { Red, Blue = 2, Green = 1 }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT013ConstantDrift).WithLocation(0).WithArguments(
                "enum member 'DemoColor.Blue' is 1 but the header's enumerator DEMO_BLUE of 'demo_color' (demo.h:16) is 2; use 2"),
            Verify.Diagnostic(RuleIdentifiers.ILNT013ConstantDrift).WithLocation(1).WithArguments(
                "enum member 'DemoColor.Green' is 2 but the header's enumerator DEMO_GREEN of 'demo_color' (demo.h:16) is 1; use 1"));
    }

    [Fact]
    public Task NegativeAndHexValues_KeepTheirForm()
    {
        const string source = """
            static class Demo
            {
                public const int DEMO_ERROR_INVALID = {|ILNT013:22|};
                public const long DEMO_BIG = {|ILNT013:0x10000000|};
            }
            """;
        const string fixedSource = """
            static class Demo
            {
                public const int DEMO_ERROR_INVALID = -22;
                public const long DEMO_BIG = 0x100000000;
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest);
    }

    [Fact]
    public Task ExactNameEnumMember_ForDefine_IsChecked()
    {
        const string source = """
            public enum Flush { Z_NO_FLUSH = {|ILNT013:1|}, Z_OTHER = 2 }
            """;
        const string fixedSource = """
            public enum Flush { Z_NO_FLUSH = 0, Z_OTHER = 2 }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest);
    }

    [Fact]
    public Task ValueThatDiffersPerAbi_ReportsWithoutFix()
    {
        const string source = """
            static class Demo
            {
                public const int DEMO_PATH_SEP = {|#0:47|};
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT013ConstantDrift).WithLocation(0).WithArguments(
                "constant 'DEMO_PATH_SEP' is 47 but the header's #define DEMO_PATH_SEP (demo.h:15) is 47 on linux-x64, osx-arm64 and 92 on win-x64; the value differs between ABIs, so no single C# constant is right"));
    }

    [Fact]
    public Task SameValuesAndUnmatchedNames_NoDiagnostic()
    {
        const string source = """
            static class Demo
            {
                public const uint DEMO_ALL = 0xFFFFFFFF;
                public const int DEMO_ALL_SIGNED = -1;
                public const int Red = 7;
                public const long DEMO_BIG = 4294967296;
                public static readonly int Z_BEST_COMPRESSION = 3;
            }
            public enum Colors { Red = 5, Blue = 9 }
            public enum DemoColor { Red, Green, Blue, Purple = 40 }
            """;
        return Verify.VerifyAnalyzerAsync(source, Manifest);
    }
}
