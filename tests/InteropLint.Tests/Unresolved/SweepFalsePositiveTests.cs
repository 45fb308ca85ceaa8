using System.Globalization;
using InteropLint.Analyzers;
using InteropLint.Manifest;
using InteropLint.Tests.Infrastructure;
using InteropLint.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace InteropLint.Tests.Unresolved;

/// <summary>
/// Issue 14, item 6: the false-positive causes the real-header sweep found, each on a minimal header scanned by the
/// real scanner (or a manifest built in code where the cause is the manifest's shape), with a correct binding that
/// must get nothing and, where the cause hid a real check, a wrong one that must still be reported.
/// </summary>
[Trait(Tier.Name, Tier.RealHeader)]
public sealed class SweepFalsePositiveTests
{
    private const string Targets = "linux-x64;win-x64;osx-arm64;linux-arm64";

    /// <summary>K&amp;R declarations: <c>f()</c> says nothing of the parameters; a later prototype does.</summary>
    private const string Unprototyped = """
        int kr_count();
        #ifdef _WIN32
        int kr_windows();
        #else
        int kr_windows(int a, int b);
        #endif
        int kr_later();
        int kr_later(int x);
        typedef void (*kr_callback)();
        void kr_register(kr_callback cb);
        """;

    [Fact]
    public async Task UnprototypedFunction_IsNotChecked_AndSaysWhy()
    {
        var manifest = NativeHeaders.ScanText(Unprototyped, NativeHeaders.DefaultTargets, "--library", "k");
        Assert.Contains("\"unresolved\":\"no prototype in the header\"", manifest);
        const string correct = """
            using System.Runtime.InteropServices;
            public delegate void KrCallback(int a, int b);
            public static class K
            {
                [DllImport("k")] public static extern int kr_count(int a, int b, int c, int d, int e);
                [DllImport("k")] public static extern int kr_windows(int a, int b);
                [DllImport("k")] public static extern int kr_later(int x);
                [DllImport("k")] public static extern void kr_register(KrCallback cb);
            }
            """;
        Assert.Empty(await AnalyzerRunner.RunAsync(new SignatureMismatchAnalyzer(), correct, manifest));

        // Where a prototype exists the parameters are still compared; where it does not, the finding says so.
        const string wrong = """
            using System.Runtime.InteropServices;
            public static class K
            {
                [DllImport("k")] public static extern int kr_windows(int a);
                [DllImport("k")] public static extern int kr_later();
            }
            """;
        var diagnostics = await AnalyzerRunner.RunAsync(new SignatureMismatchAnalyzer(), wrong, manifest);
        Assert.Equal(2, diagnostics.Length);
        var windows = diagnostics.Single(d => d.GetMessage(CultureInfo.InvariantCulture).Contains("kr_windows", StringComparison.Ordinal));
        Assert.Contains("not checked on win-x64: no prototype in the header", windows.GetMessage(CultureInfo.InvariantCulture));
        Assert.DoesNotContain("takes 0 parameters", windows.GetMessage(CultureInfo.InvariantCulture));
    }

