using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using InteropLint.Manifest;

namespace InteropLint.Scanner;

/// <summary>
/// The clang command line for one header on one target ABI.
/// <para>
/// The host ABI is parsed as a compiler would: the host's C library headers are right for it.
/// Any other ABI must not see the host C library's width-dependent typedefs: glibc's
/// <c>bits/types.h</c> picks <c>__int64_t</c> from <c>__WORDSIZE</c>/<c>__x86_64__</c>, so on
/// <c>win-x64</c> (where <c>long</c> is 4 bytes) it would make <c>int64_t</c> 4 bytes. So foreign ABIs are
/// parsed freestanding: clang's builtin headers first (stdint.h, stddef.h, stdarg.h… are correct for
/// every target), then a small shim (<see cref="ShimHeaders"/>) for the C library and POSIX headers
/// libraries commonly include (<c>sys/types.h</c>, <c>unistd.h</c>, <c>string.h</c>, <c>stdio.h</c>…),
/// written with builtin types and clang's predefined width macros, then the header's include paths, and only last <c>/usr/include</c> (through <c>-idirafter</c>,
/// for anything else), then the host's multiarch folder (<c>/usr/include/x86_64-linux-gnu</c>) for the library
/// headers only Debian's multiarch folder has. That folder and <c>/usr/include</c> also hold the host's glibc, whose
/// <c>bits/</c> headers hard-code the host's widths: a guard <c>features.h</c> (or, for a cross sysroot, the check in
/// <see cref="DeclarationCollector"/>) stops them, so a libc header that needs them is reported missing for that ABI
/// and what rests on it is unresolved, instead of giving wrong sizes.
/// </para>
/// </summary>
internal static class TargetArguments
{
    private static readonly Lazy<string> Shim = new(WriteShim);

    internal static readonly Lazy<string?> AppleSdk = new(() =>
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("SDKROOT");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        foreach (var candidate in new[]
        {
            "/Library/Developer/CommandLineTools/SDKs/MacOSX.sdk",
            "/Applications/Xcode.app/Contents/Developer/Platforms/MacOSX.platform/Developer/SDKs/MacOSX.sdk",
        })
        {
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    });

    /// <summary>The runtime identifier of the machine the scanner runs on, e.g. <c>linux-x64</c>.</summary>
    public static string HostRid { get; } = ComputeHostRid();

    public static bool IsHost(string rid) => string.Equals(rid, HostRid, StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder holding the shim headers (stable across runs, so manifests stay byte-identical).</summary>
    public static string ShimDirectory => Shim.Value;

    /// <summary>The clang arguments for one header on one ABI; <paramref name="system"/> from <see cref="SystemHeaders.Find"/>.</summary>
    public static List<string> For(string rid, ManifestHeader header, string? resourceDirectory, SystemHeaders? system = null)
    {
        system ??= SystemHeaders.Find(rid, null);
        // -fparse-all-comments: plain /* */ comments on a declaration are documentation too (ownership, registration)
        var args = new List<string> { "-x", "c", "-target", system.Triple, "-fparse-all-comments" };
        if (resourceDirectory != null)
        {
            args.Add("-resource-dir");
            args.Add(resourceDirectory);
        }

        args.AddRange(system.LayoutFlags);
        var host = system.Kind == SystemHeaderKind.Host;
        if (host && OperatingSystem.IsMacOS() && AppleSdk.Value is { } sdk)
        {
            // libclang, unlike the clang driver run through xcrun, does not find the macOS SDK by itself.
            args.Add("-isysroot");
            args.Add(sdk);
        }

        if (system.Kind == SystemHeaderKind.AppleSdk)
        {
            args.Add("-isysroot");
            args.Add(system.Root!);
        }

        if (!host && system.Kind != SystemHeaderKind.AppleSdk)
        {
            args.Add("-nostdlibinc");
            if (resourceDirectory != null)
            {
                args.Add("-isystem");
                args.Add(Path.Combine(resourceDirectory, "include"));
            }

            if (system.Kind == SystemHeaderKind.Freestanding)
            {
                args.Add("-ffreestanding");
                args.Add("-isystem");
                args.Add(ShimDirectory);
                if (system.GuardHostLibc)
                {
                    args.Add("-isystem");
                    args.Add(Path.Combine(ShimDirectory, ShimHeaders.HostLibcGuardFolder));
                }
            }
            else
            {
                args.Add("-isystem");
                args.Add(system.IncludeDirectory!);
                if (system.GuardHostLibc)
                {
                    // The host's glibc headers describe the host: a header only glibc has must fail, not be read.
                    args.Add("-isystem");
                    args.Add(Path.Combine(ShimDirectory, ShimHeaders.HostLibcGuardFolder));
                }
            }
        }

        foreach (var include in header.IncludePaths)
        {
            args.Add("-I" + include);
        }

        foreach (var define in header.Defines)
        {
            args.Add("-D" + define);
        }

        if (!host)
        {
            foreach (var after in system.AfterDirectories)
            {
                args.Add("-idirafter");
                args.Add(after);
            }
        }

        args.Add("-Wno-pragma-once-outside-header");
        return args;
    }

    /// <summary>The host's multiarch include folder (<c>/usr/include/x86_64-linux-gnu</c>), where Debian puts per-architecture library headers.</summary>
    internal static string? HostMultiarchDirectory
    {
        get
        {
            var triple = RuntimeInformation.OSArchitecture switch
            {
                Architecture.X64 => "x86_64-linux-gnu",
                Architecture.Arm64 => "aarch64-linux-gnu",
                Architecture.X86 => "i386-linux-gnu",
                _ => null,
            };
            var dir = triple is null ? null : "/usr/include/" + triple;
            return dir != null && Directory.Exists(dir) ? dir : null;
        }
    }

    private static string ComputeHostRid()
    {
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.X86 => "x86",
            Architecture.Arm64 => "arm64",
            var other => other.ToString().ToLowerInvariant(),
        };
        return os + "-" + arch;
    }

    private static string WriteShim()
    {
        // The folder is named by its contents, so a changed shim never reuses an old folder. FNV-1a is enough
        // for that and, unlike SHA-256, does not load the cryptography library into every scan.
        var hash = 14695981039346656037UL;
        foreach (var pair in ShimHeaders.Files.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var b in Encoding.UTF8.GetBytes(pair.Key + "\0" + pair.Value + "\0"))
            {
                hash = unchecked((hash ^ b) * 1099511628211UL);
            }
        }

        var id = hash.ToString("x16", CultureInfo.InvariantCulture);
        var root = Path.Combine(Path.GetTempPath(), "interoplint-shim-" + id);
        foreach (var pair in ShimHeaders.Files)
        {
            var path = Path.Combine(root, pair.Key.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(path) && File.ReadAllText(path) == pair.Value)
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + "." + Environment.ProcessId + ".tmp";
            File.WriteAllText(temporary, pair.Value);
            File.Move(temporary, path, overwrite: true);
        }

        return root;
    }
}
