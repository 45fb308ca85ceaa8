using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.StringInLoopAnalyzer>;

namespace InteropLint.Tests.ILNT004StringInLoop;

/// <summary>Which calls ILNT004 reports: loop forms, invariant and changing values, copied and pinned strings.</summary>
public class StringInLoopAnalyzerTests
{
    // Declared as real projects declare them: glibc's strlen with the default (Ansi → UTF-8 on Unix) marshalling,
    // and sqlite3_bind_text with an explicit UTF-8 string and SQLITE_TRANSIENT.
    internal const string Natives = """
        static class Libc
        {
            [DllImport("libc", EntryPoint = "strlen", CallingConvention = CallingConvention.Cdecl)]
            public static extern nuint strlen(string s);

            [DllImport("libc", EntryPoint = "strlen", CharSet = CharSet.Unicode)]
            public static extern nuint wide(string s);

            [DllImport("libc", EntryPoint = "strlen", CharSet = CharSet.Auto)]
            public static extern nuint auto(string s);

            [DllImport("libc", EntryPoint = "strlen")]
            public static extern nuint lpwstr([MarshalAs(UnmanagedType.LPWStr)] string s);

            [DllImport("libc", EntryPoint = "strlen")]
            public static extern nuint lputf8([MarshalAs(UnmanagedType.LPUTF8Str)] string s);
        }

        static class Sqlite
        {
            public static readonly IntPtr SQLITE_TRANSIENT = new IntPtr(-1);

            [DllImport("sqlite3", CallingConvention = CallingConvention.Cdecl)]
            public static extern int sqlite3_bind_text(IntPtr stmt, int index, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int n, IntPtr destructor);

            [DllImport("sqlite3", CallingConvention = CallingConvention.Cdecl)]
            public static extern int sqlite3_step(IntPtr stmt);

            [DllImport("sqlite3", CallingConvention = CallingConvention.Cdecl)]
            public static extern int sqlite3_reset(IntPtr stmt);
        }
        """;

    private static string Code(string body, string members = "") => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Runtime.InteropServices;
        using System.Threading.Tasks;

        {{Natives}}

