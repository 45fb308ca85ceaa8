namespace InteropLint.Tests.Infrastructure;

/// <summary>Manifests of the system's real headers and of native/include, scanned once per test run.</summary>
public static class RealHeaders
{
    public static string Zlib => NativeHeaders.Scan("/usr/include/zlib.h", NativeHeaders.DefaultTargets, "--library", "z");

    public static string Sqlite => NativeHeaders.Scan("/usr/include/sqlite3.h", NativeHeaders.DefaultTargets, "--library", "sqlite3");

    public static string Lzma => NativeHeaders.Scan("/usr/include/lzma.h", NativeHeaders.DefaultTargets, "--library", "lzma");

    /// <summary>glibc's headers describe Linux only: scanned for linux-x64.</summary>
    public static string Glibc(string header, string library = "libc") =>
        library.Length == 0
            ? NativeHeaders.Scan("/usr/include/" + header, "linux-x64")
            : NativeHeaders.Scan("/usr/include/" + header, "linux-x64", "--library", library);

    /// <summary>The repository's demo library header (branch native), for every default ABI.</summary>
    public static string InteropDemo => NativeHeaders.Scan("native/include/interopdemo.h", NativeHeaders.DefaultTargets, "--library", "interopdemo");
}
