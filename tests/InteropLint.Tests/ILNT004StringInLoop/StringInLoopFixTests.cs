using InteropLint.Analyzers;
using InteropLint.CodeFixes;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.StringInLoopAnalyzer, InteropLint.CodeFixes.StringInLoopCodeFixProvider>;

namespace InteropLint.Tests.ILNT004StringInLoop;

/// <summary>ILNT004's fix: literals become compile-time UTF-8, other values are encoded once before the loop; Fix All.</summary>
public class StringInLoopFixTests
{
    private const string Libc = """
        static class Libc
        {
            [DllImport("libc", EntryPoint = "strlen", CallingConvention = CallingConvention.Cdecl)]
            public static extern nuint strlen(string s);
        }
        """;

    private const string LibcFixedLiteral = """
        static class Libc
        {
            [DllImport("libc", EntryPoint = "strlen", CallingConvention = CallingConvention.Cdecl)]
            public static extern nuint strlen(string s);

            // The same entry point, taking the string as NUL-terminated UTF-8 bytes the caller already encoded.
            [DllImport("libc", EntryPoint = "strlen", CallingConvention = CallingConvention.Cdecl)]
            public static extern nuint strlen(in byte s);
        }
        """;

    private const string Sqlite = """
        static class Sqlite
        {
            public static readonly IntPtr SQLITE_TRANSIENT = new IntPtr(-1);

            [DllImport("sqlite3", CallingConvention = CallingConvention.Cdecl)]
            public static extern int sqlite3_bind_text(IntPtr stmt, int index, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int n, IntPtr destructor);

            [DllImport("sqlite3", CallingConvention = CallingConvention.Cdecl)]
            public static extern int sqlite3_step(IntPtr stmt);
        }
        """;

    private const string SqliteFixedPointer = """
        static class Sqlite
        {
            public static readonly IntPtr SQLITE_TRANSIENT = new IntPtr(-1);

            [DllImport("sqlite3", CallingConvention = CallingConvention.Cdecl)]
            public static extern int sqlite3_bind_text(IntPtr stmt, int index, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int n, IntPtr destructor);

            // The same entry point, taking a string the caller already encoded and NUL-terminated.
            [DllImport("sqlite3", CallingConvention = CallingConvention.Cdecl)]
            public static extern int sqlite3_bind_text(IntPtr stmt, int index, IntPtr value, int n, IntPtr destructor);

            [DllImport("sqlite3", CallingConvention = CallingConvention.Cdecl)]
            public static extern int sqlite3_step(IntPtr stmt);
        }
        """;

    private static string Program(string natives, string members) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Runtime.InteropServices;

        {{natives}}

