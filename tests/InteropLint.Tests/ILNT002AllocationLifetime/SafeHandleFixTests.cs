using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.AllocationLifetimeAnalyzer, InteropLint.CodeFixes.AllocationLifetimeCodeFixProvider>;

namespace InteropLint.Tests.ILNT002AllocationLifetime;

/// <summary>
/// ILNT002's second fix on the real zlib.h (gzopen returns a gzFile the caller closes with gzclose: a name pair in the
/// header): the P/Invoke returns a SafeHandle subclass, the call sites the fix proves safe become <c>using</c>
/// declarations, and the P/Invokes the handle is passed to take it.
/// </summary>
[Trait(Tier.Name, Tier.RealHeader)]
public sealed class SafeHandleFixTests
{
    private const string SafeHandleKey = "ILNT002.SafeHandle";

    /// <summary>gzwrite's early return leaks the gzFile; the SafeHandle closes it on every path.</summary>
    public const string DllImportSource = """
        using System;
        using System.Runtime.InteropServices;

        static class Zlib
        {
            [DllImport("z")]
            public static extern IntPtr gzopen(string path, string mode);

            [DllImport("z")]
            public static extern int gzwrite(IntPtr file, byte[] buf, uint len);

            [DllImport("z")]
            public static extern int gzread(IntPtr file, byte[] buf, uint len);

            [DllImport("z")]
            public static extern int gzclose(IntPtr file);
        }

        static class Archive
        {
            public static bool Save(string path, byte[] data)
            {
                var file = {|#0:Zlib.gzopen(path, "wb")|};
                if (file == IntPtr.Zero)
                {
                    return false;
                }

                if (Zlib.gzwrite(file, data, (uint)data.Length) != data.Length)
                {
                    return false;
                }

                Zlib.gzclose(file);
                return true;
            }

            public static int Load(string path, byte[] into)
            {
                IntPtr file = {|#1:Zlib.gzopen(path, "rb")|};
                if (file != IntPtr.Zero)
                {
                    return Zlib.gzread(file, into, (uint)into.Length);
                }

                return -1;
            }
        }
        """;

    public const string DllImportFixed = """
        using System;
        using System.Runtime.InteropServices;

        static class Zlib
        {
            [DllImport("z")]
            public static extern SafeGzFileHandle gzopen(string path, string mode);

            [DllImport("z")]
            public static extern int gzwrite(SafeGzFileHandle file, byte[] buf, uint len);

            [DllImport("z")]
            public static extern int gzread(SafeGzFileHandle file, byte[] buf, uint len);

            [DllImport("z")]
            public static extern int gzclose(IntPtr file);
        }

        /// <summary>Owns a 'gzFile' returned by gzopen; releases it with gzclose.</summary>
        internal sealed class SafeGzFileHandle : SafeHandle
        {
            public SafeGzFileHandle() : base(nint.Zero, ownsHandle: true)
            {
            }

            public override bool IsInvalid => handle == nint.Zero;

            protected override bool ReleaseHandle()
            {
                Zlib.gzclose(handle);
                return true;
            }
        }

        static class Archive
        {
            public static bool Save(string path, byte[] data)
            {
                using var file = Zlib.gzopen(path, "wb");
                if (file.IsInvalid)
                {
                    return false;
                }

                if (Zlib.gzwrite(file, data, (uint)data.Length) != data.Length)
                {
                    return false;
                }

                file.Dispose();
                return true;
            }

            public static int Load(string path, byte[] into)
            {
                using SafeGzFileHandle file = Zlib.gzopen(path, "rb");
                if (!file.IsInvalid)
                {
                    return Zlib.gzread(file, into, (uint)into.Length);
                }

                return -1;
            }
        }
        """;

    [Fact]
    public async Task GzopenLeakedOnEarlyReturn_SafeHandleFix_RewritesPInvokesAndEveryCallSite()
    {
        var test = new InteropTest<Analyzers.AllocationLifetimeAnalyzer, CodeFixes.AllocationLifetimeCodeFixProvider>
        {
            TestCode = DllImportSource,
            FixedCode = DllImportFixed,
            CodeActionEquivalenceKey = SafeHandleKey,
        }.WithManifest(RealHeaders.Zlib);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("ILNT002").WithLocation(0).WithMessage(
            "'gzopen' result in 'file' is not freed on the path that returns at line 31 (the caller owns it: zlib.h:1893, name pair in the header); free it with gzclose in a finally"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("ILNT002").WithLocation(1).WithMessage(
            "'gzopen' result in 'file' is never freed (the caller owns it: zlib.h:1893, name pair in the header); free it with gzclose in a finally"));
        await test.RunAsync();
    }

