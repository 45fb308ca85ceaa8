using System;
using System.Threading;
using static SqliteSample.SqliteNative;

namespace SqliteSample;

// Usage: Sqlite [all|rows|errmsg|busy] [row count]
//   rows    inserts the rows (a constant category bound in the loop) and reads the names back
//   errmsg  reads the error message of a failed statement, several times
//   busy    makes a second connection wait on a lock with a busy handler
// Prints "rows read back: N" and exits 0 when every check holds. With the bindings in
// SqliteNative.cs the process usually dies inside the runtime's marshaller instead.
internal static class Program
{
    private static int busyCalls;

    private static int Main(string[] args)
    {
        LibraryResolver.Install();
        string mode = args.Length > 0 ? args[0] : "all";
        int rowCount = args.Length > 1 ? int.Parse(args[1]) : 2000;
        // An in-memory database (memdb VFS) that several connections of this process share, with
        // real file-style locking; nothing is left behind when the process dies.
        string path = "file:/interoplint-sample.db?vfs=memdb";
        bool ok = true;
        if (mode is "all" or "rows")
        {
            ok &= InsertAndReadBack(path, rowCount);
        }
        if (mode is "all" or "errmsg")
        {
            ok &= ReadErrorMessages(path);
        }
        if (mode is "all" or "busy")
        {
            ok &= WaitOnLock(path);
        }
        Console.WriteLine(ok ? "result: OK" : "result: FAILED");
        return ok ? 0 : 1;
    }

    private static bool InsertAndReadBack(string path, int rowCount)
    {
        IntPtr db = Open(path);
        Exec(db, "CREATE TABLE IF NOT EXISTS items(id INTEGER PRIMARY KEY, category TEXT, name TEXT)");
        Exec(db, "BEGIN");
        Check(db, sqlite3_prepare_v2(db, "INSERT INTO items(id, category, name) VALUES(?, ?, ?)", -1, out IntPtr insert, IntPtr.Zero));
        const string category = "widgets";
        for (int i = 0; i < rowCount; i++)
        {
            sqlite3_bind_int(insert, 1, i);
            sqlite3_bind_text(insert, 2, category, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(insert, 3, $"item {i}", -1, SQLITE_TRANSIENT);
            if (sqlite3_step(insert) != SQLITE_DONE)
            {
                Console.WriteLine($"insert failed: {sqlite3_errmsg(db)}");
            }
            sqlite3_reset(insert);
        }
        sqlite3_finalize(insert);
        Exec(db, "COMMIT");

        // Counted in SQL and read as an integer (no text crosses the boundary): shows what the
        // category binding in the loop stored, even while reading text back is broken.
        Check(db, sqlite3_prepare_v2(db, "SELECT count(*) FROM items WHERE category = 'widgets'", -1, out IntPtr count, IntPtr.Zero));
        int widgets = sqlite3_step(count) == SQLITE_ROW ? sqlite3_column_int(count, 0) : -1;
        sqlite3_finalize(count);
        Console.WriteLine($"rows in category widgets: {widgets}");

        Check(db, sqlite3_prepare_v2(db, "SELECT id, name FROM items ORDER BY id", -1, out IntPtr select, IntPtr.Zero));
        int read = 0;
        int matching = 0;
        while (sqlite3_step(select) == SQLITE_ROW)
        {
            int id = sqlite3_column_int(select, 0);
            string name = sqlite3_column_text(select, 1);
            read++;
            if (name == $"item {id}")
            {
                matching++;
            }
        }
        sqlite3_finalize(select);
        sqlite3_close(db);
        Console.WriteLine($"rows read back: {read} (expected {rowCount}, names matching {matching})");
        return read == rowCount && matching == rowCount;
    }

    private static bool ReadErrorMessages(string path)
    {
        IntPtr db = Open(path);
        int rc = sqlite3_prepare_v2(db, "SELECT * FROM no_such_table", -1, out IntPtr stmt, IntPtr.Zero);
        string first = sqlite3_errmsg(db);
        string second = sqlite3_errmsg(db);
        sqlite3_finalize(stmt);
        sqlite3_close(db);
        Console.WriteLine($"errmsg: rc={rc}, \"{first}\" then \"{second}\"");
        return rc != SQLITE_OK && first == "no such table: no_such_table" && second == first;
    }

    private static bool WaitOnLock(string path)
    {
        IntPtr holder = Open(path);
        IntPtr waiter = Open(path);
        Exec(holder, "CREATE TABLE IF NOT EXISTS log(line TEXT)");
        SetRetries(waiter, maxAttempts: 5);

        // The writer keeps its lock; the waiter's handler retries, then gives up with SQLITE_BUSY.
        Exec(holder, "BEGIN IMMEDIATE");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        int rc = sqlite3_exec(waiter, "INSERT INTO log VALUES('waiting')", IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        Exec(holder, "COMMIT");
        sqlite3_close(waiter);
        sqlite3_close(holder);
        Console.WriteLine($"busy: rc={rc}, busy handler called {busyCalls} times");
        return rc == SQLITE_BUSY && busyCalls == 6;
    }

    private static void SetRetries(IntPtr db, int maxAttempts)
    {
        sqlite3_busy_handler(db, (arg, attempts) =>
        {
            Interlocked.Increment(ref busyCalls);
            Thread.Sleep(1);
            return attempts < maxAttempts ? 1 : 0;
        }, IntPtr.Zero);
    }

    private static IntPtr Open(string path)
    {
        const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI;
        if (sqlite3_open_v2(path, out IntPtr db, flags, null) != SQLITE_OK)
        {
            throw new InvalidOperationException($"cannot open {path}");
        }
        return db;
    }

    private static void Exec(IntPtr db, string sql) =>
        Check(db, sqlite3_exec(db, sql, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero));

    private static void Check(IntPtr db, int rc)
    {
        if (rc != SQLITE_OK)
        {
            throw new InvalidOperationException($"sqlite error {rc}: {sqlite3_errmsg(db)}");
        }
    }
}
