using System;
using System.Runtime.InteropServices;

namespace SqliteSample;

// Bindings in the style of many hand-written SQLite wrappers.
internal static class SqliteNative
{
    private const string Library = "sqlite3";

    public const int SQLITE_OK = 0;
    public const int SQLITE_BUSY = 5;
    public const int SQLITE_ROW = 100;
    public const int SQLITE_DONE = 101;

    // sqlite3_destructor_type: -1 asks SQLite to copy the bound value.
    public static readonly IntPtr SQLITE_TRANSIENT = new IntPtr(-1);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int BusyHandler(IntPtr arg, int attempts);

    public const int SQLITE_OPEN_READWRITE = 0x02;
    public const int SQLITE_OPEN_CREATE = 0x04;
    public const int SQLITE_OPEN_URI = 0x40;

    [DllImport(Library)]
    public static extern int sqlite3_open_v2(string filename, out IntPtr db, int flags, string? vfs);

    [DllImport(Library)]
    public static extern int sqlite3_close(IntPtr db);

    [DllImport(Library)]
    public static extern int sqlite3_exec(IntPtr db, string sql, IntPtr callback, IntPtr arg, IntPtr errmsg);

    [DllImport(Library)]
    public static extern int sqlite3_prepare_v2(IntPtr db, string sql, int nByte, out IntPtr stmt, IntPtr tail);

    [DllImport(Library)]
    public static extern int sqlite3_bind_text(IntPtr stmt, int index, string value, int nByte, IntPtr destructor);

    [DllImport(Library)]
    public static extern int sqlite3_bind_int(IntPtr stmt, int index, int value);

    [DllImport(Library)]
    public static extern int sqlite3_step(IntPtr stmt);

    [DllImport(Library)]
    public static extern int sqlite3_reset(IntPtr stmt);

    [DllImport(Library)]
    public static extern int sqlite3_finalize(IntPtr stmt);

    [DllImport(Library)]
    public static extern int sqlite3_column_int(IntPtr stmt, int column);

    // SQLite returns a pointer it owns; "string" makes the marshaller free it after copying.
    [DllImport(Library)]
    public static extern string sqlite3_column_text(IntPtr stmt, int column);

    [DllImport(Library)]
    public static extern string sqlite3_errmsg(IntPtr db);

    [DllImport(Library)]
    public static extern int sqlite3_busy_handler(IntPtr db, BusyHandler handler, IntPtr arg);
}
