// corpus-header: /usr/include/sqlite3.h --library sqlite3
// Variadic functions bound the way careful bindings do: one fixed-arity P/Invoke per argument shape actually passed
// (integers and pointers only, which travel like fixed arguments on x86-64 and Linux arm64), and for Apple arm64, where
// va_arg reads every variadic argument from an 8-byte stack slot, a variant whose dummy arguments fill x0-x7 so the
// real ones go on the stack, each in a slot of its own. Planted: the lookaside variant as the real binding had it
// (the second int packed at offset 12 of the stack, va_arg reads 16), a double, and a float.
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
    internal static extern int DbConfigLookasideApple(IntPtr db, int op, IntPtr d2, IntPtr d3, IntPtr d4, IntPtr d5, IntPtr d6, IntPtr d7, IntPtr buffer, int slotSize, int slotCount); // expect: ILNT011 "'slotCount' is packed at stack offset 12 where va_arg reads offset 16"

    // sqlite3_mprintf with a string argument only ("%Q"), and its Apple arm64 variant.
    [DllImport(Lib, EntryPoint = "sqlite3_mprintf")]
    internal static extern IntPtr MprintfString([MarshalAs(UnmanagedType.LPUTF8Str)] string format, [MarshalAs(UnmanagedType.LPUTF8Str)] string value);

    [DllImport(Lib, EntryPoint = "sqlite3_mprintf")]
    internal static extern IntPtr MprintfStringApple([MarshalAs(UnmanagedType.LPUTF8Str)] string format, IntPtr d1, IntPtr d2, IntPtr d3, IntPtr d4, IntPtr d5, IntPtr d6, IntPtr d7, [MarshalAs(UnmanagedType.LPUTF8Str)] string value);

    // "%f": no P/Invoke passes a double right on x86-64.
    [DllImport(Lib, EntryPoint = "sqlite3_mprintf")]
    internal static extern IntPtr MprintfDouble([MarshalAs(UnmanagedType.LPUTF8Str)] string format, double value); // expect: ILNT011 "on linux-x64 the caller must set AL"

    // A float is promoted to double by C.
    [DllImport(Lib, EntryPoint = "sqlite3_mprintf")]
    internal static extern IntPtr MprintfSingle([MarshalAs(UnmanagedType.LPUTF8Str)] string format, float value); // expect: ILNT011 "(float) is read as a double on every ABI"

    [DllImport(Lib)]
    internal static extern void sqlite3_free(IntPtr p);
}
