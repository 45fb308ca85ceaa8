using InteropLint.Analyzers;
using InteropLint.CodeFixes;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.IntegerWidthAnalyzer, InteropLint.CodeFixes.IntegerWidthCodeFixProvider>;

namespace InteropLint.Tests.ILNT001IntegerWidth;

/// <summary>ILNT001 against the machine's real zlib.h, sqlite3.h and glibc headers, scanned by the real scanner.</summary>
public sealed class IntegerWidthTests
{
    private static string ZlibAllTargets => NativeHeaders.Scan("/usr/include/zlib.h", "linux-x64;linux-arm64;win-x64;win-x86;osx-arm64", "--library", "z");

    private static DiagnosticResult Diagnostic(int location) => Verify.Diagnostic(RuleIdentifiers.ILNT001IntegerWidth).WithLocation(location);

    [Fact]
    public async Task UIntForULong_OnLp64_Reports()
    {
        const string source = """
            using System.Runtime.InteropServices;
            unsafe static class Z
            {
                [DllImport("z")] public static extern {|#0:uint|} crc32({|#1:uint|} crc, byte* buf, uint len);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, RealHeaders.Zlib, Diagnostic(0), Diagnostic(1));
    }

    [Fact]
    public async Task UIntForULong_MessageNamesLp64AbisNotWindows()
    {
        const string source = """
            using System.Runtime.InteropServices;
            unsafe static class Z
            {
                [DllImport("z")] public static extern CULong crc32(uint crc, byte* buf, uint len);
            }
            """;
        var diagnostic = Assert.Single(await AnalyzerRunner.RunAsync(new IntegerWidthAnalyzer(), source, RealHeaders.Zlib));
        var message = diagnostic.GetMessage();
        Assert.Contains("parameter 'crc'", message);
        Assert.Contains("'uLong'", message);
        Assert.Contains("8 bytes on linux-x64, osx-arm64", message);
        Assert.DoesNotContain("win-x64", message);
        Assert.Contains("zlib.h:", message);
        Assert.Contains("use CULong", message);
    }

    [Fact]
    public async Task CULongForULong_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.InteropServices;
            unsafe static class Z
            {
                [DllImport("z")] public static extern CULong crc32(CULong crc, byte* buf, uint len);
                [DllImport("z")] public static extern CULong compressBound(CULong sourceLen);
                [DllImport("z")] public static extern int compress2(byte* dest, ref CULong destLen, byte* source, CULong sourceLen, int level);
                [DllImport("z", EntryPoint = "adler32")] public static extern CULong Adler(CULong adler, byte[] buf, uint len);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, RealHeaders.Zlib);
    }

    [Fact]
    public async Task LongForULong_OnWindows_Reports()
    {
        // C# long is 8 bytes everywhere; C unsigned long is 4 on Windows.
        const string source = """
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("libz.so.1")] public static extern {|#0:ulong|} compressBound({|#1:ulong|} sourceLen);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, RealHeaders.Zlib, Diagnostic(0), Diagnostic(1));
        var diagnostics = await AnalyzerRunner.RunAsync(new IntegerWidthAnalyzer(), source, RealHeaders.Zlib);
        Assert.All(diagnostics, d => Assert.Contains("4 bytes on win-x64 where 'ulong' is 8", d.GetMessage()));
    }

    [Fact]
    public async Task LongForInt128_Reports_WithoutProposingLong()
    {
        // A C __int128 is 16 bytes: no C# integer a P/Invoke passes has that width, so no type is proposed.
        var manifest = NativeHeaders.ScanText("__int128 wide_add(__int128 a, unsigned __int128 b);");
        const string source = """
            using System.Runtime.InteropServices;
            static class W
            {
                [DllImport("wide")] public static extern long wide_add(long a, ulong b);
            }
            """;
        var diagnostics = await AnalyzerRunner.RunAsync(new IntegerWidthAnalyzer(), source, manifest);
        Assert.Equal(3, diagnostics.Length);
        Assert.All(diagnostics, d =>
        {
            Assert.Contains("16 bytes", d.GetMessage());
            Assert.DoesNotContain("use long", d.GetMessage());
            Assert.DoesNotContain("use ulong", d.GetMessage());
            Assert.Contains("no single C# type has this width on every ABI checked", d.GetMessage());
        });
    }

    [Fact]
    public async Task NIntForLong_OnWindowsX64_Reports()
    {
        // nint is pointer-sized: right for long on LP64, wrong on LLP64 64-bit Windows.
        const string source = """
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z")] public static extern nuint compressBound({|#0:nuint|} sourceLen);
            }
            """;
        var diagnostics = await AnalyzerRunner.RunAsync(new IntegerWidthAnalyzer(), source, RealHeaders.Zlib);
        Assert.Equal(2, diagnostics.Length);
        Assert.All(diagnostics, d => Assert.Contains("4 bytes on win-x64 where 'nuint' is 8", d.GetMessage()));
    }

