using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.AllocationLifetimeAnalyzer, InteropLint.CodeFixes.AllocationLifetimeCodeFixProvider>;

namespace InteropLint.Tests.ILNT002AllocationLifetime;

/// <summary>
/// ILNT002 on its control-flow graph (issue 16): escapes into native memory, values returned to the caller,
/// what may throw, aliases, and bodies of every shape (goto, yield, switch, using).
/// </summary>
public sealed class ControlFlowGraphTests
{
    [Fact]
    public async Task GCHandleWrittenIntoNativeMemory_Escapes_NoDiagnostic()
    {
        // a sqlite3 binding keeps its aggregate context this way and frees it in the final callback
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            struct Callbacks { public IntPtr Context; }

            class C
            {
                static void Slot(IntPtr slot, object o)
                {
                    GCHandle h = GCHandle.Alloc(o);
                    Marshal.WriteIntPtr(slot, (IntPtr)h);
                }

                static void SlotByToIntPtr(IntPtr slot, object o)
                {
                    var h = GCHandle.Alloc(o);
                    Marshal.WriteIntPtr(slot, 8, GCHandle.ToIntPtr(h));
                }

                static unsafe void Dereference(IntPtr* slot)
                {
                    var p = Marshal.AllocHGlobal(8);
                    *slot = p;
                }

                static void StructField(IntPtr native)
                {
                    var p = Marshal.AllocHGlobal(8);
                    var callbacks = new Callbacks();
                    callbacks.Context = p;
                    Marshal.StructureToPtr(callbacks, native, false);
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, null);
    }

    [Fact]
    public async Task FreedInAFinallyInsideAForeach_TheEnumeratorsDisposeCannotLeakIt_NoDiagnostic()
    {
        // samples/Demo after its ILNT002 fix: an exception in the inner try runs the inner finally (which frees)
        // before it reaches the foreach's own finally, where the enumerator's Dispose may throw
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Runtime.InteropServices;

            class C
            {
                static void Shout(IEnumerable<string> names)
                {
                    foreach (string name in names)
                    {
                        IntPtr upper = Marshal.StringToHGlobalAnsi(name);
                        try
                        {
                            Console.WriteLine(Marshal.PtrToStringAnsi(upper));
                        }
                        finally
                        {
                            Marshal.FreeHGlobal(upper);
                        }
                    }
                }

                static void OverAnArray()
                {
                    foreach (string name in new[] { "alice", "bob" })
                    {
                        IntPtr upper = Marshal.StringToHGlobalAnsi(name);
                        try
                        {
                            Console.WriteLine(Marshal.PtrToStringAnsi(upper));
                        }
                        finally
                        {
                            Marshal.FreeHGlobal(upper);
                        }
                    }
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, null);
    }

    [Fact]
    public async Task NotFreedByTheInnerFinally_TheOuterFinallysThrowStillLeaksIt()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static void Run(IDisposable resource)
                {
                    try
                    {
                        IntPtr p = {|#0:Marshal.AllocHGlobal(8)|};
                        try
                        {
                            Console.WriteLine(Marshal.ReadByte(p));
                        }
                        finally
                        {
                            Console.WriteLine("inner");
                        }
                        Marshal.FreeHGlobal(p);
                    }
                    finally
                    {
                        resource.Dispose();
                    }
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, null,
            Verify.Diagnostic("ILNT002").WithLocation(0));
    }

    [Fact]
    public async Task ReturnedAfterWritesThatCannotThrow_IsTheCallers_NoDiagnostic()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static IntPtr Terminated(int n)
                {
                    var p = Marshal.AllocHGlobal(n);
                    Marshal.WriteByte(p, 0);
                    return p;
                }

                static IntPtr Offset(int n)
                {
                    var p = Marshal.AllocHGlobal(n + 4);
                    Marshal.WriteInt32(p, n * 2);
                    return p;
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, null);
    }

    [Fact]
    public async Task ReturnedAfterACallThatMayThrow_ReportsTheExceptionPathOnly_AndFixFreesInACatch()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static IntPtr Copy(byte[] data)
                {
                    var p = {|#0:Marshal.AllocHGlobal(data.Length)|};
                    Marshal.Copy(data, 0, p, data.Length);
                    return p;
                }
            }
            """;
        const string fixedSource = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static IntPtr Copy(byte[] data)
                {
                    var p = Marshal.AllocHGlobal(data.Length);
                    try
                    {
                        Marshal.Copy(data, 0, p, data.Length);
                    }
                    catch
                    {
                        Marshal.FreeHGlobal(p);
                        throw;
                    }

                    return p;
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, null,
            Verify.Diagnostic("ILNT002").WithLocation(0).WithArguments(
                "'Marshal.AllocHGlobal' result in 'p' leaks if 'Copy' at line 9 throws before it is returned; the caller owns it once returned: free it only on the exception path, catch { Marshal.FreeHGlobal; throw; }"));
    }

    [Fact]
    public async Task ZlibPInvokesDoNotThrow_GzwriteBetweenOpenAndClose_NoDiagnostic()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            static class Z
            {
                [DllImport("z")] static extern IntPtr gzopen(string path, string mode);
                [DllImport("z")] static extern int gzwrite(IntPtr file, byte[] buf, uint len);
                [DllImport("z")] static extern int gzclose(IntPtr file);

                static void Append(string path, byte[] data)
                {
                    IntPtr f = gzopen(path, "ab");
                    gzwrite(f, data, (uint)data.Length);
                    gzclose(f);
                }

                static void Leaks(string path, byte[] data)
                {
                    IntPtr f = {|#0:gzopen(path, "ab")|};
                    gzwrite(f, data, (uint)data.Length);
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, RealHeaders.Zlib,
            Verify.Diagnostic("ILNT002").WithLocation(0));
    }

    [Fact]
    public async Task AliasesAreFollowed()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static void FreedThroughACopy(int n)
                {
                    var p = Marshal.AllocHGlobal(n);
                    var q = p;
                    Marshal.FreeHGlobal(q);
                }

                static void FreedThroughAConditional(int n, bool big)
                {
                    var p = big ? Marshal.AllocHGlobal(n * 2) : Marshal.AllocHGlobal(n);
                    Marshal.WriteByte(p, 1);
                    Marshal.FreeHGlobal(p);
                }

                static void NeitherIsFreed(int n)
                {
                    var p = {|#0:Marshal.AllocHGlobal(n)|};
                    var q = p;
                    Marshal.WriteByte(q, 1);
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, null,
            Verify.Diagnostic("ILNT002").WithLocation(0).WithArguments("'Marshal.AllocHGlobal' result in 'p' is never freed; free it with Marshal.FreeHGlobal in a finally"));
    }

    [Fact]
    public async Task GotoYieldSwitchAndUsing_AreAnalysed()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Runtime.InteropServices;

            class C
            {
                static void Goto(int n)
                {
                    var p = {|#0:Marshal.AllocHGlobal(n)|};
                    if (n > 4) goto done;
                    Marshal.FreeHGlobal(p);
                done:
                    return;
                }

                static IEnumerable<int> Yield(int n)
                {
                    var p = {|#1:Marshal.AllocHGlobal(n)|};
                    yield return Marshal.ReadByte(p);
                }

                static IEnumerable<int> YieldFreed(int n)
                {
                    var p = Marshal.AllocHGlobal(n);
                    try
                    {
                        yield return Marshal.ReadByte(p);
                    }
                    finally
                    {
                        Marshal.FreeHGlobal(p);
                    }
                }

                static int Switch(int kind)
                {
                    var p = Marshal.AllocHGlobal(8);
                    switch (kind)
                    {
                        case 0:
                            Marshal.FreeHGlobal(p);
                            return 0;
                        default:
                            Marshal.FreeHGlobal(p);
                            return 1;
                    }
                }

                static void Using(string path)
                {
                    var p = Marshal.AllocHGlobal(8);
                    try
                    {
                        using (var s = File.OpenRead(path))
                        {
                            Marshal.WriteByte(p, (byte)s.ReadByte());
                        }
                    }
                    finally
                    {
                        Marshal.FreeHGlobal(p);
                    }
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, null,
            Verify.Diagnostic("ILNT002").WithLocation(0).WithArguments("'Marshal.AllocHGlobal' result in 'p' is not freed on a path that reaches the end of the method; free it with Marshal.FreeHGlobal in a finally"),
            Verify.Diagnostic("ILNT002").WithLocation(1).WithArguments("'Marshal.AllocHGlobal' result in 'p' is never freed; free it with Marshal.FreeHGlobal in a finally"));
    }
}