        class C
        {
        {{members}}
        }
        """;

    [Fact]
    public Task StrlenLiteralInFor_BecomesUtf8LiteralOverload() => Verify.VerifyCodeFixAsync(
        Program(Libc, """
            nuint M()
            {
                nuint total = 0;
                for (int i = 0; i < 1000; i++)
                {
                    total += Libc.strlen({|ILNT004:"hello"|});
                }

                return total;
            }
        """),
        Program(LibcFixedLiteral, """
            nuint M()
            {
                nuint total = 0;
                for (int i = 0; i < 1000; i++)
                {
                    total += Libc.strlen(in MemoryMarshal.GetReference("hello\0"u8));
                }

                return total;
            }
        """),
        null);

    [Fact]
    public Task SqliteBindInvariantParameter_EncodedOnceBeforeLoopAndFreed() => Verify.VerifyCodeFixAsync(
        Program(Sqlite, """
            void Insert(IntPtr stmt, string[] names, string status)
            {
                foreach (var name in names)
                {
                    Sqlite.sqlite3_bind_text(stmt, 1, name, -1, Sqlite.SQLITE_TRANSIENT);
                    Sqlite.sqlite3_bind_text(stmt, 2, {|ILNT004:status|}, -1, Sqlite.SQLITE_TRANSIENT);
                    Sqlite.sqlite3_step(stmt);
                }
            }
        """),
        Program(SqliteFixedPointer, """
            void Insert(IntPtr stmt, string[] names, string status)
            {
                IntPtr statusUtf8 = Marshal.StringToCoTaskMemUTF8(status);
                try
                {
                    foreach (var name in names)
                    {
                        Sqlite.sqlite3_bind_text(stmt, 1, name, -1, Sqlite.SQLITE_TRANSIENT);
                        Sqlite.sqlite3_bind_text(stmt, 2, statusUtf8, -1, Sqlite.SQLITE_TRANSIENT);
                        Sqlite.sqlite3_step(stmt);
                    }
                }
                finally
                {
                    Marshal.FreeCoTaskMem(statusUtf8);
                }
            }
        """),
        null);

    [Fact]
    public Task FixAll_SharesOverloadAndBuffer_AcrossCallsAndLoops() => Verify.VerifyCodeFixAsync(
        Program(Sqlite + "\n\n" + Libc, """
            void Insert(IntPtr stmt, List<string> names, string status)
            {
                foreach (var name in names)
                {
                    Sqlite.sqlite3_bind_text(stmt, 1, {|ILNT004:status|}, -1, Sqlite.SQLITE_TRANSIENT);
                    Sqlite.sqlite3_bind_text(stmt, 2, {|ILNT004:status|}, -1, Sqlite.SQLITE_TRANSIENT);
                    Sqlite.sqlite3_bind_text(stmt, 3, {|ILNT004:"pending"|}, -1, Sqlite.SQLITE_TRANSIENT);
                    Libc.strlen({|ILNT004:"a"|});
                    Libc.strlen({|ILNT004:"b"|});
                }

                int i = 0;
                while (i++ < 10)
                    Sqlite.sqlite3_bind_text(stmt, 1, {|ILNT004:status|}, -1, Sqlite.SQLITE_TRANSIENT);
            }
        """),
        Program("""
        static class Sqlite
        {
            public static readonly IntPtr SQLITE_TRANSIENT = new IntPtr(-1);

            [DllImport("sqlite3", CallingConvention = CallingConvention.Cdecl)]
            public static extern int sqlite3_bind_text(IntPtr stmt, int index, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int n, IntPtr destructor);

            // The same entry point, taking the string as NUL-terminated UTF-8 bytes the caller already encoded.
            [DllImport("sqlite3", CallingConvention = CallingConvention.Cdecl)]
            public static extern int sqlite3_bind_text(IntPtr stmt, int index, in byte value, int n, IntPtr destructor);

            // The same entry point, taking a string the caller already encoded and NUL-terminated.
            [DllImport("sqlite3", CallingConvention = CallingConvention.Cdecl)]
            public static extern int sqlite3_bind_text(IntPtr stmt, int index, IntPtr value, int n, IntPtr destructor);

