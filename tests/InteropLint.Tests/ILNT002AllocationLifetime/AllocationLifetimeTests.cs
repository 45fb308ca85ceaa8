using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.AllocationLifetimeAnalyzer, InteropLint.CodeFixes.AllocationLifetimeCodeFixProvider>;

namespace InteropLint.Tests.ILNT002AllocationLifetime;

/// <summary>ILNT002 on the runtime's own allocators (no header needed).</summary>
public sealed class AllocationLifetimeTests
{
    [Fact]
    public async Task AllocHGlobalNeverFreed_Reports_AndFixFreesInFinally()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static void M(byte[] data)
                {
                    var p = {|#0:Marshal.AllocHGlobal(data.Length)|};
                    Marshal.Copy(data, 0, p, data.Length);
                }
            }
            """;
        const string fixedSource = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static void M(byte[] data)
                {
                    var p = Marshal.AllocHGlobal(data.Length);
                    try
                    {
                        Marshal.Copy(data, 0, p, data.Length);
                    }
                    finally
                    {
                        Marshal.FreeHGlobal(p);
                    }
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, null,
            Verify.Diagnostic("ILNT002").WithLocation(0).WithArguments("'Marshal.AllocHGlobal' result in 'p' is never freed; free it with Marshal.FreeHGlobal in a finally"));
    }

    [Fact]
    public async Task FreedInFinally_NoDiagnostic()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static void M(byte[] data)
                {
                    var p = Marshal.AllocHGlobal(data.Length);
                    try
                    {
                        Marshal.Copy(data, 0, p, data.Length);
                    }
                    finally
                    {
                        Marshal.FreeHGlobal(p);
                    }

                    IntPtr q = IntPtr.Zero;
                    try
                    {
                        q = Marshal.StringToHGlobalAnsi("x");
                        Marshal.Copy(data, 0, q, 1);
                    }
                    finally
                    {
                        if (q != IntPtr.Zero)
                        {
                            Marshal.FreeHGlobal(q);
                        }
                    }
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, null);
    }

    [Fact]
    public async Task CallBetweenAllocationAndFree_MayThrow_Reports_AndFixMovesTheFreeIntoFinally()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static void M(byte[] data)
                {
                    var p = {|#0:Marshal.AllocCoTaskMem(data.Length)|};
                    Marshal.Copy(data, 0, p, data.Length);
                    Marshal.FreeCoTaskMem(p);
                }
            }
            """;
        const string fixedSource = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static void M(byte[] data)
                {
                    var p = Marshal.AllocCoTaskMem(data.Length);
                    try
                    {
                        Marshal.Copy(data, 0, p, data.Length);
                    }
                    finally
                    {
                        Marshal.FreeCoTaskMem(p);
                    }
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, null,
            Verify.Diagnostic("ILNT002").WithLocation(0).WithArguments("'Marshal.AllocCoTaskMem' result in 'p' leaks if 'Copy' at line 9 throws before it is freed; free it with Marshal.FreeCoTaskMem in a finally"));
    }

    [Fact]
    public async Task FreedRightAfter_NothingInBetween_NoDiagnostic()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static void M()
                {
                    var p = Marshal.AllocHGlobal(16);
                    Marshal.FreeHGlobal(p);
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, null);
    }

    [Fact]
    public async Task ReturnedStoredOrHandedOver_NoDiagnostic()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            sealed class BufferHandle : SafeHandle
            {
                public BufferHandle(IntPtr p) : base(IntPtr.Zero, true) => SetHandle(p);
                public override bool IsInvalid => handle == IntPtr.Zero;
                protected override bool ReleaseHandle() { Marshal.FreeHGlobal(handle); return true; }
            }

            class C
            {
                IntPtr _buffer;
                static IntPtr[] s_slots = new IntPtr[1];

                static IntPtr Returned() => Marshal.AllocHGlobal(8);

                static IntPtr ReturnedLocal()
                {
                    var p = Marshal.AllocHGlobal(8);
                    return p;
                }

                void StoredInField() { _buffer = Marshal.AllocHGlobal(8); }

                static void StoredInArray()
                {
                    var p = Marshal.AllocHGlobal(8);
                    s_slots[0] = p;
                }

                static void OutParameter(out IntPtr result)
                {
                    result = Marshal.AllocHGlobal(8);
                }

                static BufferHandle HandedToSafeHandle() => new BufferHandle(Marshal.AllocHGlobal(8));

                static void PassedToUserMethod()
                {
                    var p = Marshal.AllocHGlobal(8);
                    Keep(p);
                }

                static void Keep(IntPtr p) { }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, null);
    }

    [Fact]
    public async Task EarlyReturnPath_Reports()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static int M(bool quick)
                {
                    var p = {|#0:Marshal.AllocHGlobal(8)|};
                    if (quick)
                    {
                        return 0;
                    }

                    Marshal.FreeHGlobal(p);
                    return 1;
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, null,
            Verify.Diagnostic("ILNT002").WithLocation(0).WithArguments("'Marshal.AllocHGlobal' result in 'p' is not freed on the path that returns at line 11; free it with Marshal.FreeHGlobal in a finally"));
    }

    [Fact]
    public async Task ExplicitThrowBeforeFree_Reports_NullCheckThrowDoesNot()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static void M(int n)
                {
                    var p = {|#0:Marshal.AllocHGlobal(n)|};
                    if (n > 100)
                    {
                        throw new ArgumentOutOfRangeException(nameof(n));
                    }

                    Marshal.FreeHGlobal(p);
                }

                static void NullChecked(int n)
                {
                    var p = Marshal.AllocHGlobal(n);
                    if (p == IntPtr.Zero)
                    {
                        throw new OutOfMemoryException();
                    }

                    Marshal.FreeHGlobal(p);
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, null,
            Verify.Diagnostic("ILNT002").WithLocation(0).WithArguments("'Marshal.AllocHGlobal' result in 'p' leaks if 'new ArgumentOutOfRangeException' at line 11 throws before it is freed; free it with Marshal.FreeHGlobal in a finally"));
    }

    [Fact]
    public async Task PlatformChecksBeforeFree_DoNotThrow_NoDiagnostic()
    {
        // Per-OS variants are chosen with the runtime's platform checks: constants to the JIT, never an exception.
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static int M(int n)
                {
                    var p = Marshal.AllocHGlobal(n);
                    var size = OperatingSystem.IsWindows() ? 2
                        : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) || OperatingSystem.IsMacOSVersionAtLeast(11) ? 4 : 8;
                    Marshal.FreeHGlobal(p);
                    return size;
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, null);
    }

    [Fact]
    public async Task ReturnInsideTry_HandedByRefInFinally_NoDiagnostic()
    {
        // The finally runs on the way out of the return: passing the pointer by ref there (destroy(&p)) hands it on.
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                [DllImport("demo")] static extern void Destroy(ref IntPtr p);

                [DllImport("demo")] static extern int Length(IntPtr p);

                static int M(int n)
                {
                    var p = Marshal.AllocHGlobal(n);
                    try
                    {
                        return Length(p);
                    }
                    finally
                    {
                        Destroy(ref p);
                    }
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, null);
    }

    [Fact]
    public async Task CatchAllThatFreesAndRethrows_Protects()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static IntPtr M(byte[] data)
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
        await Verify.VerifyAnalyzerAsync(source, null);
    }

    [Fact]
    public async Task OverwrittenInLoop_Reports()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static unsafe void M(int count)
                {
                    void* p = null;
                    try
                    {
                        for (var i = 0; i < count; i++)
                        {
                            p = {|#0:NativeMemory.Alloc(16)|};
                        }
                    }
                    finally
                    {
                        NativeMemory.Free(p);
                    }
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, null,
            Verify.Diagnostic("ILNT002").WithLocation(0).WithArguments("'NativeMemory.Alloc' result in 'p' is overwritten at line 13 before it is freed; free it with NativeMemory.Free in a finally"));
    }

    [Fact]
    public async Task GCHandle_NeverFreed_Reports_AndFixCallsFree()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static void M(object state)
                {
                    var handle = {|ILNT002:GCHandle.Alloc(state, GCHandleType.Pinned)|};
                    Console.WriteLine(handle.AddrOfPinnedObject());
                }

                static void Freed(object state)
                {
                    var handle = GCHandle.Alloc(state);
                    try
                    {
                        Console.WriteLine(GCHandle.ToIntPtr(handle));
                    }
                    finally
                    {
                        if (handle.IsAllocated)
                        {
                            handle.Free();
                        }
                    }
                }
            }
            """;
        const string fixedSource = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static void M(object state)
                {
                    var handle = GCHandle.Alloc(state, GCHandleType.Pinned);
                    try
                    {
                        Console.WriteLine(handle.AddrOfPinnedObject());
                    }
                    finally
                    {
                        handle.Free();
                    }
                }

                static void Freed(object state)
                {
                    var handle = GCHandle.Alloc(state);
                    try
                    {
                        Console.WriteLine(GCHandle.ToIntPtr(handle));
                    }
                    finally
                    {
                        if (handle.IsAllocated)
                        {
                            handle.Free();
                        }
                    }
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, null);
    }

    [Fact]
    public async Task FixAll_NestedAllocationsNestTheirFinallys()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static unsafe void M(string s)
                {
                    var text = {|ILNT002:Marshal.StringToHGlobalUni(s)|};
                    var buffer = {|ILNT002:NativeMemory.AlignedAlloc(64, 16)|};
                    NativeMemory.Clear(buffer, 64);
                    Console.WriteLine(Marshal.ReadByte(text));
                    NativeMemory.AlignedFree(buffer);
                }
            }
            """;
        const string fixedSource = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static unsafe void M(string s)
                {
                    var text = Marshal.StringToHGlobalUni(s);
                    try
                    {
                        var buffer = NativeMemory.AlignedAlloc(64, 16);
                        try
                        {
                            NativeMemory.Clear(buffer, 64);
                            Console.WriteLine(Marshal.ReadByte(text));
                        }
                        finally
                        {
                            NativeMemory.AlignedFree(buffer);
                        }
                    }
                    finally
                    {
                        Marshal.FreeHGlobal(text);
                    }
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, null);
    }

    [Fact]
    public async Task FreedOnlyInsideABranch_ReportsWithoutFix()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static void M(bool flag)
                {
                    var p = {|ILNT002:Marshal.AllocHGlobal(8)|};
                    if (flag)
                    {
                        Marshal.FreeHGlobal(p);
                    }
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, source, null);
    }

    [Fact]
    public async Task DiscardedOrOnlyRead_Reports()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static void M(string s)
                {
                    {|#0:Marshal.StringToCoTaskMemUTF8(s)|};
                    Console.WriteLine(Marshal.PtrToStringUTF8({|#1:Marshal.StringToCoTaskMemUTF8(s)|}));
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, null,
            Verify.Diagnostic("ILNT002").WithLocation(0).WithArguments("the result of 'Marshal.StringToCoTaskMemUTF8' is never freed (its result is discarded); free it with Marshal.FreeCoTaskMem after use"),
            Verify.Diagnostic("ILNT002").WithLocation(1).WithArguments("the result of 'Marshal.StringToCoTaskMemUTF8' is never freed (passed to 'PtrToStringUTF8', which does not take ownership); free it with Marshal.FreeCoTaskMem after use"));
    }

    [Fact]
    public async Task CapturedByLambda_NotJudged_LambdaBodyIsAnalysedOnItsOwn()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            class C
            {
                static Action M()
                {
                    var p = Marshal.AllocHGlobal(8);
                    Action free = () => Marshal.FreeHGlobal(p);
                    Func<int> leak = () =>
                    {
                        var q = {|ILNT002:Marshal.AllocHGlobal(4)|};
                        return Marshal.ReadInt32(q);
                    };
                    return free;
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, null);
    }
}
