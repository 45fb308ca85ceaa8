using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace InteropLint.Clang;

/// <summary>
/// Finds clang's resource directory (the one whose <c>include/</c> holds the builtin <c>stddef.h</c>,
/// <c>stdint.h</c>, <c>stdarg.h</c>): next to the loaded libclang first, then the usual install places,
/// preferring the version libclang reports.
/// </summary>
public static class ResourceDirectory
{
    /// <summary>The resource directory (parent of <c>include</c>), or null when none is found.</summary>
    public static string? Find()
    {
        var preferredMajor = MajorVersion(SafeVersion());
        var candidates = Candidates().Where(d => File.Exists(Path.Combine(d, "include", "stddef.h"))).Distinct().ToList();
        return candidates.FirstOrDefault(d => preferredMajor != null && VersionOf(d)?.StartsWith(preferredMajor, StringComparison.Ordinal) == true)
            ?? candidates.FirstOrDefault();
    }

    private static IEnumerable<string> Candidates()
    {
        var loaded = LibclangLoader.LoadedFrom;
        if (loaded != null && Path.IsPathRooted(loaded))
        {
            var libDir = Path.GetDirectoryName(loaded)!;
            foreach (var dir in Versions(Path.Combine(libDir, "clang")))
            {
                yield return dir;
            }

            // Windows: bin\libclang.dll, resources in lib\clang\NN
            foreach (var dir in Versions(Path.Combine(libDir, "..", "lib", "clang")))
            {
                yield return Path.GetFullPath(dir);
            }
        }

        foreach (var dir in Versions("/usr/lib/clang"))
        {
            yield return dir;
        }

        for (var major = 20; major >= 10; major--)
        {
            foreach (var dir in Versions($"/usr/lib/llvm-{major}/lib/clang"))
            {
                yield return dir;
            }
        }

        foreach (var dir in Versions("/Library/Developer/CommandLineTools/usr/lib/clang"))
        {
            yield return dir;
        }

        foreach (var dir in Versions("/Applications/Xcode.app/Contents/Developer/Toolchains/XcodeDefault.xctoolchain/usr/lib/clang"))
        {
            yield return dir;
        }

        foreach (var dir in Versions(@"C:\Program Files\LLVM\lib\clang"))
        {
            yield return dir;
        }
    }

    /// <summary>Version folders under a <c>clang</c> folder, newest first.</summary>
    private static IEnumerable<string> Versions(string clangDir)
    {
        if (!Directory.Exists(clangDir))
        {
            return Array.Empty<string>();
        }

        return Directory.GetDirectories(clangDir)
            .OrderByDescending(d => Version.TryParse(PadVersion(Path.GetFileName(d)), out var v) ? v : new Version(0, 0))
            .ThenBy(d => d, StringComparer.Ordinal);
    }

    private static string PadVersion(string name) => name.Contains('.') ? name : name + ".0";

    private static string? VersionOf(string dir) => Path.GetFileName(dir.TrimEnd('/', '\\'));

    private static string? SafeVersion()
    {
        try
        {
            return ClangIndex.Version;
        }
        catch (LibclangNotFoundException)
        {
            return null;
        }
    }

    private static string? MajorVersion(string? version)
    {
        if (version == null)
        {
            return null;
        }

        // "… version 14.0.6 …": the digits after the first "version " that are followed by a dot (a regex would
        // cost this short-lived process the loading of its library).
        const string Marker = "version ";
        for (var at = version.IndexOf(Marker, StringComparison.Ordinal); at >= 0; at = version.IndexOf(Marker, at + 1, StringComparison.Ordinal))
        {
            var start = at + Marker.Length;
            var end = start;
            while (end < version.Length && version[end] >= '0' && version[end] <= '9')
            {
                end++;
            }

            if (end > start && end < version.Length && version[end] == '.')
            {
                return version.Substring(start, end - start);
            }
        }

        return null;
    }
}
