// corpus-header: /usr/include/sqlite3.h --library sqlite3
// Variadic functions bound the way careful bindings do: one fixed-arity P/Invoke per argument shape actually passed
// (integers and pointers only, which travel like fixed arguments on x86-64 and Linux arm64), and for Apple arm64, where
// va_arg reads every variadic argument from an 8-byte stack slot, a variant whose dummy arguments fill x0-x7 so the
// real ones go on the stack, each in a slot of its own: an int followed by an int is passed as a long.
using System;
using System.Runtime.InteropServices;

namespace Corpus.SqliteVariadic;

internal static class Native
{
    private const string Lib = "sqlite3";

    // sqlite3_db_config(sqlite3*, int op, ...): SQLITE_DBCONFIG_ENABLE_FKEY and friends take (int, int*).
    [DllImport(Lib, EntryPoint = "sqlite3_db_config")]
    internal static extern int DbConfigIntOutInt(IntPtr db, int op, int value, out int result);

    [DllImport(Lib, EntryPoint = "sqlite3_db_config")]
    internal static extern int DbConfigIntOutIntApple(IntPtr db, int op, IntPtr d2, IntPtr d3, IntPtr d4, IntPtr d5, IntPtr d6, IntPtr d7, int value, out int result);

    // SQLITE_DBCONFIG_LOOKASIDE takes (void*, int, int): on Apple arm64 the first int is widened so the second lands in its own slot.
    [DllImport(Lib, EntryPoint = "sqlite3_db_config")]
    internal static extern int DbConfigLookaside(IntPtr db, int op, IntPtr buffer, int slotSize, int slotCount);

    [DllImport(Lib, EntryPoint = "sqlite3_db_config")]
    internal static extern int DbConfigLookasideApple(IntPtr db, int op, IntPtr d2, IntPtr d3, IntPtr d4, IntPtr d5, IntPtr d6, IntPtr d7, IntPtr buffer, long slotSize, int slotCount);

    // sqlite3_mprintf with a string argument only ("%Q"), and its Apple arm64 variant.
    [DllImport(Lib, EntryPoint = "sqlite3_mprintf")]
    internal static extern IntPtr MprintfString([MarshalAs(UnmanagedType.LPUTF8Str)] string format, [MarshalAs(UnmanagedType.LPUTF8Str)] string value);

    [DllImport(Lib, EntryPoint = "sqlite3_mprintf")]
    internal static extern IntPtr MprintfStringApple([MarshalAs(UnmanagedType.LPUTF8Str)] string format, IntPtr d1, IntPtr d2, IntPtr d3, IntPtr d4, IntPtr d5, IntPtr d6, IntPtr d7, [MarshalAs(UnmanagedType.LPUTF8Str)] string value);

    [DllImport(Lib)]
    internal static extern void sqlite3_free(IntPtr p);
}