            [DllImport("sqlite3", CallingConvention = CallingConvention.Cdecl)]
            public static extern int sqlite3_step(IntPtr stmt);
        }
        """ + "\n\n" + LibcFixedLiteral, """
            void Insert(IntPtr stmt, List<string> names, string status)
            {
                IntPtr statusUtf8 = Marshal.StringToCoTaskMemUTF8(status);
                try
                {
                    foreach (var name in names)
                    {
                        Sqlite.sqlite3_bind_text(stmt, 1, statusUtf8, -1, Sqlite.SQLITE_TRANSIENT);
                        Sqlite.sqlite3_bind_text(stmt, 2, statusUtf8, -1, Sqlite.SQLITE_TRANSIENT);
                        Sqlite.sqlite3_bind_text(stmt, 3, in MemoryMarshal.GetReference("pending\0"u8), -1, Sqlite.SQLITE_TRANSIENT);
                        Libc.strlen(in MemoryMarshal.GetReference("a\0"u8));
                        Libc.strlen(in MemoryMarshal.GetReference("b\0"u8));
                    }
                }
                finally
                {
                    Marshal.FreeCoTaskMem(statusUtf8);
                }

                int i = 0;
                IntPtr statusUtf82 = Marshal.StringToCoTaskMemUTF8(status);
                try
                {
                    while (i++ < 10)
                        Sqlite.sqlite3_bind_text(stmt, 1, statusUtf82, -1, Sqlite.SQLITE_TRANSIENT);
                }
                finally
                {
                    Marshal.FreeCoTaskMem(statusUtf82);
                }
            }
        """),
        null);

    [Fact]
    public Task NestedLoops_HoistBeforeOutermostInvariantLoop_EmbeddedStatementGetsBlock() => Verify.VerifyCodeFixAsync(
        Program(Sqlite, """
            void Insert(IntPtr stmt, string[] tables, string[] rows, bool enabled)
            {
                string prefix = "t:";
                if (enabled)
                    for (int t = 0; t < tables.Length; t++)
                    {
                        foreach (var row in rows)
                        {
                            Sqlite.sqlite3_bind_text(stmt, 1, {|ILNT004:prefix|}, -1, Sqlite.SQLITE_TRANSIENT);
                            Sqlite.sqlite3_bind_text(stmt, 2, tables[t], -1, Sqlite.SQLITE_TRANSIENT);
                        }
                    }
            }
        """),
        Program(SqliteFixedPointer, """
            void Insert(IntPtr stmt, string[] tables, string[] rows, bool enabled)
            {
                string prefix = "t:";
                if (enabled)
                {
                    IntPtr prefixUtf8 = Marshal.StringToCoTaskMemUTF8(prefix);
                    try
                    {
                        for (int t = 0; t < tables.Length; t++)
                        {
                            foreach (var row in rows)
                            {
                                Sqlite.sqlite3_bind_text(stmt, 1, prefixUtf8, -1, Sqlite.SQLITE_TRANSIENT);
                                Sqlite.sqlite3_bind_text(stmt, 2, tables[t], -1, Sqlite.SQLITE_TRANSIENT);
                            }
                        }
                    }
                    finally
                    {
                        Marshal.FreeCoTaskMem(prefixUtf8);
                    }
                }
            }
        """),
        null);

    [Fact]
    public Task ListForEachLambda_HoistsAroundTheStatement() => Verify.VerifyCodeFixAsync(
        Program(Libc, """
            private readonly string _name = "n";

            void M(List<string> names)
            {
                names.ForEach(n => Libc.strlen({|ILNT004:_name|}));
            }
        """),
        Program("""
        static class Libc
        {
            [DllImport("libc", EntryPoint = "strlen", CallingConvention = CallingConvention.Cdecl)]
            public static extern nuint strlen(string s);

            // The same entry point, taking a string the caller already encoded and NUL-terminated.
            [DllImport("libc", EntryPoint = "strlen", CallingConvention = CallingConvention.Cdecl)]
            public static extern nuint strlen(IntPtr s);
        }
        """, """
            private readonly string _name = "n";

            void M(List<string> names)
            {
                IntPtr nameAnsi = Marshal.StringToCoTaskMemAnsi(_name);
                try
                {
                    names.ForEach(n => Libc.strlen(nameAnsi));
                }
                finally
                {
                    Marshal.FreeCoTaskMem(nameAnsi);
                }
            }
        """),
        null);

    [Fact]
    public async Task DeferredLinqLambda_VariableHasNoFix_LiteralDoes()
    {
        // A buffer freed after the statement could be used later by the lazy query: only the literal is fixed.
        var test = new InteropTest<StringInLoopAnalyzer, StringInLoopCodeFixProvider>
        {
            TestCode = Program(Libc, """
                IEnumerable<nuint> M(List<string> names, string prefix) =>
                    System.Linq.Enumerable.Select(names, n => Libc.strlen({|ILNT004:prefix|}) + Libc.strlen({|ILNT004:"x"|}));
            """),
            FixedCode = Program(LibcFixedLiteral, """
                IEnumerable<nuint> M(List<string> names, string prefix) =>
                    System.Linq.Enumerable.Select(names, n => Libc.strlen({|ILNT004:prefix|}) + Libc.strlen(in MemoryMarshal.GetReference("x\0"u8)));
            """),
        };
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        await test.RunAsync();
    }

    [Fact]
    public Task CharSetAuto_NoFix() => Verify.VerifyCodeFixAsync(
        Program("""
        static class Kernel
        {
            [DllImport("kernel32", CharSet = CharSet.Auto)]
            public static extern int lstrlen(string s);
        }
        """, """
            void M()
            {
                for (int i = 0; i < 3; i++)
                    Kernel.lstrlen({|ILNT004:"x"|});
            }
        """),
        Program("""
        static class Kernel
        {
            [DllImport("kernel32", CharSet = CharSet.Auto)]
            public static extern int lstrlen(string s);
        }
        """, """
            void M()
            {
                for (int i = 0; i < 3; i++)
                    Kernel.lstrlen({|ILNT004:"x"|});
            }
        """),
        null);

    [Fact]
    public Task AnsiNonAsciiLiteral_EncodedOnceWithTheMarshallersAnsiEncoding() => Verify.VerifyCodeFixAsync(
        Program(Libc, """
            void M()
            {
                for (int i = 0; i < 3; i++)
                {
                    Libc.strlen({|ILNT004:"café"|});
                }
            }
        """),
        Program("""
        static class Libc
        {
            [DllImport("libc", EntryPoint = "strlen", CallingConvention = CallingConvention.Cdecl)]
            public static extern nuint strlen(string s);