        class C
        {
        {{members}}
            void M(IntPtr stmt, List<string> names, string[] array, string prefix, ref string byRef)
            {
        {{body}}
            }
        }
        """;

    private static DiagnosticResult Expect(string id) => InteropVerifier<StringInLoopAnalyzer, EmptyCodeFixProvider>.Diagnostic(id);

    private static Task Reports(string body, string members = "") => Verify.VerifyAnalyzerAsync(Code(body, members), null);

    private static Task NoDiagnostic(string body, string members = "") => Verify.VerifyAnalyzerAsync(Code(body, members), null);

    [Fact]
    public Task StrlenLiteralInFor_ReportsBytesPerIteration() =>
        Verify.VerifyAnalyzerAsync(
            Code("""
                for (int i = 0; i < 1000; i++)
                {
                    Libc.strlen({|#0:"hello"|});
                }
        """),
            null,
            Expect("ILNT004").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(
                "'strlen' is called on every iteration of the 'for' loop with the same string \"hello\" for 's', which the marshaller "
                + "encodes to ANSI (UTF-8 on Unix) into a new native buffer on every call (6 bytes with the NUL, per iteration); "
                + "encode it once before the loop"));

    [Fact]
    public Task NonAsciiLiteral_CountsUtf8Bytes() =>
        Verify.VerifyAnalyzerAsync(
            Code("""
                while (true)
                {
                    Libc.lputf8({|#0:"héllo €"|});
                }
        """),
            null,
            Expect("ILNT004").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(
                "'lputf8' is called on every iteration of the 'while' loop with the same string \"héllo €\" for 's', which the marshaller "
                + "encodes to UTF-8 into a new native buffer on every call (11 bytes with the NUL, per iteration); "
                + "encode it once before the loop"));

    [Fact]
    public Task SqliteBindPendingInForeach_Reports_NameDoesNot() => Reports("""
                foreach (var name in names)
                {
                    Sqlite.sqlite3_bind_text(stmt, 1, name, -1, Sqlite.SQLITE_TRANSIENT);
                    Sqlite.sqlite3_bind_text(stmt, 2, {|ILNT004:"pending"|}, -1, Sqlite.SQLITE_TRANSIENT);
                    Sqlite.sqlite3_step(stmt);
                    Sqlite.sqlite3_reset(stmt);
                }
        """);

    [Fact]
    public Task DoWhileWithInvariantLocal_Reports() => Reports("""
                var status = prefix + "-done";
                int i = 0;
                do
                {
                    Libc.strlen({|ILNT004:status|});
                    i++;
                }
                while (i < 10);
        """);

    [Fact]
    public Task InvariantParameterAndConstant_Report() => Reports("""
                const string Table = "items";
                for (int i = 0; i < 3; i++)
                {
                    Libc.strlen({|ILNT004:prefix|});
                    Libc.strlen({|ILNT004:Table|});
                    Libc.strlen({|ILNT004:nameof(names)|});
                }
        """);

    [Fact]
    public Task ReadonlyField_Reports_MutableFieldDoesNot() => Reports("""
                for (int i = 0; i < 3; i++)
                {
                    Libc.strlen({|ILNT004:_readonly|});
                    Libc.strlen({|ILNT004:string.Empty|});
                    Libc.strlen(_mutable);
                }
        """, """
            private readonly string _readonly = "r";
            private string _mutable = "m";
        """);

    [Fact]
    public Task ReadonlyFieldInConstructor_NoDiagnostic() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.Runtime.InteropServices;

        {{Natives}}

        class C
        {
            private readonly string _name;

            C(string[] parts)
            {
                _name = "";
                foreach (var part in parts)
                {
                    Libc.strlen(_name);
                    _name += part;
                }
            }
        }
        """, null);

    [Fact]
    public Task ValueChangingPerIteration_NoDiagnostic() => NoDiagnostic("""
                var current = "a";
                for (int i = 0; i < 3; i++)
                {
                    Libc.strlen(current);
                    current = current + i;
                }

                var other = "b";
                while (other.Length < 10)
                {
                    Libc.strlen(other);
                    Append(ref other);
                }

                foreach (var name in names)
                {
                    var local = name.ToUpperInvariant();
                    Libc.strlen(local);
                    Libc.strlen(name);
                    Libc.strlen($"{name}!");
                    Libc.strlen(name + "!");
                }

                for (int i = 0; i < 3; i++)
                {
                    Libc.strlen(byRef);
                    Libc.strlen(i.ToString());
                }
        """, """
            static void Append(ref string s) => s += "x";
        """);

    [Fact]
    public Task LocalAssignedByLambdaCalledInLoop_NoDiagnostic() => NoDiagnostic("""
                var text = "a";
                Action grow = () => text += "a";
                for (int i = 0; i < 3; i++)
                {
                    Libc.strlen(text);
                    grow();
                }

                var viaLocalFunction = "b";
                for (int i = 0; i < 3; i++)
                {
                    Libc.strlen(viaLocalFunction);
                    Change();
                }

                void Change() => viaLocalFunction = "c";
        """);

    [Fact]
    public Task LocalAliasedByRef_NoDiagnostic() => NoDiagnostic("""
                var text = "a";
                ref string alias = ref text;
                for (int i = 0; i < 3; i++)
                {
                    Libc.strlen(text);
                    alias = "b";
                }
        """);

    [Fact]
    public Task PinnedUtf16Strings_NoDiagnostic() => NoDiagnostic("""
                for (int i = 0; i < 3; i++)
                {
                    Libc.wide("hello");
                    Libc.lpwstr("hello");
                    Libc.strlen(null);
                }
        """);

    [Fact]
    public Task CharSetAuto_ReportsAndSaysWindowsPins() =>
        Verify.VerifyAnalyzerAsync(
            Code("""
                foreach (var name in names)
                {
                    Libc.auto({|#0:"x"|});
                }
        """),
            null,
            Expect("ILNT004").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(
                "'auto' is called on every iteration of the 'foreach' loop with the same string \"x\" for 's', which the marshaller "
                + "encodes to UTF-8 on Unix (CharSet.Auto; Windows pins it as UTF-16) into a new native buffer on every call "
                + "(2 bytes with the NUL, per iteration); encode it once before the loop (no automatic fix: a UTF-8 buffer would "
                + "change what Windows receives)"));

    [Fact]
    public Task OutsideLoops_NoDiagnostic() => NoDiagnostic("""
                Libc.strlen("once");
                foreach (var n in Split(Libc.strlen("collection, evaluated once")))
                {
                }

                for (var n = Libc.strlen("initializer, evaluated once"); n > 0; n--)
                {
                }

                for (int i = 0; i < 3; i++)
                {
                    Action later = () => Libc.strlen("not known to run per iteration");
                    Task.Run(() => Libc.strlen("neither"));
                    Local();
                }

                void Local() => Libc.strlen("local function");
        """, """
            static string[] Split(nuint n) => new string[(int)n];
        """);

    [Fact]
    public Task ForConditionAndIncrement_Report() => Reports("""
                for (int i = 0; (nuint)i < Libc.strlen({|ILNT004:"condition"|}); i += (int)Libc.strlen({|ILNT004:"step"|}))
                {
                }
        """);

    [Fact]
    public Task PerElementLambdas_Report() => Reports("""
                names.ForEach(n => Libc.strlen({|ILNT004:"list"|}));
                Array.ForEach(array, n => Libc.strlen({|ILNT004:prefix|}));
                var lengths = names.Select(n => Libc.strlen({|ILNT004:"select"|})).ToList();
                var some = names.Where(n => Libc.strlen({|ILNT004:"where"|}) > 0).Count();
                Parallel.ForEach(names, n => { Libc.strlen({|ILNT004:"parallel"|}); });
                Parallel.For(0, 10, i => Libc.strlen({|ILNT004:"for"|}));
                names.ForEach(n => Libc.strlen(n));
        """);

    [Fact]
    public Task QueryExpression_Reports() => Reports("""
                var q = from n in names where Libc.strlen({|ILNT004:"query"|}) > 0 select n;
        """);

    [Fact]
    public Task NestedLoops_ReportOnce_HoistBeforeOutermostInvariantLoop() =>
        Verify.VerifyAnalyzerAsync(
            Code("""
                {|#1:foreach (var table in names)
                {
                    for (int i = 0; i < 3; i++)
                    {
                        Libc.strlen({|#0:"literal"|});
                    }
                }|}
        """),
            null,
            Expect("ILNT004").WithLocation(0).WithLocation(1).WithArguments(
                "'strlen' is called on every iteration of the 'for' loop with the same string \"literal\" for 's', which the marshaller "
                + "encodes to ANSI (UTF-8 on Unix) into a new native buffer on every call (8 bytes with the NUL, per iteration); "
                + "it does not change in the enclosing loops either: encode it once before the outermost 'foreach' loop"));

    [Fact]
    public Task NestedLoops_InvariantOnlyInInner_HoistBeforeInner() =>
        Verify.VerifyAnalyzerAsync(
            Code("""
                foreach (var table in names)
                {
                    {|#1:foreach (var row in array)
                    {
                        Sqlite.sqlite3_bind_text(stmt, 1, {|#0:table|}, -1, Sqlite.SQLITE_TRANSIENT);
                        Sqlite.sqlite3_bind_text(stmt, 2, row, -1, Sqlite.SQLITE_TRANSIENT);
                    }|}
                }
        """),
            null,
            Expect("ILNT004").WithLocation(0).WithLocation(1).WithArguments(
                "'sqlite3_bind_text' is called on every iteration of the 'foreach' loop with the same local 'table' (not assigned in the loop) "
                + "for 'value', which the marshaller encodes to UTF-8 into a new native buffer on every call; encode it once before the loop"));

    [Fact]
    public Task LibraryImportUtf8_Reports_Utf16DoesNot() => Verify.VerifyAnalyzerAsync("""
        using System.Runtime.InteropServices;

        static partial class Native
        {
            [LibraryImport("libc", EntryPoint = "strlen", StringMarshalling = StringMarshalling.Utf8)]
            internal static partial nuint Utf8Length(string s);

            [LibraryImport("libc", EntryPoint = "wcslen", StringMarshalling = StringMarshalling.Utf16)]
            internal static partial nuint Utf16Length(string s);

            [LibraryImport("libc", EntryPoint = "strlen")]
            internal static partial nuint MarshalAsLength([MarshalAs(UnmanagedType.LPUTF8Str)] string s);

            // What the LibraryImport generator would write (it does not run in these tests).
            internal static partial nuint Utf8Length(string s) => 0;
            internal static partial nuint Utf16Length(string s) => 0;
            internal static partial nuint MarshalAsLength(string s) => 0;
        }

        class C
        {
            void M()
            {
                for (int i = 0; i < 3; i++)
                {
                    Native.Utf8Length({|ILNT004:"utf8"|});
                    Native.Utf16Length("utf16");
                    Native.MarshalAsLength({|ILNT004:"marshal-as"|});
                }
            }
        }
        """, null);

    [Fact]
    public async Task IncompleteCode_DoesNotThrow()
    {
        // Error symbols, missing arguments and unbound calls: no AD0001 (AnalyzerRunner throws on it), no report
        // on calls that do not bind to a P/Invoke.
        var diagnostics = await AnalyzerRunner.RunAsync(new StringInLoopAnalyzer(), """
            using System.Runtime.InteropServices;

            static class Libc
            {
                [DllImport("libc", EntryPoint = "strlen")]
                public static extern nuint strlen(string s, Missing m);

                [DllImport(]
                public static extern nuint broken(string s);
            }

            class C
            {
                void M(string[] names)
                {
                    for (int i = 0; i < names.Length; i++)
                    {
                        Libc.strlen("x");
                        Libc.strlen("x", );
                        Libc.broken("y");
                        Unknown.call("z");
                        foreach (var n in undefinedThing)
                            Libc.broken(undefinedLocal);
                    }
                }
            }
            """, null);
        Assert.All(diagnostics, d => Assert.Equal("ILNT004", d.Id));
    }

    [Fact]
    public async Task ConstantMessage_NamesTheConstantAndItsBytes()
    {
        var diagnostics = await AnalyzerRunner.RunAsync(new StringInLoopAnalyzer(), Code("""
                const string Table = "items";
                for (int i = 0; i < 3; i++)
                {
                    Libc.lputf8(Table);
                }
        """), null);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(
            "'lputf8' is called on every iteration of the 'for' loop with the same constant 'Table' for 's', which the marshaller "
            + "encodes to UTF-8 into a new native buffer on every call (6 bytes with the NUL, per iteration); encode it once before the loop",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
