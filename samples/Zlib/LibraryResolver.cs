using System;
using System.Reflection;
using System.Runtime.InteropServices;

namespace ZlibSample;

// DllImport("z") probes libz.so, which only the development package (zlib1g-dev) installs.
// The runtime package has just the versioned libz.so.1, so fall back to it.
internal static class LibraryResolver
{
    public static void Install() =>
        NativeLibrary.SetDllImportResolver(Assembly.GetExecutingAssembly(), Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "z")
        {
            return IntPtr.Zero;
        }
        foreach (var candidate in new[] { "z", "libz.so.1", "libz.1.dylib", "zlib1" })
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }
        return IntPtr.Zero;
    }
}