            // The same entry point, taking a string the caller already encoded and NUL-terminated.
            [DllImport("libc", EntryPoint = "strlen", CallingConvention = CallingConvention.Cdecl)]
            public static extern nuint strlen(IntPtr s);
        }
        """, """
            void M()
            {
                IntPtr sAnsi = Marshal.StringToCoTaskMemAnsi("café");
                try
                {
                    for (int i = 0; i < 3; i++)
                    {
                        Libc.strlen(sAnsi);
                    }
                }
                finally
                {
                    Marshal.FreeCoTaskMem(sAnsi);
                }
            }
        """),
        null);

    [Fact]
    public async Task CSharp10_LiteralIsEncodedOnceBeforeTheLoop()
    {
        var test = new InteropTest<StringInLoopAnalyzer, StringInLoopCodeFixProvider>
        {
            TestCode = Program(Sqlite, """
                void M(IntPtr stmt)
                {
                    do
                    {
                        Sqlite.sqlite3_bind_text(stmt, 1, {|ILNT004:"pending"|}, -1, Sqlite.SQLITE_TRANSIENT);
                    }
                    while (Sqlite.sqlite3_step(stmt) == 100);
                }
            """),
            FixedCode = Program(SqliteFixedPointer, """
                void M(IntPtr stmt)
                {
                    IntPtr valueUtf8 = Marshal.StringToCoTaskMemUTF8("pending");
                    try
                    {
                        do
                        {
                            Sqlite.sqlite3_bind_text(stmt, 1, valueUtf8, -1, Sqlite.SQLITE_TRANSIENT);
                        }
                        while (Sqlite.sqlite3_step(stmt) == 100);
                    }
                    finally
                    {
                        Marshal.FreeCoTaskMem(valueUtf8);
                    }
                }
            """),
        };
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            return solution.WithProjectParseOptions(projectId, ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.CSharp10));
        });
        await test.RunAsync();
    }

    // netstandard2.0's UnmanagedType has no LPUTF8Str member: libraries targeting it write its value, 48.
    private const string NetStandardSqlite = """
        static class Sqlite
        {
            public static readonly IntPtr SQLITE_TRANSIENT = new IntPtr(-1);

            [DllImport("sqlite3", CallingConvention = CallingConvention.Cdecl)]
            public static extern int sqlite3_bind_text(IntPtr stmt, int index, [MarshalAs((UnmanagedType)48)] string value, int n, IntPtr destructor);
        }
        """;

    [Fact]
    public async Task NetStandard20_Utf8VariableHasNoFix_AnsiLiteralIsHoisted()
    {
        // netstandard2.0 has neither Marshal.StringToCoTaskMemUTF8 nor ReadOnlySpan<byte>.
        var test = new InteropTest<StringInLoopAnalyzer, StringInLoopCodeFixProvider>(TestFramework.NetStandard20);
        test.TestCode = Program(NetStandardSqlite + "\n\n" + Libc, """
            void M(IntPtr stmt, string status)
            {
                for (int i = 0; i < 3; i++)
                {
                    Sqlite.sqlite3_bind_text(stmt, 1, {|ILNT004:status|}, -1, Sqlite.SQLITE_TRANSIENT);
                    Libc.strlen({|ILNT004:"x"|});
                }
            }
        """);
        test.FixedCode = Program(NetStandardSqlite + "\n\n" + """
        static class Libc
        {
            [DllImport("libc", EntryPoint = "strlen", CallingConvention = CallingConvention.Cdecl)]
            public static extern nuint strlen(string s);

