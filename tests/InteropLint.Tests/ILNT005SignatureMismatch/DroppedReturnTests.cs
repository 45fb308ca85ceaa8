using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace InteropLint.Tests.ILNT005SignatureMismatch;

/// <summary>
/// Issue 15: a declaration that drops a C return value (<c>void</c> for <c>int</c>/<c>SDL_bool</c>) is ABI-safe but loses what
/// the caller needs — reported as ILNT005 at Info; a value read from a C <c>void</c> function stays a warning.
/// </summary>
[Trait(Tier.Name, Tier.RealHeader)]
public class DroppedReturnTests
{
    [Fact]
    public async Task SodiumInit_DeclaredVoid_IsReportedAtInfo()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Sodium
            {
                [DllImport("sodium")] public static extern void sodium_init();
            }
            """;
        var diagnostic = Assert.Single(await AnalyzerRunner.RunAsync(new SignatureMismatchAnalyzer(), source, NativeHeaders.Scan("/usr/include/sodium.h", NativeHeaders.DefaultTargets, "--library", "sodium")));
        Assert.Equal("ILNT005", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.StartsWith("'sodium_init' returns 'int' (core.h:", diagnostic.GetMessage());
        Assert.Contains("warn_unused_result", diagnostic.GetMessage());
        Assert.Contains("the P/Invoke returns 'void', so callers cannot see it; the call itself is right on every ABI", diagnostic.GetMessage());
    }

    [Fact]
    public async Task SdlBool_DeclaredVoid_IsReportedAtInfo_AndTheRightDeclarationIsNot()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Sdl
            {
                [DllImport("SDL2")] public static extern void SDL_HasARMSIMD();
                [DllImport("SDL2")] public static extern int SDL_HasSSE2();
            }
            """;
        var diagnostic = Assert.Single(await AnalyzerRunner.RunAsync(new SignatureMismatchAnalyzer(), source, NativeHeaders.Scan("/usr/include/SDL2/SDL_cpuinfo.h", NativeHeaders.DefaultTargets, "--library", "SDL2")));
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.StartsWith("'SDL_HasARMSIMD' returns 'SDL_bool'", diagnostic.GetMessage());
    }

    [Fact]
    public async Task PointerReturn_DeclaredVoid_IsNotReported_AndIntForVoid_StaysAWarning()
    {
        var manifest = new TestManifest(library: "demo", targets: "linux-x64;win-x64;osx-arm64")
            .Function("demo_copy", C.Pointer(C.Char), ("dst", C.Pointer(C.Char)), ("src", C.Pointer(C.Const(C.Char))))
            .Function("demo_reset", C.Void)
            .Json();
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo")] public static extern void demo_copy(IntPtr dst, string src);
                [DllImport("demo")] public static extern int demo_reset();
            }
            """;
        var diagnostic = Assert.Single(await AnalyzerRunner.RunAsync(new SignatureMismatchAnalyzer(), source, manifest));
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("the return value is 'int' but C returns nothing (void): the value read is garbage", diagnostic.GetMessage());
    }
}
