using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.SignatureMismatchAnalyzer, InteropLint.CodeFixes.SignatureMismatchCodeFixProvider>;

namespace InteropLint.Tests.ILNT005SignatureMismatch;

public class SignatureMismatchTests
{
    private static readonly CTypeOn Point = C.Struct("demo_point", 8);
    private static readonly CTypeOn Record = C.Struct("demo_record", 48, 8);
    private static readonly CTypeOn VisitFn = C.FunctionPointer("demo_visit_fn", C.Int, C.Pointer(C.Void), C.Int, C.SizeT);

    private static readonly string Manifest = Declarations(new TestManifest(library: "demo")).Json();

    private static readonly string ManifestWithX86 = Declarations(new TestManifest(library: "demo", targets: "linux-x64;win-x64;win-x86;osx-arm64")).Json();

    private static TestManifest Declarations(TestManifest manifest) => manifest
        .Function("demo_scale", C.Double, ("x", C.Double), ("factor", C.Float))
        .Function("demo_point_manhattan", C.Int, ("p", Point))
        .Function("demo_point_translate", C.Void, ("p", C.Pointer(Point)), ("dx", C.Int), ("dy", C.Int))
        .Function("demo_record_get", C.Int, ("out", C.Pointer(C.Pointer(Record))))
        .Function("demo_visit", C.Int, ("items", C.Pointer(C.Const(C.Int))), ("n", C.SizeT), ("fn", VisitFn), ("user", C.Pointer(C.Void)))
        .Function("demo_origin", Point)
        .Function("demo_checksum", C.Long, ("data", C.Pointer(C.Const(C.UChar))), ("len", C.SizeT))
        .Function("demo_name", C.Pointer(C.Const(C.Char)), ("id", C.Int))
        .Function("deflate", C.Int, ("strm", C.Pointer(C.Struct("z_stream", 112, 8))), ("flush", C.Int));

    private const string Prelude = """
        using System;
        using System.Runtime.InteropServices;
        public struct Point { public int X; public int Y; }
        public struct Handle { public IntPtr Value; }

        """;

