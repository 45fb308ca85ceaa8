using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.CallbackLifetimeAnalyzer, InteropLint.CodeFixes.CallbackLifetimeCodeFixProvider>;

namespace InteropLint.Tests.ILNT010CallbackLifetime;

/// <summary>ILNT010 judged from the header's evidence (issue 16): un-registration pairs, setters, doc comments; synchronous APIs stay silent.</summary>
public sealed class RegistrationEvidenceTests
{
    private static int LineOf(string path, string text) =>
        Array.FindIndex(File.ReadAllLines(path), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    [Fact]
    public async Task SetterWithoutUserData_CalledWithALambda_Reports()
    {
        var manifest = NativeHeaders.ScanText("""
            typedef void (*tk_log_fn)(const char *message);
            void tk_set_logger(tk_log_fn log);
            """, "linux-x64");
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            delegate void LogFn(IntPtr message);

            static class Tk
            {
                [DllImport("tk")] static extern void tk_set_logger(LogFn log);

                static void Start() => tk_set_logger({|#0:m => Console.WriteLine(m)|});
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, manifest, Verify.Diagnostic("ILNT010").WithLocation(0));
    }

    [Fact]
    public async Task LibvlcEventAttach_WithALambda_Reports_FromItsDetachPair()
    {
        const string header = "/usr/include/vlc/libvlc.h";
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            delegate void EventCallback(IntPtr ev, IntPtr userData);

            static class Vlc
            {
                [DllImport("vlc")] static extern int libvlc_event_attach(IntPtr manager, int type, EventCallback callback, IntPtr userData);

                static void Watch(IntPtr manager) => libvlc_event_attach(manager, 0, {|#0:(e, u) => Console.WriteLine(e)|}, IntPtr.Zero);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, NativeHeaders.Scan(header, "linux-x64"),
            Verify.Diagnostic("ILNT010").WithLocation(0).WithArguments(
                "the delegate passed as 'callback' to 'libvlc_event_attach' is created for this call (lambda), but 'libvlc_event_attach' keeps the callback after it returns "
                + "(libvlc.h:" + LineOf(header, "LIBVLC_API int libvlc_event_attach") + ": the header pairs it with libvlc_event_detach at libvlc.h:" + LineOf(header, "LIBVLC_API void libvlc_event_detach")
                + "): nothing keeps the delegate alive, and native code calls a collected delegate; store it in a static field or pass an [UnmanagedCallersOnly] function pointer"));
    }

    [Fact]
    public async Task SqliteExecAndQsort_AreSynchronous_NoDiagnostic()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
            delegate int RowFn(IntPtr user, int n, IntPtr values, IntPtr names);

            static class Sqlite
            {
                [DllImport("sqlite3")] static extern int sqlite3_exec(IntPtr db, string sql, RowFn callback, IntPtr user, out IntPtr error);

                static void Run(IntPtr db) => sqlite3_exec(db, "select 1", (u, n, v, c) => 0, IntPtr.Zero, out _);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, RealHeaders.Sqlite);
    }
}
