using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Xunit;

namespace InteropLint.Tests.Unresolved;

/// <summary>Correct bindings of glibc functions that an asm label or a transparent union made look wrong (issue 14).</summary>
public sealed class GlibcBindingTests
{
    private static string Signal => NativeHeaders.ScanText("#define _XOPEN_SOURCE 700\n#include <signal.h>\n#include <string.h>\n", "linux-x64", "--library", "c");

    private static string Socket => NativeHeaders.ScanText("#define _GNU_SOURCE\n#include <sys/socket.h>\n", "linux-x64", "--library", "c");

    [Fact]
    public async Task PInvokeToTheExportedSymbolOfAnAsmLabel_IsDeclared()
    {
        const string source = """
            using System.Runtime.InteropServices;
            public static unsafe class Libc
            {
                [DllImport("c", EntryPoint = "__xpg_sigpause")] public static extern int sigpause(int sig);
                [DllImport("c")] public static extern int __xpg_strerror_r(int errnum, byte* buf, nuint buflen);
            }
            """;
        Assert.Empty(await AnalyzerRunner.RunAsync(new EntryPointAnalyzer(), source, Signal));
        Assert.Empty(await AnalyzerRunner.RunAsync(new SignatureMismatchAnalyzer(), source, Signal));
        Assert.Empty(await AnalyzerRunner.RunAsync(new IntegerWidthAnalyzer(), source, Signal));
    }

    [Fact]
    public async Task PInvokeToTheCNameOfAnAsmLabel_IsNotJudgedByThePrototypeOfAnotherSymbol()
    {
        // 'strerror_r' as a symbol is GNU's (char* return); the header's prototype is XSI's, exported as __xpg_strerror_r.
        const string source = """
            using System.Runtime.InteropServices;
            public static unsafe class Libc
            {
                [DllImport("c")] public static extern byte* strerror_r(int errnum, byte* buf, nuint buflen);
            }
            """;
        Assert.Empty(await AnalyzerRunner.RunAsync(new EntryPointAnalyzer(), source, Signal));
        Assert.Empty(await AnalyzerRunner.RunAsync(new SignatureMismatchAnalyzer(), source, Signal));
    }

    [Fact]
    public async Task SocketCallWithTransparentUnion_TakesAPointer()
    {
        const string source = """
            using System.Runtime.InteropServices;
            public static unsafe class Libc
            {
                [DllImport("c")] public static extern int bind(int fd, nint address, uint length);
                [DllImport("c")] public static extern int connect(int fd, nint address, uint length);
            }
            """;
        Assert.Empty(await AnalyzerRunner.RunAsync(new SignatureMismatchAnalyzer(), source, Socket));
        Assert.Empty(await AnalyzerRunner.RunAsync(new IntegerWidthAnalyzer(), source, Socket));
    }
}