    [Fact]
    public Task FloatForDouble_RewritesTypes()
    {
        var source = Prelude + """
            static class Demo
            {
                [DllImport("demo")]
                public static extern {|#0:float|} demo_scale({|#1:float|} x, {|#2:double|} factor);
            }
            """;
        var fixedSource = Prelude + """
            static class Demo
            {
                [DllImport("demo")]
                public static extern double demo_scale(double x, float factor);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT005SignatureMismatch).WithLocation(0).WithLocation(1).WithLocation(2).WithArguments(
                "'demo_scale' does not match its C prototype (demo.h:10: double demo_scale(double x, float factor)): "
                + "the return value is 'float' (a 4-byte float) but C 'double' is an 8-byte double; "
                + "parameter 'x' is 'float' (a 4-byte float) but C 'double' is an 8-byte double; "
                + "parameter 'factor' is 'double' (an 8-byte double) but C 'float' is a 4-byte float"));
    }

    [Fact]
    public Task FloatForDouble_WithCallSiteThatWouldBreak_OffersNoFix()
    {
        var source = Prelude + """
            static class Demo
            {
                [DllImport("demo")]
                public static extern double demo_scale(double x, {|#0:double|} factor);
                static void Use(float f) { float r = (float)demo_scale(1, f); Take(ref f); }
                static void Take(ref float f) { }
            }
            """;
        // the fix would turn factor into float; this call site still compiles, so the fix is offered
        var fixedSource = Prelude + """
            static class Demo
            {
                [DllImport("demo")]
                public static extern double demo_scale(double x, float factor);
                static void Use(float f) { float r = (float)demo_scale(1, f); Take(ref f); }
                static void Take(ref float f) { }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest, Verify.Diagnostic(RuleIdentifiers.ILNT005SignatureMismatch).WithLocation(0));
    }

    [Fact]
    public Task ReturnTypeChangeThatBreaksCaller_NoFix()
    {
        var source = Prelude + """
            static class Demo
            {
                [DllImport("demo")]
                public static extern {|#0:float|} demo_scale(double x, float factor);
                static float Use() => demo_scale(1, 2);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source, Manifest, Verify.Diagnostic(RuleIdentifiers.ILNT005SignatureMismatch).WithLocation(0));
    }

    [Fact]
    public Task MissingParameter_AddsItWithTheCName()
    {
        var source = Prelude + """
            static class Z
            {
                [DllImport("demo")]
                public static extern int {|#0:deflate|}(IntPtr strm);
            }
            """;
        var fixedSource = Prelude + """
            static class Z
            {
                [DllImport("demo")]
                public static extern int deflate(IntPtr strm, int flush);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT005SignatureMismatch).WithLocation(0).WithArguments(
                "'deflate' does not match its C prototype (demo.h:18: int deflate(z_stream *strm, int flush)): C takes 2 parameters but the P/Invoke declares 1"));
    }

    [Fact]
    public Task ExtraParameter_IsRemoved()
    {
        var source = Prelude + """
            static class Z
            {
                [DllImport("demo")]
                public static extern int {|#0:deflate|}(IntPtr strm, int flush, int extra);
            }
            """;
        var fixedSource = Prelude + """
            static class Z
            {
                [DllImport("demo")]
                public static extern int deflate(IntPtr strm, int flush);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest, Verify.Diagnostic(RuleIdentifiers.ILNT005SignatureMismatch).WithLocation(0));
    }

    [Fact]
    public Task StructByRefForStructByValue_DropsRef()
    {
        var source = Prelude + """
            static class Demo
            {
                [DllImport("demo")]
                public static extern int demo_point_manhattan(ref {|#0:Point|} p);
            }
            """;
        var fixedSource = Prelude + """
            static class Demo
            {
                [DllImport("demo")]
                public static extern int demo_point_manhattan(Point p);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT005SignatureMismatch).WithLocation(0).WithArguments(
                "'demo_point_manhattan' does not match its C prototype (demo.h:11: int demo_point_manhattan(demo_point p)): parameter 'p' is 'ref Point' (a pointer) but C 'demo_point' is a struct passed by value"));
    }

    [Fact]
    public Task StructByValueForPointer_AddsRef()
    {
        var source = Prelude + """
            static class Demo
            {
                [DllImport("demo")]
                public static extern void demo_point_translate({|#0:Point|} p, int dx, int dy);
            }
            """;
        var fixedSource = Prelude + """
            static class Demo
            {
                [DllImport("demo")]
                public static extern void demo_point_translate(ref Point p, int dx, int dy);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT005SignatureMismatch).WithLocation(0).WithArguments(
                "'demo_point_translate' does not match its C prototype (demo.h:12: void demo_point_translate(demo_point *p, int dx, int dy)): parameter 'p' is 'Point' (a struct passed by value) but C 'demo_point *' is a pointer"));
    }

    [Fact]
    public Task PointerDepth_RefStructForPointerToPointer_BecomesRefNint()
    {
        var source = Prelude + """
            public struct DemoRecord { public double Value; public int Id; }
            static class Demo
            {
                [DllImport("demo")]
                public static extern int demo_record_get(out {|#0:DemoRecord|} record);
            }
            """;
        var fixedSource = Prelude + """
            public struct DemoRecord { public double Value; public int Id; }
            static class Demo
            {
                [DllImport("demo")]
                public static extern int demo_record_get(out nint record);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT005SignatureMismatch).WithLocation(0).WithArguments(
                "'demo_record_get' does not match its C prototype (demo.h:13: int demo_record_get(demo_record **out)): parameter 'record' points to 'DemoRecord' (a struct passed by value) where C points to 'demo_record *' (a pointer)"));
    }

    [Fact]
    public Task CallbackWithWrongWidthAndConvention_ReportsWithoutFix()
    {
        var source = Prelude + """
            delegate int VisitFn(IntPtr user, int item, int index);
            static class Demo
            {
                [DllImport("demo", CallingConvention = CallingConvention.Cdecl)]
                public static extern int demo_visit(int[] items, nuint n, {|#0:VisitFn|} fn, IntPtr user);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source, ManifestWithX86,
            Verify.Diagnostic(RuleIdentifiers.ILNT005SignatureMismatch).WithLocation(0).WithArguments(
                "'demo_visit' does not match its C prototype (demo.h:14: int demo_visit(const int *items, size_t n, demo_visit_fn fn, void *user)): "
                + "parameter 'fn' in callback 'VisitFn' (C 'demo_visit_fn'), parameter 'index' is 'int' (4 bytes) but C 'size_t' is 8 bytes on linux-x64, win-x64, osx-arm64, "
                + "and callback 'VisitFn' is stdcall but C 'demo_visit_fn' is cdecl; add [UnmanagedFunctionPointer(CallingConvention.Cdecl)] to the delegate on win-x86"
                + "; no rewrite is right on every ABI checked"));
    }

    [Fact]
    public Task ManagedFunctionPointerForCallback_Reports()
    {
        var source = Prelude + """
            static unsafe class Demo
            {
                [DllImport("demo")]
                public static extern int demo_visit(int* items, nuint n, {|#0:delegate*<IntPtr, int, nuint, int>|} fn, IntPtr user);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source, Manifest, Verify.Diagnostic(RuleIdentifiers.ILNT005SignatureMismatch).WithLocation(0));
    }

    [Fact]
    public Task VoidForStructReturn_ReportsWithoutFix()
    {
        var source = Prelude + """
            static class Demo
            {
                [DllImport("demo")] public static extern {|#0:void|} demo_origin();
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT005SignatureMismatch).WithLocation(0).WithArguments(
                "'demo_origin' does not match its C prototype (demo.h:15: demo_point demo_origin(void)): the return value is 'void' but C returns 'demo_point' (a struct passed by value), which it writes through a hidden pointer the P/Invoke does not pass; no rewrite is right on every ABI checked"));
    }

    [Fact]
    public Task IntegerForDouble_BecomesDouble()
    {
        var source = Prelude + """
            static class Demo
            {
                [DllImport("demo", EntryPoint = "demo_scale")] public static extern double Scale({|#0:long|} x, float factor);
            }
            """;
        var fixedSource = Prelude + """
            static class Demo
            {
                [DllImport("demo", EntryPoint = "demo_scale")] public static extern double Scale(double x, float factor);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT005SignatureMismatch).WithLocation(0).WithArguments(
                "'demo_scale' does not match its C prototype (demo.h:10: double demo_scale(double x, float factor)): parameter 'x' is 'long' (an integer) but C 'double' is an 8-byte double"));
    }

    [Fact]
    public Task CorrectAndOtherRulesDeclarations_NoDiagnostic()
    {
        var source = Prelude + """
            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            delegate int VisitFn(IntPtr user, int item, nuint index);
            static unsafe class Demo
            {
                [DllImport("demo")] public static extern double demo_scale(double x, float factor);
                [DllImport("demo")] public static extern int demo_point_manhattan(Point p);
                [DllImport("demo", EntryPoint = "demo_point_translate")] public static extern void Translate1(ref Point p, int dx, int dy);
                [DllImport("demo", EntryPoint = "demo_point_translate")] public static extern void Translate2(Point* p, int dx, int dy);
                [DllImport("demo", EntryPoint = "demo_point_translate")] public static extern void Translate3(IntPtr p, int dx, int dy);
                [DllImport("demo", EntryPoint = "demo_point_translate")] public static extern void Translate4(Handle p, int dx, int dy);
                [DllImport("demo", EntryPoint = "demo_point_translate")] public static extern void Translate5(Point[] p, int dx, int dy);
                [DllImport("demo")] public static extern int demo_record_get(out IntPtr record);
                [DllImport("demo", CallingConvention = CallingConvention.Cdecl)] public static extern int demo_visit(int[] items, nuint n, VisitFn fn, IntPtr user);
                [DllImport("demo", EntryPoint = "demo_visit")] public static extern int Visit2(int* items, nuint n, delegate* unmanaged[Cdecl]<IntPtr, int, nuint, int> fn, void* user);
                [DllImport("demo")] public static extern Point demo_origin();
                [DllImport("demo")] public static extern uint demo_checksum(byte[] data, nuint len);
                [DllImport("demo", EntryPoint = "demo_checksum")] public static extern int Checksum(string data, int len);
                [DllImport("demo")] public static extern IntPtr demo_name(int id);
                [DllImport("demo", EntryPoint = "demo_name")] public static extern string Name(int id);
                [DllImport("demo", EntryPoint = "demo_name")] public static extern int NameAsInt(int id);
                [DllImport("demo", EntryPoint = "demo_point_translate")] public static extern void Ignored(IntPtr p, int dx, int dy);
                [DllImport("demo", EntryPoint = "demo_checksum")] public static extern {|#0:void|} IgnoreResult(byte[] data, nuint len);
            }
            """;
        // A dropped scalar return is ABI-safe: only an Info that the caller cannot see it (DroppedReturnTests).
        return Verify.VerifyAnalyzerAsync(source, Manifest,
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(RuleIdentifiers.ILNT005SignatureMismatch, Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments(
                "'demo_checksum' returns 'long' (demo.h:16: long demo_checksum(const unsigned char *data, size_t len)) but the P/Invoke returns 'void', so callers cannot see it; the call itself is right on every ABI. Declare the return value to read it"));
    }

    [Fact]
    public Task Win86_DllImportDefaultStdcall_ForCdeclFunction_SetsCdecl()
    {
        var source = Prelude + """
            static class Demo
            {
                [DllImport("demo")]
                public static extern double {|#0:demo_scale|}(double x, float factor);
            }
            """;
        var fixedSource = Prelude + """
            static class Demo
            {
                [DllImport("demo", CallingConvention = CallingConvention.Cdecl)]
                public static extern double demo_scale(double x, float factor);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, ManifestWithX86,
            Verify.Diagnostic(RuleIdentifiers.ILNT005SignatureMismatch).WithLocation(0).WithArguments(
                "'demo_scale' does not match its C prototype (demo.h:10: double demo_scale(double x, float factor)): "
                + "the P/Invoke is stdcall (DllImport's default, Winapi) but C is cdecl on win-x86, which unbalances the stack; set CallingConvention = CallingConvention.Cdecl"));
    }

    [Fact]
    public Task Win86_CdeclDeclaredOrNoX86Target_NoDiagnostic()
    {
        var source = Prelude + """
            static class Demo
            {
                [DllImport("demo", CallingConvention = CallingConvention.Cdecl)]
                public static extern double demo_scale(double x, float factor);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, ManifestWithX86);
    }

    [Fact]
    public Task Win86_ConventionAndTypeTogether_OneRewrite()
    {
        var source = Prelude + """
            static class Demo
            {
                [DllImport("demo")]
                public static extern double {|#0:demo_scale|}(double x, {|#1:double|} factor);
            }
            """;
        var fixedSource = Prelude + """
            static class Demo
            {
                [DllImport("demo", CallingConvention = CallingConvention.Cdecl)]
                public static extern double demo_scale(double x, float factor);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, ManifestWithX86,
            Verify.Diagnostic(RuleIdentifiers.ILNT005SignatureMismatch).WithLocation(1).WithLocation(0));
    }
}
