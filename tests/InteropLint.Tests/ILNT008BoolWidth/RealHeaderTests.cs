using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.BoolWidthAnalyzer, InteropLint.CodeFixes.BoolWidthCodeFixProvider>;

namespace InteropLint.Tests.ILNT008BoolWidth;

/// <summary>ILNT008 against liblzma's lzma.h and native/interopdemo.h as the real scanner reads them.</summary>
[Trait(Tier.Name, Tier.RealHeader)]
public class RealHeaderTests
{
    [Fact]
    public async Task Lzma_CheckIsSupported_ReturnsLzmaBool_AddsU1()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Lzma
            {
                [DllImport("lzma")]
                public static extern {|ILNT008:bool|} lzma_check_is_supported(int check);
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;
            static class Lzma
            {
                [DllImport("lzma")]
                [return: MarshalAs(UnmanagedType.U1)]
                public static extern bool lzma_check_is_supported(int check);
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, RealHeaders.Lzma);

        var diagnostic = Assert.Single(await AnalyzerRunner.RunAsync(new BoolWidthAnalyzer(), source, RealHeaders.Lzma));
        Assert.Contains("C 'lzma_bool' (lzma_check_is_supported, check.h:", diagnostic.GetMessage());
        Assert.Contains("is 1 byte", diagnostic.GetMessage());
    }

    [Fact]
    public async Task Lzma_CorrectDeclarations_AreSilent()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Lzma
            {
                [DllImport("lzma")] [return: MarshalAs(UnmanagedType.U1)] public static extern bool lzma_check_is_supported(int check);
                [DllImport("lzma", EntryPoint = "lzma_check_is_supported")] public static extern byte CheckIsSupported(int check);
            }
            """;
        Assert.Empty(await SignatureRules.RunAllAsync(source, RealHeaders.Lzma));
    }

    [Fact]
    public Task InteropDemo_BoolReturnAndMarshalAsBool_BothBecomeU1()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("interopdemo")]
                public static extern {|ILNT008:bool|} demo_is_even(int value);

                [DllImport("interopdemo")]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern {|ILNT008:bool|} demo_all_positive(int[] items, nuint n);
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("interopdemo")]
                [return: MarshalAs(UnmanagedType.U1)]
                public static extern bool demo_is_even(int value);

                [DllImport("interopdemo")]
                [return: MarshalAs(UnmanagedType.U1)]
                public static extern bool demo_all_positive(int[] items, nuint n);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, RealHeaders.InteropDemo);
    }
}
