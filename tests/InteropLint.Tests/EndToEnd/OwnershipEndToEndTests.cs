using InteropLint.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.EndToEnd;

/// <summary>
/// ILNT007 and ILNT010 as a user meets them: the packed package on the real sqlite3.h, `dotnet build` warns,
/// `dotnet format` applies both fixes, the rebuild is clean, and the program reads a thousand rows through the
/// real libsqlite3 without the marshaller freeing SQLite's own buffers.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class OwnershipEndToEndTests
{
    private const string Bindings = """
        using System;
        using System.Runtime.InteropServices;

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate int BusyHandler(IntPtr arg, int attempts);

        internal static class SqliteNative
        {
            [DllImport("sqlite3")] public static extern int sqlite3_open(string filename, out IntPtr db);
            [DllImport("sqlite3")] public static extern int sqlite3_close(IntPtr db);
            [DllImport("sqlite3")] public static extern int sqlite3_prepare_v2(IntPtr db, string sql, int nByte, out IntPtr stmt, IntPtr tail);
            [DllImport("sqlite3")] public static extern int sqlite3_step(IntPtr stmt);
            [DllImport("sqlite3")] public static extern int sqlite3_finalize(IntPtr stmt);
            [DllImport("sqlite3")] public static extern string sqlite3_column_text(IntPtr stmt, int column);
            [DllImport("sqlite3")] public static extern string sqlite3_errmsg(IntPtr db);
            [DllImport("sqlite3")] public static extern int sqlite3_busy_handler(IntPtr db, BusyHandler handler, IntPtr arg);
        }
        """;

    private const string Program = """
        using System;

        internal static class Program
        {
            private static int Main()
            {
                if (SqliteNative.sqlite3_open(":memory:", out var db) != 0) { return 2; }
                SqliteNative.sqlite3_busy_handler(db, (arg, attempts) => attempts < 5 ? 1 : 0, IntPtr.Zero);
                const string sql = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) SELECT 'row ' || x FROM c";
                if (SqliteNative.sqlite3_prepare_v2(db, sql, -1, out var stmt, IntPtr.Zero) != 0) { return 3; }
                var rows = 0;
                var characters = 0;
                while (SqliteNative.sqlite3_step(stmt) == 100)
                {
                    var text = SqliteNative.sqlite3_column_text(stmt, 0);
                    characters += text?.Length ?? 0;
                    rows++;
                    GC.Collect();
                }

                SqliteNative.sqlite3_finalize(stmt);
                Console.WriteLine($"rows={rows} characters={characters} status={SqliteNative.sqlite3_errmsg(db)}");
                SqliteNative.sqlite3_close(db);
                return 0;
            }
        }
        """;

    private readonly InteropLintPackageFixture _package;
    private readonly ITestOutputHelper _output;

    public OwnershipEndToEndTests(InteropLintPackageFixture package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
    }

    [Fact]
    public void SqliteBindings_BuildWarns_FormatFixes_RebuildIsClean_AndRowsReadBack()
    {
        var project = _package.CreateProject("sqlite-ownership", """
              <PropertyGroup>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <InteropLintHeader Include="/usr/include/sqlite3.h" Library="sqlite3" />
              </ItemGroup>
            """, ("SqliteNative.cs", Bindings), ("Program.cs", Program));
        project.Output = _output;

        var build = project.Build();
        Assert.True(build.Succeeded, build.ToString());
        var borrowed = build.DiagnosticLines("ILNT007");
        Assert.Equal(2, borrowed.Count);
        Assert.Contains(borrowed, w => w.Contains("'sqlite3_column_text' returns 'const unsigned char *' (sqlite3.h:", StringComparison.Ordinal));
        Assert.Contains(borrowed, w => w.Contains("'sqlite3_errmsg' returns 'const char *' (sqlite3.h:", StringComparison.Ordinal));
        var callbacks = build.DiagnosticLines("ILNT010");
        Assert.Single(callbacks);
        Assert.Contains("'sqlite3_busy_handler' keeps the callback after it returns", callbacks[0], StringComparison.Ordinal);

        var format007 = project.Format("ILNT007");
        Assert.True(format007.Succeeded, format007.ToString());
        var format010 = project.Format("ILNT010");
        Assert.True(format010.Succeeded, format010.ToString());
        var bindings = project.ReadFile("SqliteNative.cs");
        Assert.Contains("private static extern nint sqlite3_column_textNative(IntPtr stmt, int column);", bindings, StringComparison.Ordinal);
        Assert.Contains("Marshal.PtrToStringUTF8(sqlite3_errmsgNative(db))", bindings, StringComparison.Ordinal);
        Assert.Contains("private static readonly BusyHandler s_sqlite3BusyHandlerHandler", project.ReadFile("Program.cs"), StringComparison.Ordinal);

        var rebuild = project.Build();
        Assert.True(rebuild.Succeeded, rebuild.ToString());
        Assert.Empty(rebuild.DiagnosticLines("ILNT007"));
        Assert.Empty(rebuild.DiagnosticLines("ILNT010"));
        Assert.DoesNotContain(": error ", rebuild.Output, StringComparison.Ordinal);

        var run = project.Run();
        Assert.True(run.Succeeded, run.ToString());
        // 'row 1'..'row 9' are 5 characters, then 6, 7, and 'row 1000' is 8: 9*5 + 90*6 + 900*7 + 8
        Assert.Contains("rows=1000 characters=" + (9 * 5 + 90 * 6 + 900 * 7 + 8) + " status=not an error", run.Output, StringComparison.Ordinal);
    }

    private const string AllocatingBindings = """
        using System;
        using System.Runtime.InteropServices;

        internal static class SqliteMemory
        {
            [DllImport("sqlite3")] public static extern int sqlite3_initialize();
            [DllImport("sqlite3")] public static extern IntPtr sqlite3_malloc(int n);
            [DllImport("sqlite3")] public static extern void sqlite3_free(IntPtr p);
            [DllImport("sqlite3")] public static extern long sqlite3_memory_used();
        }
        """;

    private const string AllocatingProgram = """
        using System;
        using System.Runtime.InteropServices;

        internal static class Program
        {
            private static int Sum(int count)
            {
                var buffer = SqliteMemory.sqlite3_malloc(count * 4);
                for (var i = 0; i < count; i++)
                {
                    Marshal.WriteInt32(buffer, i * 4, i);
                }

                var sum = 0;
                for (var i = 0; i < count; i++)
                {
                    sum += Marshal.ReadInt32(buffer, i * 4);
                }

                return sum;
            }

            private static int Main()
            {
                SqliteMemory.sqlite3_initialize();
                var before = SqliteMemory.sqlite3_memory_used();
                var sum = 0;
                for (var round = 0; round < 10; round++)
                {
                    sum += Sum(1000);
                }

                Console.WriteLine($"sum={sum} leaked={SqliteMemory.sqlite3_memory_used() - before}");
                return 0;
            }
        }
        """;

    [Fact]
    public void SqliteMallocWithoutFree_LeaksBeforeTheFix_FormatAddsTryFinally_NothingLeaksAfter()
    {
        // The pair comes from .editorconfig, as a user states what the header cannot say (here: redundant with the name pair).
        var project = _package.CreateProject("sqlite-leak", """
              <ItemGroup>
                <InteropLintHeader Include="/usr/include/sqlite3.h" Library="sqlite3" />
              </ItemGroup>
            """, ("SqliteMemory.cs", AllocatingBindings), ("Program.cs", AllocatingProgram),
            (".editorconfig", "root = true\n\n[*.cs]\ninteroplint.ownership_pairs = sqlite3_malloc:sqlite3_free\n"));
        project.Output = _output;

        var build = project.Build();
        Assert.True(build.Succeeded, build.ToString());
        var warning = Assert.Single(build.DiagnosticLines("ILNT002"));
        Assert.Contains("'sqlite3_malloc' result in 'buffer' is never freed", warning, StringComparison.Ordinal);
        var leaking = project.Run();
        Assert.True(leaking.Succeeded, leaking.ToString());
        var sum = 10 * (999 * 1000 / 2);
        Assert.Matches("sum=" + sum + " leaked=[1-9][0-9]{4,}", leaking.Output);

        var format = project.Format("ILNT002");
        Assert.True(format.Succeeded, format.ToString());
        Assert.Contains("sqlite3_free(buffer);", project.ReadFile("Program.cs"), StringComparison.Ordinal);

        var rebuild = project.Build();
        Assert.True(rebuild.Succeeded, rebuild.ToString());
        Assert.Empty(rebuild.DiagnosticLines("ILNT002"));
        var run = project.Run();
        Assert.True(run.Succeeded, run.ToString());
        Assert.Contains("sum=" + sum + " leaked=0", run.Output, StringComparison.Ordinal);
    }
}
