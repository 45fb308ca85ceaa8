using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.SignatureMismatchAnalyzer, InteropLint.CodeFixes.SignatureMismatchCodeFixProvider>;

namespace InteropLint.Tests.ILNT005SignatureMismatch;

/// <summary>ILNT005 against headers parsed by the real scanner: zlib, glibc's stdlib.h, native/interopdemo.h.</summary>
[Trait(Tier.Name, Tier.RealHeader)]
public class RealHeaderTests
{
    [Fact]
    public Task Zlib_DeflateOneParameterShort_FixAddsFlush()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z")] public static extern int {|ILNT005:deflate|}(IntPtr strm);
            }
            """;
        const string fixedSource = """
            using System;
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z")] public static extern int deflate(IntPtr strm, int flush);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, RealHeaders.Zlib);
    }

    [Theory]
    [InlineData("libc")]
    [InlineData("")]
    public Task Glibc_StrtodReturningFloat_BecomesDouble(string library)
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            static class Libc
            {
                [DllImport("libc")] public static extern {|ILNT005:float|} strtod(string s, IntPtr end);
            }
            """;
        const string fixedSource = """
            using System;
            using System.Runtime.InteropServices;
            static class Libc
            {
                [DllImport("libc")] public static extern double strtod(string s, IntPtr end);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, RealHeaders.Glibc("stdlib.h", library));
    }

    [Fact]
    public async Task Glibc_StrtodMessage_NamesPrototypeAndWidths()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            static class Libc
            {
                [DllImport("libc")] public static extern float strtod(string s, IntPtr end);
            }
            """;
        var diagnostics = await AnalyzerRunner.RunAsync(new SignatureMismatchAnalyzer(), source, RealHeaders.Glibc("stdlib.h"));
        var d = Assert.Single(diagnostics);
        var message = d.GetMessage();
        Assert.Contains("stdlib.h:", message);
        Assert.Contains("double strtod(", message);
        Assert.Contains("the return value is 'float' (a 4-byte float) but C 'double' is an 8-byte double", message);
    }

    [Fact]
    public async Task CorrectDeclarations_OfTheSameFunctions_AreSilent()
    {
        const string zlib = """
            using System;
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z")] public static extern int deflate(IntPtr strm, int flush);
                [DllImport("z")] public static extern int deflateEnd(IntPtr strm);
                [DllImport("z")] public static extern IntPtr zlibVersion();
            }
            """;
        Assert.Empty(await SignatureRules.RunAllAsync(zlib, RealHeaders.Zlib));

        const string libc = """
            using System;
            using System.Runtime.InteropServices;
            static class Libc
            {
                [DllImport("libc")] public static extern double strtod(string s, IntPtr end);
                [DllImport("libc")] public static extern double strtod(string s, out IntPtr end);
                [DllImport("libc")] public static extern float strtof(string s, IntPtr end);
            }
            """;
        Assert.Empty(await SignatureRules.RunAllAsync(libc, RealHeaders.Glibc("stdlib.h")));
    }

    [Fact]
    public Task InteropDemo_StructByValueAndPointerToPointerAndCallback()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            public struct DemoPoint { public int X; public int Y; }
            public delegate int VisitFn(IntPtr user, int item, int index);
            static class Demo
            {
                [DllImport("interopdemo")] public static extern int demo_point_manhattan(ref {|ILNT005:DemoPoint|} p);
                [DllImport("interopdemo")] public static extern void demo_point_translate(ref DemoPoint p, int dx, int dy);
                [DllImport("interopdemo")] public static extern int demo_split(string s, ref {|ILNT005:string|} parts);
                [DllImport("interopdemo", EntryPoint = "demo_split")] public static extern int Split(string s, out IntPtr parts);
                [DllImport("interopdemo")] public static extern int demo_visit(int[] items, nuint n, {|ILNT005:VisitFn|} fn, IntPtr user);
                [DllImport("interopdemo")] public static extern double demo_scale(double x, float factor);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, RealHeaders.InteropDemo);
    }
}