            // The same entry point, taking a string the caller already encoded and NUL-terminated.
            [DllImport("libc", EntryPoint = "strlen", CallingConvention = CallingConvention.Cdecl)]
            public static extern nuint strlen(IntPtr s);
        }
        """, """
            void M(IntPtr stmt, string status)
            {
                IntPtr sAnsi = Marshal.StringToCoTaskMemAnsi("x");
                try
                {
                    for (int i = 0; i < 3; i++)
                    {
                        Sqlite.sqlite3_bind_text(stmt, 1, {|ILNT004:status|}, -1, Sqlite.SQLITE_TRANSIENT);
                        Libc.strlen(sAnsi);
                    }
                }
                finally
                {
                    Marshal.FreeCoTaskMem(sAnsi);
                }
            }
        """);
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        await test.RunAsync();
    }

    [Fact]
    public Task ExistingOverload_IsReused() => Verify.VerifyCodeFixAsync(
        Program(LibcFixedLiteral, """
            void M(string[] names)
            {
                foreach (var n in names)
                    Libc.strlen(s: {|ILNT004:"hello"|});
            }
        """),
        Program(LibcFixedLiteral, """
            void M(string[] names)
            {
                foreach (var n in names)
                    Libc.strlen(s: in MemoryMarshal.GetReference("hello\0"u8));
            }
        """),
        null);

    [Fact]
    public Task ConflictingMethodWithTheOverloadsSignature_NoFix() => Verify.VerifyCodeFixAsync(
        Program("""
        static class Libc
        {
            [DllImport("libc", EntryPoint = "strlen")]
            public static extern nuint strlen(string s);

            public static nuint strlen(in byte s) => 0;
        }
        """, """
            void M(string[] names)
            {
                foreach (var n in names)
                    Libc.strlen({|ILNT004:"hello"|});
            }
        """),
        Program("""
        static class Libc
        {
            [DllImport("libc", EntryPoint = "strlen")]
            public static extern nuint strlen(string s);

            public static nuint strlen(in byte s) => 0;
        }
        """, """
            void M(string[] names)
            {
                foreach (var n in names)
                    Libc.strlen({|ILNT004:"hello"|});
            }
        """),
        null);

    [Fact]
    public async Task DeclarationInAnotherFile_OverloadAddedThere()
    {
        var test = new InteropTest<StringInLoopAnalyzer, StringInLoopCodeFixProvider>();
        test.TestState.Sources.Add(("Program.cs", """
            class C
            {
                void M(string[] names)
                {
                    switch (names.Length)
                    {
                        case 0:
                            break;
                        default:
                            const string Greeting = "hi";
                            foreach (var n in names)
                                NativeMethods.strlen({|ILNT004:Greeting|});
                            break;
                    }
                }
            }
            """));
        test.TestState.Sources.Add(("NativeMethods.cs", """
            using System.Runtime.InteropServices;

            static class NativeMethods
            {
                [DllImport("libc")]
                internal static extern nuint strlen([MarshalAs(UnmanagedType.LPUTF8Str)] string s);
            }
            """));
        test.FixedState.Sources.Add(("Program.cs", """
            using System.Runtime.InteropServices;

            class C
            {
                void M(string[] names)
                {
                    switch (names.Length)
                    {
                        case 0:
                            break;
                        default:
                            const string Greeting = "hi";
                            System.IntPtr greetingUtf8 = Marshal.StringToCoTaskMemUTF8(Greeting);
                            try
                            {
                                foreach (var n in names)
                                    NativeMethods.strlen(greetingUtf8);
                            }
                            finally
                            {
                                Marshal.FreeCoTaskMem(greetingUtf8);
                            }

                            break;
                    }
                }
            }
            """));
        test.FixedState.Sources.Add(("NativeMethods.cs", """
            using System.Runtime.InteropServices;