    [Fact]
    public async Task HandleStoredInAField_SafeHandleFixIsNotOffered_ItWouldNotCompile()
    {
        // The field's site cannot become a using declaration: rewriting the P/Invoke's return type would leave it an IntPtr
        // that no longer compiles. A fix never adds a compiler error, so the SafeHandle fix is not offered at all (the
        // try/finally fix still is).
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            static class Zlib
            {
                [DllImport("z")]
                public static extern IntPtr gzopen(string path, string mode);

                [DllImport("z")]
                public static extern int gzclose(IntPtr file);
            }

            sealed class Log
            {
                private IntPtr _file;

                public void Open(string path) => _file = Zlib.gzopen(path, "ab");

                public static void Touch(string path)
                {
                    var file = {|#0:Zlib.gzopen(path, "ab")|};
                }
            }
            """;
        var test = new InteropTest<Analyzers.AllocationLifetimeAnalyzer, CodeFixes.AllocationLifetimeCodeFixProvider>
        {
            TestCode = source,
            FixedCode = source,
            CodeActionEquivalenceKey = SafeHandleKey,
        }.WithManifest(RealHeaders.Zlib);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("ILNT002").WithLocation(0));
        test.FixedState.ExpectedDiagnostics.Add(Verify.Diagnostic("ILNT002").WithLocation(0));
        await test.RunAsync();
    }

    [Fact]
    public async Task LibraryImport_PartialReturnsTheHandle()
    {
        var test = new InteropTest<Analyzers.AllocationLifetimeAnalyzer, CodeFixes.AllocationLifetimeCodeFixProvider>
        {
            TestCode = LibraryImportSource,
            FixedCode = LibraryImportFixed,
            CodeActionEquivalenceKey = SafeHandleKey,
            // The LibraryImport generator, which writes the partial methods' bodies, does not run in these tests
            // (EndToEnd/SafeHandleEndToEndTests builds the same code with it).
            CompilerDiagnostics = CompilerDiagnostics.None,
        }.WithManifest(RealHeaders.Zlib);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("ILNT002").WithLocation(0));
        await test.RunAsync();
    }

    public const string LibraryImportSource = """
        using System;
        using System.Runtime.InteropServices;

        namespace Demo
        {
            internal static partial class Zlib
            {
                [LibraryImport("z", StringMarshalling = StringMarshalling.Utf8)]
                internal static partial nint gzopen(string path, string mode);

                [LibraryImport("z")]
                internal static partial int gzwrite(nint file, byte[] buf, uint len);

                [LibraryImport("z")]
                private static partial int gzclose(nint file);

                public static int Write(string path, byte[] data)
                {
                    var file = {|#0:gzopen(path, "wb")|};
                    return gzwrite(file, data, (uint)data.Length);
                }
            }
        }
        """;

    public const string LibraryImportFixed = """
        using System;
        using System.Runtime.InteropServices;

        namespace Demo
        {
            internal static partial class Zlib
            {
                [LibraryImport("z", StringMarshalling = StringMarshalling.Utf8)]
                internal static partial SafeGzFileHandle gzopen(string path, string mode);

                [LibraryImport("z")]
                internal static partial int gzwrite(SafeGzFileHandle file, byte[] buf, uint len);

                [LibraryImport("z")]
                private static partial int gzclose(nint file);

                public static int Write(string path, byte[] data)
                {
                    using var file = gzopen(path, "wb");
                    return gzwrite(file, data, (uint)data.Length);
                }

                /// <summary>Owns a 'gzFile' returned by gzopen; releases it with gzclose.</summary>
                internal sealed class SafeGzFileHandle : SafeHandle
                {
                    public SafeGzFileHandle() : base(nint.Zero, ownsHandle: true)
                    {
                    }

                    public override bool IsInvalid => handle == nint.Zero;

                    protected override bool ReleaseHandle()
                    {
                        gzclose(handle);
                        return true;
                    }
                }
            }
        }
        """;

    [Fact]
    public async Task NoDeallocatorPInvoke_SafeHandleFixNotOffered()
    {
        // No P/Invoke for gzclose is declared: the handle would have nothing to release it with, so only the
        // diagnostic remains (the try/finally fix cannot name a free either).
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            static class Zlib
            {
                [DllImport("z")]
                public static extern IntPtr gzopen(string path, string mode);

                [DllImport("z")]
                public static extern int gzeof(IntPtr file);

                static bool Use(string path)
                {
                    var file = {|#0:gzopen(path, "rb")|};
                    return gzeof(file) != 0;
                }
            }
            """;
        var test = new InteropTest<Analyzers.AllocationLifetimeAnalyzer, CodeFixes.AllocationLifetimeCodeFixProvider>
        {
            TestCode = source,
            FixedCode = source,
            CodeActionEquivalenceKey = SafeHandleKey,
        }.WithManifest(RealHeaders.Zlib);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("ILNT002").WithLocation(0));
        await test.RunAsync();
    }
}
