using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.ConstantDriftAnalyzer, InteropLint.CodeFixes.ConstantDriftCodeFixProvider>;

namespace InteropLint.Tests.ILNT013ConstantDrift;

/// <summary>ILNT013 against zlib.h, sqlite3.h and native/interopdemo.h as the real scanner reads them.</summary>
[Trait(Tier.Name, Tier.RealHeader)]
public class RealHeaderTests
{
    [Fact]
    public async Task Zlib_BestCompressionWrong_BecomesNine()
    {
        const string source = """
            static class ZConst
            {
                public const int Z_BEST_COMPRESSION = {|ILNT013:10|};
                public const int Z_BEST_SPEED = 1;
                public const int Z_FINISH = 4;
            }
            """;
        const string fixedSource = """
            static class ZConst
            {
                public const int Z_BEST_COMPRESSION = 9;
                public const int Z_BEST_SPEED = 1;
                public const int Z_FINISH = 4;
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, RealHeaders.Zlib);

        var message = Assert.Single(await AnalyzerRunner.RunAsync(new ConstantDriftAnalyzer(), source, RealHeaders.Zlib)).GetMessage();
        Assert.StartsWith("constant 'Z_BEST_COMPRESSION' is 10 but the header's #define Z_BEST_COMPRESSION (zlib.h:", message);
        Assert.EndsWith(") is 9; use 9", message);
    }

    [Fact]
    public Task Sqlite_ResultCodes_OkAndRow()
    {
        const string source = """
            public enum SqliteResult
            {
                SQLITE_OK = {|ILNT013:1|},
                SQLITE_ERROR = 1,
                SQLITE_ROW = {|ILNT013:101|},
                SQLITE_DONE = 101,
            }
            """;
        const string fixedSource = """
            public enum SqliteResult
            {
                SQLITE_OK = 0,
                SQLITE_ERROR = 1,
                SQLITE_ROW = 100,
                SQLITE_DONE = 101,
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, RealHeaders.Sqlite);
    }

    [Fact]
    public async Task Sqlite_CorrectConstants_AreSilent()
    {
        const string source = """
            static class Sqlite
            {
                public const int SQLITE_OK = 0;
                public const int SQLITE_ROW = 100;
                public const int SQLITE_DONE = 101;
            }
            """;
        Assert.Empty(await SignatureRules.RunAllAsync(source, RealHeaders.Sqlite));
    }

    [Fact]
    public Task InteropDemo_EnumMatchedByName_AndDefines()
    {
        const string source = """
            public enum DemoColor { Red, Green, Blue = {|ILNT013:3|} }
            static class Demo
            {
                public const int DEMO_MAX_NAME = {|ILNT013:32|};
                public const int DEMO_ERROR_INVALID = -22;
            }
            """;
        const string fixedSource = """
            public enum DemoColor { Red, Green, Blue = 2 }
            static class Demo
            {
                public const int DEMO_MAX_NAME = 16;
                public const int DEMO_ERROR_INVALID = -22;
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, RealHeaders.InteropDemo);
    }
}