            static class NativeMethods
            {
                [DllImport("libc")]
                internal static extern nuint strlen([MarshalAs(UnmanagedType.LPUTF8Str)] string s);

                // The same entry point, taking a string the caller already encoded and NUL-terminated.
                [DllImport("libc")]
                internal static extern nuint strlen(System.IntPtr s);
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task LibraryImportUtf8_OverloadKeepsTheAttribute()
    {
        var test = new InteropTest<StringInLoopAnalyzer, StringInLoopCodeFixProvider>
        {
            TestCode = """
                using System.Runtime.InteropServices;

                static partial class Native
                {
                    [LibraryImport("libc", EntryPoint = "strlen", StringMarshalling = StringMarshalling.Utf8)]
                    internal static partial nuint Length(string s);
                }

                class C
                {
                    void M(string[] names)
                    {
                        foreach (var n in names)
                            Native.Length({|ILNT004:"hello"|});
                    }
                }
                """,
            FixedCode = """
                using System.Runtime.InteropServices;

                static partial class Native
                {
                    [LibraryImport("libc", EntryPoint = "strlen", StringMarshalling = StringMarshalling.Utf8)]
                    internal static partial nuint Length(string s);

                    // The same entry point, taking the string as NUL-terminated UTF-8 bytes the caller already encoded.
                    [LibraryImport("libc", EntryPoint = "strlen", StringMarshalling = StringMarshalling.Utf8)]
                    internal static partial nuint Length(in byte s);
                }

                class C
                {
                    void M(string[] names)
                    {
                        foreach (var n in names)
                            Native.Length(in MemoryMarshal.GetReference("hello\0"u8));
                    }
                }
                """,
            // The LibraryImport generator, which writes the partial methods' bodies, does not run in these tests.
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        await test.RunAsync();
    }

    [Fact]
    public Task RealSqliteHeaderManifest_IssueCases_PendingFlaggedNameNot() => Verify.VerifyCodeFixAsync(
        // The rule needs no header; with the real sqlite3.h manifest present (as in a project that has one) it
        // reports and fixes the same way.
        """
        using System;
        using System.Runtime.InteropServices;

        static class SqliteNative
        {
            public static readonly IntPtr SQLITE_TRANSIENT = new IntPtr(-1);

            [DllImport("sqlite3")]
            public static extern int sqlite3_bind_text(IntPtr stmt, int index, string value, int nByte, IntPtr destructor);

            [DllImport("sqlite3")]
            public static extern int sqlite3_step(IntPtr stmt);

            [DllImport("sqlite3")]
            public static extern int sqlite3_reset(IntPtr stmt);
        }

        class Repository
        {
            void InsertAll(IntPtr stmt, string[] names)
            {
                foreach (var name in names)
                {
                    SqliteNative.sqlite3_bind_text(stmt, 1, name, -1, SqliteNative.SQLITE_TRANSIENT);
                    SqliteNative.sqlite3_bind_text(stmt, 2, {|ILNT004:"pending"|}, -1, SqliteNative.SQLITE_TRANSIENT);
                    SqliteNative.sqlite3_step(stmt);
                    SqliteNative.sqlite3_reset(stmt);
                }
            }
        }
        """,
        """
        using System;
        using System.Runtime.InteropServices;

        static class SqliteNative
        {
            public static readonly IntPtr SQLITE_TRANSIENT = new IntPtr(-1);

            [DllImport("sqlite3")]
            public static extern int sqlite3_bind_text(IntPtr stmt, int index, string value, int nByte, IntPtr destructor);

            // The same entry point, taking the string as NUL-terminated UTF-8 bytes the caller already encoded.
            [DllImport("sqlite3")]
            public static extern int sqlite3_bind_text(IntPtr stmt, int index, in byte value, int nByte, IntPtr destructor);

            [DllImport("sqlite3")]
            public static extern int sqlite3_step(IntPtr stmt);

            [DllImport("sqlite3")]
            public static extern int sqlite3_reset(IntPtr stmt);
        }

        class Repository
        {
            void InsertAll(IntPtr stmt, string[] names)
            {
                foreach (var name in names)
                {
                    SqliteNative.sqlite3_bind_text(stmt, 1, name, -1, SqliteNative.SQLITE_TRANSIENT);
                    SqliteNative.sqlite3_bind_text(stmt, 2, in MemoryMarshal.GetReference("pending\0"u8), -1, SqliteNative.SQLITE_TRANSIENT);
                    SqliteNative.sqlite3_step(stmt);
                    SqliteNative.sqlite3_reset(stmt);
                }
            }
        }
        """,
        NativeHeaders.Scan("/usr/include/sqlite3.h", NativeHeaders.DefaultTargets, "--library", "sqlite3"));

    [Fact]
    public Task AsyncAndIteratorMethods_HoistedBufferLivesAcrossAwaitAndYield() => Verify.VerifyCodeFixAsync(
        Program(Libc, """
            async System.Threading.Tasks.Task<nuint> CountAsync(IAsyncEnumerable<int> items, string label)
            {
                nuint total = 0;
                await foreach (var item in items)
                {
                    await System.Threading.Tasks.Task.Yield();
                    total += Libc.strlen({|ILNT004:label|});
                }

                return total;
            }

            IEnumerable<nuint> Lengths(int count, string label)
            {
                for (int i = 0; i < count; i++)
                    yield return Libc.strlen({|ILNT004:label|});
            }
        """),
        Program("""
        static class Libc
        {
            [DllImport("libc", EntryPoint = "strlen", CallingConvention = CallingConvention.Cdecl)]
            public static extern nuint strlen(string s);

            // The same entry point, taking a string the caller already encoded and NUL-terminated.
            [DllImport("libc", EntryPoint = "strlen", CallingConvention = CallingConvention.Cdecl)]
            public static extern nuint strlen(IntPtr s);
        }
        """, """
            async System.Threading.Tasks.Task<nuint> CountAsync(IAsyncEnumerable<int> items, string label)
            {
                nuint total = 0;
                IntPtr labelAnsi = Marshal.StringToCoTaskMemAnsi(label);
                try
                {
                    await foreach (var item in items)
                    {
                        await System.Threading.Tasks.Task.Yield();
                        total += Libc.strlen(labelAnsi);
                    }
                }
                finally
                {
                    Marshal.FreeCoTaskMem(labelAnsi);
                }

                return total;
            }

            IEnumerable<nuint> Lengths(int count, string label)
            {
                IntPtr labelAnsi = Marshal.StringToCoTaskMemAnsi(label);
                try
                {
                    for (int i = 0; i < count; i++)
                        yield return Libc.strlen(labelAnsi);
                }
                finally
                {
                    Marshal.FreeCoTaskMem(labelAnsi);
                }
            }
        """),
        null);

    [Fact]
    public async Task RealStringHeader_NonConstCharPointer_ReportedWithoutFix_ConstOneFixed()
    {
        // string.h: char *strtok(char *restrict s, const char *restrict delim). strtok writes into s: with a string
        // argument it writes into the marshaller's per-call copy; a shared buffer (or read-only u8 data) would break.
        var test = new InteropTest<StringInLoopAnalyzer, StringInLoopCodeFixProvider>
        {
            TestCode = """
                using System;
                using System.Runtime.InteropServices;

                static class Libc
                {
                    [DllImport("libc")]
                    public static extern IntPtr strtok(string s, string delim);
                }

                class C
                {
                    void M(string line)
                    {
                        for (int i = 0; i < 3; i++)
                            Libc.strtok({|#0:line|}, {|ILNT004:","|});
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Runtime.InteropServices;

                static class Libc
                {
                    [DllImport("libc")]
                    public static extern IntPtr strtok(string s, string delim);

                    // The same entry point, taking the string as NUL-terminated UTF-8 bytes the caller already encoded.
                    [DllImport("libc")]
                    public static extern IntPtr strtok(string s, in byte delim);
                }

                class C
                {
                    void M(string line)
                    {
                        for (int i = 0; i < 3; i++)
                            Libc.strtok({|#0:line|}, in MemoryMarshal.GetReference(",\0"u8));
                    }
                }
                """,
        };
        test.WithManifest(NativeHeaders.Scan("/usr/include/string.h", NativeHeaders.DefaultTargets, "--library", "c"));
        var expected = Verify.Diagnostic("ILNT004").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(
            "'strtok' is called on every iteration of the 'for' loop with the same parameter 'line' (not assigned in the loop) for 's', "
            + "which the marshaller encodes to ANSI (UTF-8 on Unix) into a new native buffer on every call; encode it once before the loop "
            + "(no automatic fix: 'char *restrict __s' (string.h:356) is not const, so native code may write to the buffer the marshaller "
            + "copies afresh for every call)");
        test.ExpectedDiagnostics.Add(expected);
        test.FixedState.ExpectedDiagnostics.Add(expected);
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        await test.RunAsync();
    }

    [Fact]
    public async Task TopLevelStatements_LoopGetsABlock()
    {
        var test = new InteropTest<StringInLoopAnalyzer, StringInLoopCodeFixProvider>
        {
            TestCode = """
                using System;
                using System.Runtime.InteropServices;

                string label = args.Length > 0 ? args[0] : "status";
                nuint total = 0;
                for (int i = 0; i < 1000; i++)
                    total += Native.strlen({|ILNT004:label|});
                Console.WriteLine(total);

                static class Native
                {
                    [DllImport("libc", EntryPoint = "strlen")]
                    public static extern nuint strlen(string s);
                }
                """,
            FixedCode = """
                using System;
                using System.Runtime.InteropServices;

                string label = args.Length > 0 ? args[0] : "status";
                nuint total = 0;
                {
                    IntPtr labelAnsi = Marshal.StringToCoTaskMemAnsi(label);
                    try
                    {
                        for (int i = 0; i < 1000; i++)
                            total += Native.strlen(labelAnsi);
                    }
                    finally
                    {
                        Marshal.FreeCoTaskMem(labelAnsi);
                    }
                }

                Console.WriteLine(total);

                static class Native
                {
                    [DllImport("libc", EntryPoint = "strlen")]
                    public static extern nuint strlen(string s);

                    // The same entry point, taking a string the caller already encoded and NUL-terminated.
                    [DllImport("libc", EntryPoint = "strlen")]
                    public static extern nuint strlen(IntPtr s);
                }
                """,
        };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public async Task LiteralSecondAction_EncodesBeforeTheLoop_FixAllToo()
    {
        // The alternative offered for literals: one encoding per run of the loop, no marshalling stub per call.
        var test = new InteropTest<StringInLoopAnalyzer, StringInLoopCodeFixProvider>
        {
            TestCode = Program(Libc, """
                nuint M()
                {
                    nuint total = 0;
                    for (int i = 0; i < 1000; i++)
                    {
                        total += Libc.strlen({|ILNT004:"hello"|});
                        total += Libc.strlen({|ILNT004:"world"|});
                    }

                    return total;
                }
            """),
            FixedCode = Program("""
            static class Libc
            {
                [DllImport("libc", EntryPoint = "strlen", CallingConvention = CallingConvention.Cdecl)]
                public static extern nuint strlen(string s);

                // The same entry point, taking a string the caller already encoded and NUL-terminated.
                [DllImport("libc", EntryPoint = "strlen", CallingConvention = CallingConvention.Cdecl)]
                public static extern nuint strlen(IntPtr s);
            }
            """, """
                nuint M()
                {
                    nuint total = 0;
                    IntPtr sAnsi = Marshal.StringToCoTaskMemAnsi("hello");
                    try
                    {
                        IntPtr sAnsi2 = Marshal.StringToCoTaskMemAnsi("world");
                        try
                        {
                            for (int i = 0; i < 1000; i++)
                            {
                                total += Libc.strlen(sAnsi);
                                total += Libc.strlen(sAnsi2);
                            }
                        }
                        finally
                        {
                            Marshal.FreeCoTaskMem(sAnsi2);
                        }
                    }
                    finally
                    {
                        Marshal.FreeCoTaskMem(sAnsi);
                    }

                    return total;
                }
            """),
            CodeActionEquivalenceKey = StringInLoopCodeFixProvider.HoistEquivalenceKey,
        };
        await test.RunAsync();
    }
}
