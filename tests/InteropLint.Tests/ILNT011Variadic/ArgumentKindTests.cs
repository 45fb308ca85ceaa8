using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Xunit;

namespace InteropLint.Tests.ILNT011Variadic;

/// <summary>
/// Issue 15, case K: ILNT011 reports per ABI by the kinds of the variadic arguments actually passed. Integers and
/// pointers travel like fixed arguments on x86-64 SysV, Windows x64 and Linux arm64; floating-point ones break on
/// x86-64 SysV (AL) and in Windows x64's first four slots; on Apple arm64 every variadic argument is read from an
/// 8-byte stack slot, which bindings reach with dummy arguments that fill x0-x7 — checked slot by slot.
/// </summary>
[Trait(Tier.Name, Tier.RealHeader)]
public class ArgumentKindTests
{
    private const string Targets = "linux-x64;linux-arm64;win-x64;osx-arm64";

    private static string Manifest => NativeHeaders.ScanText("""
        int vk_print(const char *format, ...) __attribute__((format(printf, 1, 2)));
        int vk_open(const char *path, int flags, ...);
        """, Targets, "--library", "vk");

    private static async Task<IReadOnlyList<string>> MessagesAsync(string members)
    {
        var source = """
            using System;
            using System.Runtime.InteropServices;
            static class Vk
            {
            """ + members + """

            }
            """;
        var diagnostics = await AnalyzerRunner.RunAsync(new VariadicAnalyzer(), source, Manifest);
        return diagnostics.Select(d => d.GetMessage()).ToList();
    }

    [Fact]
    public async Task IntegersAndPointers_BreakOnAppleArm64Only()
    {
        var message = Assert.Single(await MessagesAsync("""[DllImport("vk")] public static extern int vk_print(string format, int count, IntPtr name);"""));
        Assert.Contains("2 variadic arguments (integers and pointers only)", message);
        Assert.Contains("on osx-arm64 variadic arguments are read from the stack but the P/Invoke passes 'count', 'name' in registers", message);
        Assert.DoesNotContain("linux-x64", message);
        Assert.DoesNotContain("win-x64", message);
        Assert.DoesNotContain("linux-arm64", message);
        Assert.DoesNotContain("floating-point", message);
    }

    [Fact]
    public async Task Double_BreaksOnSysVAndInWindowsRegisterSlots_NotOnLinuxArm64()
    {
        var message = Assert.Single(await MessagesAsync("""[DllImport("vk")] public static extern int vk_print(string format, double ratio);"""));
        Assert.Contains("on linux-x64 the caller must set AL to the number of vector registers used, which the runtime does not, so floating-point variadic argument 'ratio' may be lost", message);
        Assert.Contains("on win-x64 floating-point variadic argument 'ratio' must also be passed in an integer register", message);
        Assert.Contains("on osx-arm64", message);
        Assert.DoesNotContain("linux-arm64", message);
    }

    [Fact]
    public async Task DoubleInTheFifthSlot_IsOnTheStackOnWindowsX64()
    {
        var message = Assert.Single(await MessagesAsync("""[DllImport("vk")] public static extern int vk_print(string format, IntPtr a, IntPtr b, IntPtr c, double ratio);"""));
        Assert.Contains("on linux-x64 the caller must set AL", message);
        Assert.DoesNotContain("win-x64", message);
    }

    [Fact]
    public async Task Float_IsPromotedToDoubleOnEveryAbi()
    {
        var message = Assert.Single(await MessagesAsync("""[DllImport("vk")] public static extern int vk_print(string format, float ratio);"""));
        Assert.Contains("C promotes a float variadic argument to double, so argument 'ratio' (float) is read as a double on every ABI", message);
    }

    [Fact]
    public async Task NoVariadicArgument_OnlyPrintfLikeFunctionsAreReported_AndOnlyTheyHearOfAFormat()
    {
        Assert.Empty(await MessagesAsync("""[DllImport("vk")] public static extern int vk_open(string path, int flags);"""));
        var message = Assert.Single(await MessagesAsync("""[DllImport("vk")] public static extern int vk_print(string format);"""));
        Assert.Contains("passes no variadic argument, so any conversion in the format string", message);

        var open = Assert.Single(await MessagesAsync("""[DllImport("vk")] public static extern int vk_open(string path, int flags, int mode);"""));
        Assert.DoesNotContain("format", open);
        Assert.Contains("on osx-arm64", open);
    }

