using InteropLint.Tests.Ownership;
using Xunit;
using static InteropLint.Tests.Ownership.OwnershipManifests;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.CallbackLifetimeAnalyzer, InteropLint.CodeFixes.CallbackLifetimeCodeFixProvider>;

namespace InteropLint.Tests.ILNT010CallbackLifetime;

public sealed class CallbackLifetimeTests
{
    private static string DemoManifest => OwnershipManifests.Scan("native/include/interopdemo.h", "--library", "interopdemo");

    private const string DemoBindings = """
            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            delegate void LogFn(IntPtr user, int level, IntPtr message);

            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            delegate int VisitFn(IntPtr user, int item, nuint index);

            static partial class Demo
            {
                [DllImport("interopdemo")]
                public static extern void demo_set_logger(LogFn fn, IntPtr user);

                [DllImport("interopdemo")]
                public static extern int demo_visit(int[] items, nuint n, VisitFn fn, IntPtr user);
            }
            """;

    [Fact]
    public async Task LambdaPassedToSetLogger_Reports_AndFixKeepsItInStaticReadonlyField()
    {
        var source = """
            using System;
            using System.Runtime.InteropServices;

            """ + DemoBindings + """

            static class App
            {
                static void Start()
                {
                    Demo.demo_set_logger({|#0:(user, level, message) => Console.WriteLine(level)|}, IntPtr.Zero);
                }
            }
            """;
        var fixedSource = """
            using System;
            using System.Runtime.InteropServices;

            """ + DemoBindings + """

            static class App
            {
                private static readonly LogFn s_demoSetLoggerFn = (user, level, message) => Console.WriteLine(level);

                static void Start()
                {
                    Demo.demo_set_logger(s_demoSetLoggerFn, IntPtr.Zero);
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, DemoManifest,
            Verify.Diagnostic("ILNT010").WithLocation(0).WithArguments(
                "the delegate passed as 'fn' to 'demo_set_logger' is created for this call (lambda), but 'demo_set_logger' keeps the callback after it returns "
                + "(interopdemo.h:180: its doc comment says the library keeps it): nothing keeps the delegate alive, and native code calls a collected delegate; "
                + "store it in a static field or pass an [UnmanagedCallersOnly] function pointer"));
    }

    [Fact]
    public async Task CapturingLambdaAndInstanceMethodGroup_FixAssignsAStaticFieldAtTheCall_FixAll()
    {
        var source = """
            #nullable enable
            using System;
            using System.Runtime.InteropServices;

            """ + DemoBindings + """

            sealed class Logger
            {
                int _count;

                void OnLog(IntPtr user, int level, IntPtr message) => _count++;

                void Start(string prefix)
                {
                    Demo.demo_set_logger({|ILNT010:(user, level, message) => Console.WriteLine(prefix + level)|}, IntPtr.Zero);
                    Demo.demo_set_logger({|ILNT010:OnLog|}, IntPtr.Zero);
                    Demo.demo_set_logger({|ILNT010:new LogFn(OnLog)|}, IntPtr.Zero);
                }
            }
            """;
        var fixedSource = """
            #nullable enable
            using System;
            using System.Runtime.InteropServices;

            """ + DemoBindings + """

            sealed class Logger
            {
                private static LogFn? s_demoSetLoggerFn;
                private static LogFn? s_demoSetLoggerFn2;
                private static LogFn? s_demoSetLoggerFn3;
                int _count;

                void OnLog(IntPtr user, int level, IntPtr message) => _count++;

                void Start(string prefix)
                {
                    Demo.demo_set_logger((s_demoSetLoggerFn = (user, level, message) => Console.WriteLine(prefix + level)), IntPtr.Zero);
                    Demo.demo_set_logger((s_demoSetLoggerFn2 = OnLog), IntPtr.Zero);
                    Demo.demo_set_logger((s_demoSetLoggerFn3 = new LogFn(OnLog)), IntPtr.Zero);
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, DemoManifest);
    }

    [Fact]
    public async Task SynchronousVisitor_FieldArgument_StoredLocal_NoDiagnostic()
    {
        var source = """
            using System;
            using System.Runtime.InteropServices;

            """ + DemoBindings + """

            sealed class App
            {
                static readonly LogFn s_logger = (user, level, message) => { };
                LogFn? _kept;

                int Sum(int[] items)
                {
                    var sum = 0;
                    Demo.demo_visit(items, (nuint)items.Length, (user, item, index) => { sum += item; return 0; }, IntPtr.Zero);
                    Demo.demo_set_logger(s_logger, IntPtr.Zero);
                    LogFn local = (user, level, message) => { };
                    _kept = local;
                    Demo.demo_set_logger(local, IntPtr.Zero);
                    return sum;
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, DemoManifest);
    }

    [Fact]
    public async Task StaticMethodGroup_FixUsesStaticReadonlyField_GCHandleRootedLocalIsNotReported()
    {
        var source = """
            using System;
            using System.Runtime.InteropServices;

            """ + DemoBindings + """

            static class App
            {
                static void OnLog(IntPtr user, int level, IntPtr message) { }

                static void Start()
                {
                    Demo.demo_set_logger({|ILNT010:OnLog|}, IntPtr.Zero);
                    LogFn rooted = (user, level, message) => { };
                    var handle = GCHandle.Alloc(rooted);
                    Demo.demo_set_logger(rooted, GCHandle.ToIntPtr(handle));
                }
            }
            """;
        var fixedSource = """
            using System;
            using System.Runtime.InteropServices;

            """ + DemoBindings + """

            static class App
            {
                private static readonly LogFn s_demoSetLoggerFn = OnLog;

                static void OnLog(IntPtr user, int level, IntPtr message) { }

                static void Start()
                {
                    Demo.demo_set_logger(s_demoSetLoggerFn, IntPtr.Zero);
                    LogFn rooted = (user, level, message) => { };
                    var handle = GCHandle.Alloc(rooted);
                    Demo.demo_set_logger(rooted, GCHandle.ToIntPtr(handle));
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, DemoManifest);
    }

    [Fact]
    public async Task DelegateOnlyInALocal_ReportsWithoutFix()
    {
        var source = """
            using System;
            using System.Runtime.InteropServices;

            """ + DemoBindings + """

            static class App
            {
                static void Start()
                {
                    LogFn log = (user, level, message) => { };
                    Demo.demo_set_logger({|ILNT010:log|}, IntPtr.Zero);
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, source, DemoManifest);
    }

    [Fact]
    public async Task Sqlite_BusyHandlerReports_ExecCallbackDoesNot()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            delegate int BusyFn(IntPtr user, int count);

            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            delegate int RowFn(IntPtr user, int columns, IntPtr values, IntPtr names);

            static class Sqlite
            {
                [DllImport("sqlite3")]
                public static extern int sqlite3_busy_handler(IntPtr db, BusyFn handler, IntPtr user);

                [DllImport("sqlite3")]
                public static extern int sqlite3_exec(IntPtr db, string sql, RowFn callback, IntPtr user, out IntPtr error);

                static void Open(IntPtr db)
                {
                    sqlite3_busy_handler(db, {|ILNT010:(user, count) => count < 10 ? 1 : 0|}, IntPtr.Zero);
                    sqlite3_exec(db, "select 1", (user, columns, values, names) => 0, IntPtr.Zero, out _);
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, OwnershipManifests.Scan("/usr/include/sqlite3.h", "--library", "sqlite3"));
    }

    [Fact]
    public async Task Qsort_ComparisonIsSynchronous_NoDiagnostic()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            delegate int Compare(IntPtr a, IntPtr b);

            static class LibC
            {
                [DllImport("c")]
                public static extern void qsort(IntPtr items, nuint count, nuint size, Compare compare);

                static void Sort(IntPtr items, nuint count) =>
                    qsort(items, count, 4, (a, b) => Marshal.ReadInt32(a).CompareTo(Marshal.ReadInt32(b)));
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, OwnershipManifests.Scan("/usr/include/stdlib.h"));
    }

    [Fact]
    public async Task RetainingFunctionsOption_MarksAFunctionTheNameCannotTell()
    {
        var manifest = Build(Function("x_watch", Void(), ("fn", FunctionPointer("x_fn"))));
        var test = new Infrastructure.InteropTest<InteropLint.Analyzers.CallbackLifetimeAnalyzer, InteropLint.CodeFixes.CallbackLifetimeCodeFixProvider>
        {
            TestCode = """
                using System;
                using System.Runtime.InteropServices;

                delegate void Fn(IntPtr user, int value);

                static class Native
                {
                    [DllImport("x")]
                    public static extern void x_watch(Fn fn);

                    static void Watch() => x_watch({|ILNT010:(user, value) => { }|});
                }
                """,
            FixedCode = """
                using System;
                using System.Runtime.InteropServices;

                delegate void Fn(IntPtr user, int value);

                static class Native
                {
                    private static readonly Fn s_xWatchFn = (user, value) => { };

                    [DllImport("x")]
                    public static extern void x_watch(Fn fn);

                    static void Watch() => x_watch(s_xWatchFn);
                }
                """,
        };
        test.WithManifest(manifest);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\ninteroplint.retaining_functions = x_watch\n"));
        test.FixedState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\ninteroplint.retaining_functions = x_watch\n"));
        await test.RunAsync();
    }

    [Fact]
    public async Task WithoutTheOption_UnknownFunctionIsNotJudged()
    {
        var manifest = Build(Function("x_watch", Void(), ("fn", FunctionPointer("x_fn"))));
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            delegate void Fn(IntPtr user, int value);

            static class Native
            {
                [DllImport("x")]
                public static extern void x_watch(Fn fn);

                static void Watch() => x_watch((user, value) => { });
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, manifest);
    }
}
