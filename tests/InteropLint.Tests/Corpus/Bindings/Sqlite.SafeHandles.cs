// corpus-header: /usr/include/sqlite3.h --library sqlite3
// The SafeHandle-heavy style: connections and statements as SafeHandles released by their own close
// functions, UTF-8 strings marshalled in, library-owned strings returned as IntPtr, a callback delegate.
using System;
using System.Runtime.InteropServices;

namespace Corpus.Sqlite;

internal sealed class SqliteHandle : SafeHandle
{
    public SqliteHandle() : base(IntPtr.Zero, ownsHandle: true) { }
    public override bool IsInvalid => handle == IntPtr.Zero;
    protected override bool ReleaseHandle() => Native.sqlite3_close_v2(handle) == 0;
}

internal sealed class StatementHandle : SafeHandle
{
    public StatementHandle() : base(IntPtr.Zero, ownsHandle: true) { }
    public override bool IsInvalid => handle == IntPtr.Zero;
    protected override bool ReleaseHandle() => Native.sqlite3_finalize(handle) == 0;
}

[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
internal delegate int ExecCallback(IntPtr arg, int columns, IntPtr values, IntPtr names);

internal static class Native
{
    private const string Lib = "sqlite3";

    [DllImport(Lib)] internal static extern IntPtr sqlite3_libversion();
    [DllImport(Lib)] internal static extern int sqlite3_libversion_number();
    [DllImport(Lib)] internal static extern int sqlite3_open([MarshalAs(UnmanagedType.LPUTF8Str)] string filename, out SqliteHandle db);
    [DllImport(Lib)] internal static extern int sqlite3_open_v2([MarshalAs(UnmanagedType.LPUTF8Str)] string filename, out SqliteHandle db, int flags, IntPtr vfs);
    [DllImport(Lib)] internal static extern int sqlite3_close_v2(IntPtr db);
    [DllImport(Lib)] internal static extern IntPtr sqlite3_errmsg(SqliteHandle db);
    [DllImport(Lib)] internal static extern int sqlite3_errcode(SqliteHandle db);
    [DllImport(Lib)] internal static extern int sqlite3_prepare_v2(SqliteHandle db, byte[] sql, int nByte, out StatementHandle stmt, out IntPtr tail);
    [DllImport(Lib)] internal static extern int sqlite3_step(StatementHandle stmt);
    [DllImport(Lib)] internal static extern int sqlite3_reset(StatementHandle stmt);
    [DllImport(Lib)] internal static extern int sqlite3_finalize(IntPtr stmt);
    [DllImport(Lib)] internal static extern int sqlite3_bind_int64(StatementHandle stmt, int index, long value);
    [DllImport(Lib)] internal static extern int sqlite3_bind_double(StatementHandle stmt, int index, double value);
    [DllImport(Lib)] internal static extern int sqlite3_bind_text(StatementHandle stmt, int index, byte[] text, int n, IntPtr destructor);
    [DllImport(Lib)] internal static extern int sqlite3_bind_null(StatementHandle stmt, int index);
    [DllImport(Lib)] internal static extern int sqlite3_column_count(StatementHandle stmt);
    [DllImport(Lib)] internal static extern IntPtr sqlite3_column_text(StatementHandle stmt, int column);
    [DllImport(Lib)] internal static extern long sqlite3_column_int64(StatementHandle stmt, int column);
    [DllImport(Lib)] internal static extern double sqlite3_column_double(StatementHandle stmt, int column);
    [DllImport(Lib)] internal static extern int sqlite3_column_bytes(StatementHandle stmt, int column);
    [DllImport(Lib)] internal static extern int sqlite3_changes(SqliteHandle db);
    [DllImport(Lib)] internal static extern long sqlite3_last_insert_rowid(SqliteHandle db);
    [DllImport(Lib)] internal static extern int sqlite3_exec(SqliteHandle db, [MarshalAs(UnmanagedType.LPUTF8Str)] string sql, ExecCallback callback, IntPtr arg, out IntPtr errmsg);
    [DllImport(Lib)] internal static extern void sqlite3_free(IntPtr p);
}
