using System;
using System.Reflection;
using System.Runtime.InteropServices;

namespace SqliteSample;

// DllImport("sqlite3") probes libsqlite3.so, which only the development package
// (libsqlite3-dev) installs. The runtime package has just libsqlite3.so.0, so fall back to it.
internal static class LibraryResolver
{
    public static void Install() =>
        NativeLibrary.SetDllImportResolver(Assembly.GetExecutingAssembly(), Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "sqlite3")
        {
            return IntPtr.Zero;
        }
        foreach (var candidate in new[] { "sqlite3", "libsqlite3.so.0", "libsqlite3.0.dylib", "winsqlite3" })
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }
        return IntPtr.Zero;
    }
}