    /// <summary>A function declared with more parameters on one OS (SDL_CreateThread on Windows): the message gives that OS's count.</summary>
    [Fact]
    public async Task ParameterCountPerOs_MessageGivesTheCountWhereItIsWrong()
    {
        var manifest = NativeHeaders.ScanText("#ifdef _WIN32\nint ct_start(int a, int b, int c, int d, int e);\n#else\nint ct_start(int a, int b, int c);\n#endif\n", NativeHeaders.DefaultTargets, "--library", "t");
        const string binding = """
            using System.Runtime.InteropServices;
            public static class T
            {
                [DllImport("t")] public static extern int ct_start(int a, int b, int c);
            }
            """;
        var diagnostic = Assert.Single(await AnalyzerRunner.RunAsync(new SignatureMismatchAnalyzer(), binding, manifest));
        Assert.Contains("C takes 5 parameters but the P/Invoke declares 3 on win-x64", diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    /// <summary><c>va_list</c> is a pointer on every ABI's calling convention: an array that decays, <c>char *</c>, or AAPCS64's 32-byte struct passed by reference.</summary>
    private const string VaList = """
        #include <stdarg.h>
        int va_format(char *buffer, const char *format, va_list args);
        """;

    [Fact]
    public async Task VaList_BoundAsPointer_IsAccepted_OnEveryAbi()
    {
        var manifest = NativeHeaders.ScanText(VaList, Targets, "--library", "v");
        const string binding = """
            using System;
            using System.Runtime.InteropServices;
            public static unsafe class V
            {
                [DllImport("v")] public static extern int va_format(byte* buffer, byte* format, IntPtr args);
            }
            public static unsafe class VoidPointer
            {
                [DllImport("v", EntryPoint = "va_format")] public static extern int va_format2(byte* buffer, byte* format, void* args);
            }
            """;
        Assert.Empty(await AnalyzerRunner.RunAsync(AnalyzerRunner.AllAnalyzers(), binding, manifest));

        // what ILNT005's fix writes for it
        const string fixedBinding = """
            public static unsafe class V
            {
                [System.Runtime.InteropServices.DllImport("v")] public static extern int va_format(byte* buffer, byte* format, nint args);
            }
            """;
        var afterFix = await AnalyzerRunner.RunAsync(AnalyzerRunner.AllAnalyzers(), fixedBinding, manifest);
        Assert.True(afterFix.Length == 0, string.Join("\n", afterFix.Select(d => d.ToString())));

        // A va_list is no struct by value on any ABI: a copy of its 24 bytes still breaks.
        const string wrong = """
            using System.Runtime.InteropServices;
            public struct VaListCopy { public uint GpOffset; public uint FpOffset; public nint Overflow; public nint Saved; }
            public static unsafe class V
            {
                [DllImport("v")] public static extern int va_format(byte* buffer, byte* format, VaListCopy args);
            }
            """;
        Assert.NotEmpty(await AnalyzerRunner.RunAsync(AnalyzerRunner.AllAnalyzers(), wrong, manifest));
    }

    /// <summary><c>void*</c> is an untyped address, as <c>IntPtr</c> is, for any C data or function pointer.</summary>
    private const string TypedPointers = """
        #include <wchar.h>
        struct vp_record { int a; double b; };
        typedef int (*vp_fn)(void *user);
        int vp_text(const wchar_t *text);
        int vp_record_get(struct vp_record **out);
        int vp_callback_get(vp_fn *out);
        int vp_by_value(struct vp_record value);
        """;

    [Fact]
    public async Task VoidPointer_ForATypedPointer_IsAccepted()
    {
        var manifest = NativeHeaders.ScanText(TypedPointers, NativeHeaders.DefaultTargets, "--library", "p");
        const string binding = """
            using System.Runtime.InteropServices;
            public static unsafe class P
            {
                [DllImport("p")] public static extern int vp_text(void* text);
                [DllImport("p")] public static extern int vp_record_get(void* output);
                [DllImport("p")] public static extern int vp_callback_get(void* output);
            }
            """;
        Assert.Empty(await AnalyzerRunner.RunAsync(new SignatureMismatchAnalyzer(), binding, manifest));

        // A struct passed by value is no address: void* there is still wrong.
        const string byValue = """
            using System.Runtime.InteropServices;
            public static unsafe class P
            {
                [DllImport("p")] public static extern int vp_by_value(void* value);
            }
            """;
        Assert.NotEmpty(await AnalyzerRunner.RunAsync(new SignatureMismatchAnalyzer(), byValue, manifest));
    }

    /// <summary>One library's scan failing on an ABI says nothing of another library's declarations there.</summary>
    [Fact]
    public async Task FailedScanOfOneHeader_DoesNotLeak_IntoAnotherLibrarysMessages()
    {
        var libc = new TestManifest(library: "c", header: "signal.h").Function("sig_wait", C.Int, ("mask", C.Int)).Json();
        var broken = ManifestReader.Read(new TestManifest(library: "big", header: "big.h").Function("big_init", C.Int).Json());
        var osx = broken.Abis.Single(a => a.Target == "osx-arm64");
        osx.Scanned = false;
        osx.Functions.Clear();
        osx.Diagnostics.Add(new ScanDiagnostic { Severity = ScanSeverity.Error, Code = ToolCode.ScanFailed, Header = 0, Message = "scan of include/big.h for osx-arm64 did not finish" });
        const string wrong = """
            using System.Runtime.InteropServices;
            public static class S
            {
                [DllImport("c")] public static extern long sig_wait(int mask);
            }
            """;
        var compilation = CSharpCompilation.Create("Leak", new[] { CSharpSyntaxTree.ParseText(wrong, AnalysisHarness.ParseOptions) },
            AnalysisHarness.References, AnalysisHarness.CompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var outcome = await AnalysisHarness.AnalyzeAsync(compilation, new[]
        {
            new ManifestFile("c" + ManifestCache.FileSuffix, libc),
            new ManifestFile("big" + ManifestCache.FileSuffix, ManifestWriter.Write(broken)),
        });
        var findings = outcome.Diagnostics.Where(d => d.Id is RuleIdentifiers.ILNT001IntegerWidth or RuleIdentifiers.ILNT005SignatureMismatch).ToList();
        Assert.NotEmpty(findings);
        Assert.All(findings, d => Assert.DoesNotContain("big.h", d.GetMessage(CultureInfo.InvariantCulture)));
        Assert.All(findings, d => Assert.DoesNotContain("not checked on osx-arm64", d.GetMessage(CultureInfo.InvariantCulture)));
    }

    /// <summary>Without a macOS SDK the shim invents <c>mode_t</c> and <c>struct tm</c>: what rests on them is not checked there.</summary>
    private const string OsTypes = """
        #include <sys/types.h>
        #include <time.h>
        mode_t os_mode(void);
        int os_time_parts(struct tm *out);
        int os_plain(int x);
        """;

    [Fact]
    public void WithoutMacSdk_OsTypesOfTheShim_AreUnresolved()
    {
        var manifest = NativeHeaders.Read(NativeHeaders.ScanText(OsTypes, "linux-x64;osx-arm64", "--library", "o", "--sysroot", "osx-arm64=none"));
        var osx = manifest.Abis.Single(a => a.Target == "osx-arm64");
        Assert.True(osx.Scanned);
        Assert.Contains("no macOS SDK", osx.FindFunctions("os_mode").Single().Unresolved);
        Assert.Contains("no macOS SDK", osx.FindFunctions("os_time_parts").Single().Unresolved);
        Assert.Equal("", osx.FindFunctions("os_plain").Single().Unresolved);
        var linux = manifest.Abis.Single(a => a.Target == "linux-x64");
        Assert.Equal("", linux.FindFunctions("os_mode").Single().Unresolved);
    }

    /// <summary>
    /// A cross target may read library headers from the host's multiarch folder (SDL's _real_SDL_config.h), but never the
    /// host's glibc there: <c>sys/io.h</c> exists for x86 only, so for linux-arm64 only the host's copy could be found.
    /// </summary>
    [Fact]
    public void CrossTarget_ReadsLibraryHeadersFromHostMultiarch_ButNotTheHostsLibc()
    {
        Assert.True(File.Exists("/usr/include/SDL2/SDL.h") && Directory.Exists("/usr/aarch64-linux-gnu/include"), "SDL2 or the arm64 C library is not installed (scripts/install-prerequisites.sh)");
        var sdl = NativeHeaders.Read(NativeHeaders.Scan("/usr/include/SDL2/SDL.h", "linux-arm64", "--library", "SDL2"));
        var arm = sdl.Abis.Single();
        Assert.True(arm.Scanned);
        Assert.DoesNotContain(arm.Diagnostics, d => d.Message.Contains("_real_SDL_config.h", StringComparison.Ordinal));
        Assert.Equal("", arm.FindFunctions("SDL_Init").Single().Unresolved);

        Assert.True(File.Exists("/usr/include/x86_64-linux-gnu/sys/io.h") && !File.Exists("/usr/aarch64-linux-gnu/include/sys/io.h"), "the host's sys/io.h is x86-only on Debian");
        var io = NativeHeaders.Read(NativeHeaders.ScanText("#include <sys/io.h>\nint io_port(int value);\n", "linux-arm64", "--library", "io"));
        var abi = io.Abis.Single();
        Assert.Contains(abi.Diagnostics, d => d.Severity >= ScanSeverity.Error && d.Message.Contains("io.h", StringComparison.Ordinal) && d.Message.Contains("describes the host", StringComparison.Ordinal));
        Assert.All(abi.Functions.Where(f => f.Name is "ioperm" or "iopl"), f => Assert.NotEqual("", f.Unresolved));
    }
}
