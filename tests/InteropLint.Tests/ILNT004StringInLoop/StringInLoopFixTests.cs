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
}
