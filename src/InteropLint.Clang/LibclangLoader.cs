using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using InteropLint.Clang.Native;

namespace InteropLint.Clang;

/// <summary>libclang could not be loaded; the message says how to install it.</summary>
public sealed class LibclangNotFoundException : Exception
{
    public const string InstallHint =
        "Install libclang: Debian/Ubuntu: apt-get install libclang1-14 libclang-common-14-dev; " +
        "macOS: xcode-select --install; Windows: the LLVM installer (C:\\Program Files\\LLVM\\bin\\libclang.dll); " +
        "or set INTEROPLINT_LIBCLANG to the full path of libclang.";

    public LibclangNotFoundException(IReadOnlyList<string> tried)
        : base("libclang was not found (tried " + tried.Count + " locations, e.g. " + string.Join(", ", Take(tried, 4)) + "). " + InstallHint)
    {
        Tried = tried;
    }

    /// <summary>The path the user set could not be used: said as such, never replaced by a library found elsewhere.</summary>
    public LibclangNotFoundException(string variable, string path, string reason)
        : base(variable + " is set to '" + path + "', but " + reason + "; InteropLint does not look elsewhere while it is set. " +
               "Point it at libclang's shared library (e.g. /usr/lib/llvm-14/lib/libclang-14.so.1, libclang.dylib, libclang.dll) or unset it to search the usual places. " + InstallHint)
    {
        Tried = new[] { path };
    }

    public IReadOnlyList<string> Tried { get; }

    private static IEnumerable<string> Take(IReadOnlyList<string> items, int count)
    {
        for (var i = 0; i < items.Count && i < count; i++)
        {
            yield return items[i];
        }
    }
}

/// <summary>
/// Finds and loads libclang once per process. <c>INTEROPLINT_LIBCLANG</c> (a full path or a library name), when set,
/// is the only place tried: a wrong value is reported, not quietly replaced by another libclang.
/// <c>INTEROPLINT_LIBCLANG_NOPROBE=1</c> turns the probing of the usual places off (tests use it to see what happens
/// on a machine without libclang).
/// </summary>
public static class LibclangLoader
{
    public const string PathVariable = "INTEROPLINT_LIBCLANG";
    public const string NoProbeVariable = "INTEROPLINT_LIBCLANG_NOPROBE";

    private static readonly object Gate = new();
    private static nint _handle;
    private static string? _loadedFrom;
    private static LibclangNotFoundException? _failure;

    /// <summary>The name or path libclang was loaded from, once loaded.</summary>
    public static string? LoadedFrom => _loadedFrom;

    /// <summary>Loads libclang or throws <see cref="LibclangNotFoundException"/>. Cheap after the first call.</summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_handle != 0)
            {
                return;
            }

            if (_failure != null)
            {
                throw _failure;
            }

            var chosen = Environment.GetEnvironmentVariable(PathVariable);
            if (!string.IsNullOrWhiteSpace(chosen))
            {
                LoadChosen(chosen!.Trim());
                return;
            }

            var tried = new List<string>();
            foreach (var candidate in Candidates())
            {
                tried.Add(candidate);
                if (NativeLibrary.TryLoad(candidate, out var handle) && NativeLibrary.TryGetExport(handle, "clang_createIndex", out _))
                {
                    _handle = handle;
                    _loadedFrom = candidate;
                    NativeLibrary.SetDllImportResolver(typeof(Libclang).Assembly, Resolve);
                    return;
                }
            }

            _failure = new LibclangNotFoundException(tried);
            throw _failure;
        }
    }

    /// <summary>The library <c>INTEROPLINT_LIBCLANG</c> names, or a failure that names it (caller holds the lock).</summary>
    private static void LoadChosen(string path)
    {
        string reason;
        var isPath = path.IndexOf('/') >= 0 || path.IndexOf('\\') >= 0;
        if (isPath && !File.Exists(path))
        {
            reason = "no such file exists";
        }
        else if (!NativeLibrary.TryLoad(path, out var handle))
        {
            reason = "it could not be loaded (not a shared library for this process's architecture, or a dependency is missing)";
        }
        else if (!NativeLibrary.TryGetExport(handle, "clang_createIndex", out _))
        {
            reason = "it is not libclang (it has no clang_createIndex)";
        }
        else
        {
            _handle = handle;
            _loadedFrom = path;
            NativeLibrary.SetDllImportResolver(typeof(Libclang).Assembly, Resolve);
            return;
        }

        _failure = new LibclangNotFoundException(PathVariable, path, reason);
        throw _failure;
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name == Libclang.LibraryName ? _handle : 0;

    /// <summary>Where libclang may be when <c>INTEROPLINT_LIBCLANG</c> is not set, most specific first.</summary>
    public static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable(NoProbeVariable) == "1")
        {
            yield break;
        }

        if (OperatingSystem.IsWindows())
        {
            yield return "libclang.dll";
            foreach (var root in new[] { Environment.GetEnvironmentVariable("ProgramFiles"), Environment.GetEnvironmentVariable("ProgramFiles(x86)"), @"C:\Program Files" })
            {
                if (!string.IsNullOrEmpty(root))
                {
                    yield return Path.Combine(root, "LLVM", "bin", "libclang.dll");
                }
            }

            yield break;
        }

        if (OperatingSystem.IsMacOS())
        {
            yield return "libclang.dylib";
            yield return "/Library/Developer/CommandLineTools/usr/lib/libclang.dylib";
            yield return "/Applications/Xcode.app/Contents/Developer/Toolchains/XcodeDefault.xctoolchain/usr/lib/libclang.dylib";
            yield return "/opt/homebrew/opt/llvm/lib/libclang.dylib";
            yield return "/usr/local/opt/llvm/lib/libclang.dylib";
            yield break;
        }

        yield return "libclang.so";
        for (var major = 20; major >= 10; major--)
        {
            yield return $"libclang-{major}.so.1";
            yield return $"libclang.so.{major}";
            yield return $"/usr/lib/llvm-{major}/lib/libclang-{major}.so.1";
            yield return $"/usr/lib/llvm-{major}/lib/libclang.so.1";
            yield return $"/usr/lib/llvm-{major}/lib/libclang.so";
        }

        yield return "libclang.so.1";
    }
}
