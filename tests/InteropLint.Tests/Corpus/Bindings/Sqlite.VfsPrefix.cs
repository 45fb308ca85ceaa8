// corpus-header: /usr/include/sqlite3.h --library sqlite3
// sqlite3_vfs (versioned: iVersion 3, 22 fields) read for its first five: a prefix view, never passed to C.
using System;
using System.Runtime.InteropServices;

namespace Corpus.Sqlite
{
    [StructLayout(LayoutKind.Sequential)]
    public struct sqlite3_vfs
    {
        public int iVersion;
        public int szOsFile;
        public int mxPathname;
        public IntPtr pNext;
        public IntPtr zName;
    }

    public static unsafe class Vfs
    {
        [DllImport("sqlite3", CallingConvention = CallingConvention.Cdecl)]
        private static extern IntPtr sqlite3_vfs_find([MarshalAs(UnmanagedType.LPUTF8Str)] string? zVfsName);

        [DllImport("sqlite3", EntryPoint = "sqlite3_vfs_find", CallingConvention = CallingConvention.Cdecl)]
        private static extern sqlite3_vfs* FindVfs(byte* zVfsName);

        public static string? DefaultName()
        {
            var p = sqlite3_vfs_find(null);
            return p == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(Marshal.PtrToStructure<sqlite3_vfs>(p).zName);
        }

        public static int DefaultPathLimit() => FindVfs(null)->mxPathname;
    }
}