    [Fact]
    public async Task RefUIntForULongfPointer_ReportsThePointee()
    {
        const string source = """
            using System.Runtime.InteropServices;
            unsafe static class Z
            {
                [DllImport("z")] public static extern int compress2(byte* dest, ref {|#0:uint|} destLen, byte* source, CULong sourceLen, int level);
                [DllImport("z")] public static extern int uncompress(byte* dest, {|#1:uint*|} destLen, byte* source, CULong sourceLen);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, RealHeaders.Zlib, Diagnostic(0), Diagnostic(1));
        var diagnostics = await AnalyzerRunner.RunAsync(new IntegerWidthAnalyzer(), source, RealHeaders.Zlib);
        Assert.Contains(diagnostics, d => d.GetMessage().Contains("parameter 'destLen' is 'ref uint' but C 'uLongf *' points to 8 bytes"));
    }

    [Fact]
    public async Task SizeTAsInt_OnEvery64BitAbi_Reports_AndWin86IsRight()
    {
        // sqlite3_malloc64's parameter is sqlite3_uint64; sqlite3_msize returns it too; strlen-like size_t appears in sqlite3_str_* APIs.
        const string source = """
            using System.Runtime.InteropServices;
            static class S
            {
                [DllImport("sqlite3")] public static extern nint sqlite3_malloc64({|#0:uint|} n);
                [DllImport("sqlite3")] public static extern long sqlite3_memory_used();
                [DllImport("sqlite3")] public static extern {|#1:int|} sqlite3_last_insert_rowid(nint db);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, RealHeaders.Sqlite, Diagnostic(0), Diagnostic(1));
        var diagnostics = await AnalyzerRunner.RunAsync(new IntegerWidthAnalyzer(), source, RealHeaders.Sqlite);
        Assert.Contains(diagnostics, d => d.GetMessage().Contains("'sqlite3_int64'") && d.GetMessage().Contains("use long"));
    }

    [Fact]
    public async Task PointerAsInt_Reports_PointerAsNInt_DoesNot()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z")] public static extern int deflateEnd({|#0:int|} strm);
                [DllImport("z")] public static extern int inflateEnd(nint strm);
                [DllImport("z")] public static extern int inflateReset(System.IntPtr strm);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, RealHeaders.Zlib, Diagnostic(0));
    }

    [Fact]
    public async Task LibraryImport_IsCheckedLikeDllImport()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static partial class Z
            {
                [LibraryImport("z", EntryPoint = "compressBound")]
                public static partial {|#0:uint|} Bound({|#1:uint|} sourceLen);
            }
            """;
        var test = new InteropTest<IntegerWidthAnalyzer, IntegerWidthCodeFixProvider> { TestCode = source };
        test.WithManifest(RealHeaders.Zlib);
        test.CompilerDiagnostics = CompilerDiagnostics.None; // the LibraryImport generator does not run in the verifier
        test.ExpectedDiagnostics.Add(Diagnostic(0));
        test.ExpectedDiagnostics.Add(Diagnostic(1));
        await test.RunAsync();
    }

    [Fact]
    public async Task OtherLibraryName_NoDiagnostic()
    {
        // zlib.h serves library "z" only: a P/Invoke into another library with the same entry point is not judged by it.
        const string source = """
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("mycrc")] public static extern uint crc32(uint crc, nint buf, uint len);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, RealHeaders.Zlib);
    }

    [Fact]
    public async Task NoManifest_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z")] public static extern uint crc32(uint crc, nint buf, uint len);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, null);
    }

    [Fact]
    public async Task WinX86_SizeTIsFourBytes_NUIntIsRightEverywhere()
    {
        // uInt is 4 everywhere; z_size_t is size_t: 4 on win-x86, 8 elsewhere — nuint fits every ABI.
        const string source = """
            using System.Runtime.InteropServices;
            unsafe static class Z
            {
                [DllImport("z")] public static extern CULong crc32_z(CULong crc, byte* buf, {|#0:ulong|} len);
                [DllImport("z")] public static extern CULong adler32_z(CULong adler, byte* buf, nuint len);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, ZlibAllTargets, Diagnostic(0));
        var diagnostic = Assert.Single(await AnalyzerRunner.RunAsync(new IntegerWidthAnalyzer(), source, ZlibAllTargets));
        Assert.Contains("4 bytes on win-x86 where 'ulong' is 8", diagnostic.GetMessage());
        Assert.Contains("use nuint", diagnostic.GetMessage());
    }

    [Fact]
    public async Task NetStandard_WithoutCLong_OffersNoFixAndSaysWhy()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z")] public static extern {|#0:uint|} compressBound({|#1:uint|} sourceLen);
            }
            """;
        await Verify.VerifyCodeFixAsync(source, source, RealHeaders.Zlib, TestFramework.NetStandard20, Diagnostic(0), Diagnostic(1));
        var diagnostics = await AnalyzerRunner.RunAsync(new IntegerWidthAnalyzer(), source, RealHeaders.Zlib, TestFramework.NetStandard20);
        Assert.All(diagnostics, d => Assert.Contains("CULong is not available in this compilation", d.GetMessage()));
    }
}
