using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.EnumSizeAnalyzer, InteropLint.CodeFixes.EnumSizeCodeFixProvider>;

namespace InteropLint.Tests.ILNT012EnumSize;

/// <summary>ILNT012 against native/interopdemo.h as the real scanner reads it: demo_flags has an enumerator beyond 32 bits.</summary>
[Trait(Tier.Name, Tier.RealHeader)]
public class RealHeaderTests
{
    [Fact]
    public async Task InteropDemo_64BitEnum_DeclaredUlong_WrongOnWindows()
    {
        const string source = """
            using System.Runtime.InteropServices;
            public enum DemoFlags : ulong { None = 0, Small = 1, Big = 0x100000000 }
            static class Demo
            {
                [DllImport("interopdemo")]
                public static extern {|ILNT012:DemoFlags|} demo_flags_combine({|ILNT012:DemoFlags|} a, {|ILNT012:DemoFlags|} b);
            }
            """;
        await Verify.VerifyCodeFixAsync(source, source, RealHeaders.InteropDemo);

        var message = (await AnalyzerRunner.RunAsync(new EnumSizeAnalyzer(), source, RealHeaders.InteropDemo))[0].GetMessage();
        Assert.Contains("C enum 'demo_flags' (demo_flags_combine, interopdemo.h:", message);
        Assert.Contains("4 bytes on win-x64 and 8 bytes on linux-x64, osx-arm64", message);
    }

    [Fact]
    public Task InteropDemo_64BitEnum_DeclaredInt_WrongOnLp64()
    {
        const string source = """
            using System.Runtime.InteropServices;
            public enum DemoFlags { None = 0, Small = 1 }
            static class Demo
            {
                [DllImport("interopdemo")]
                public static extern {|ILNT012:DemoFlags|} demo_flags_combine({|ILNT012:DemoFlags|} a, {|ILNT012:DemoFlags|} b);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source, RealHeaders.InteropDemo);
    }

    [Fact]
    public async Task InteropDemo_IntSizedEnum_IsSilent()
    {
        const string source = """
            using System.Runtime.InteropServices;
            public enum DemoColor { Red, Green, Blue }
            static class Demo
            {
                [DllImport("interopdemo")] public static extern DemoColor demo_next_color(DemoColor c);
                [DllImport("interopdemo")] public static extern System.IntPtr demo_color_name(DemoColor color);
            }
            """;
        Assert.Empty(await SignatureRules.RunAllAsync(source, RealHeaders.InteropDemo));
    }
}