    /// <summary>The Apple arm64 variants of a real binding: seven dummies fill x1-x7 after the format, so the rest go on the stack.</summary>
    private const string AppleVariants = """
            [DllImport("vk", EntryPoint = "vk_print")] public static extern int Print(string format, IntPtr value);
            [DllImport("vk", EntryPoint = "vk_print")] public static extern int PrintApple(string format, IntPtr d1, IntPtr d2, IntPtr d3, IntPtr d4, IntPtr d5, IntPtr d6, IntPtr d7, IntPtr value);
            [DllImport("vk", EntryPoint = "vk_print")] public static extern int Print(string format, IntPtr a, IntPtr b);
            [DllImport("vk", EntryPoint = "vk_print")] public static extern int PrintApple(string format, IntPtr d1, IntPtr d2, IntPtr d3, IntPtr d4, IntPtr d5, IntPtr d6, IntPtr d7, IntPtr a, IntPtr b);
            [DllImport("vk", EntryPoint = "vk_print")] public static extern int Print(string format, IntPtr a, long b);
            [DllImport("vk", EntryPoint = "vk_print")] public static extern int PrintApple(string format, IntPtr d1, IntPtr d2, IntPtr d3, IntPtr d4, IntPtr d5, IntPtr d6, IntPtr d7, int a, long b);
        """;

    [Fact]
    public async Task AppleWorkaround_RightShapes_AndTheirPlainVariants_GetNoFinding()
    {
        Assert.Empty(await MessagesAsync(AppleVariants));
    }

    [Fact]
    public async Task AppleWorkaround_IntAfterIntPackedAtOffset12_IsFound()
    {
        var messages = await MessagesAsync(AppleVariants + """

            [DllImport("vk", EntryPoint = "vk_print")] public static extern int Print(string format, IntPtr a, int b, int c);
            [DllImport("vk", EntryPoint = "vk_print")] public static extern int PrintApple(string format, IntPtr d1, IntPtr d2, IntPtr d3, IntPtr d4, IntPtr d5, IntPtr d6, IntPtr d7, IntPtr a, int b, int c);
        """);
        var message = Assert.Single(messages);
        Assert.Contains("on osx-arm64 the P/Invoke fills the argument registers with dummy arguments so the variadic ones go on the stack, but variadic argument 'c' is packed at stack offset 12 where va_arg reads offset 16 (every variadic stack slot is 8 bytes): pass 'b' as an 8-byte value (long, nint)", message);
        Assert.DoesNotContain("linux-x64", message);
    }

    [Fact]
    public async Task PlainDeclarationWithoutAnAppleVariant_IsStillReportedForAppleArm64()
    {
        var message = Assert.Single(await MessagesAsync("""[DllImport("vk", EntryPoint = "vk_print")] public static extern int Print(string format, IntPtr a, int b, int c);"""));
        Assert.Contains("on osx-arm64", message);
        Assert.Contains("call a variant whose dummy register-sized arguments fill x0-x7", message);
    }

    [Fact]
    public async Task AppleVariantOfAnotherShape_DoesNotCoverThePlainDeclaration()
    {
        var message = Assert.Single(await MessagesAsync("""
            [DllImport("vk", EntryPoint = "vk_print")] public static extern int PrintRatio(string format, double ratio);
            [DllImport("vk", EntryPoint = "vk_print")] public static extern int PrintApple(string format, IntPtr d1, IntPtr d2, IntPtr d3, IntPtr d4, IntPtr d5, IntPtr d6, IntPtr d7, IntPtr value);
        """));
        Assert.Contains("on osx-arm64 variadic arguments are read from the stack but the P/Invoke passes 'ratio' in registers", message);
        Assert.Contains("on linux-x64 the caller must set AL", message);
    }
}
