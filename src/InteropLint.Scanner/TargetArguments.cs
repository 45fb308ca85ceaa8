using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
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
/// every target), then a small shim for the POSIX headers libraries commonly include
/// (<c>sys/types.h</c>, <c>unistd.h</c>, <c>inttypes.h</c>), written from clang's own predefined width
/// macros, then the header's include paths, and only last <c>/usr/include</c> (through <c>-idirafter</c>,
/// for headers such as <c>string.h</c>). The multiarch folder (<c>/usr/include/x86_64-linux-gnu</c>) is left
/// out on purpose: it holds exactly the <c>bits/</c> headers that hard-code the host's widths; a libc header
/// that needs them fails to parse for that ABI and says so, instead of giving wrong sizes.
/// </para>
/// </summary>
internal static class TargetArguments
{
    private static readonly Dictionary<string, string> ShimFiles = new(StringComparer.Ordinal)
    {
        ["sys/types.h"] =
            "/* InteropLint cross-target shim: POSIX types with the target's widths, from clang's predefined macros. */\n" +
            "#ifndef INTEROPLINT_SHIM_SYS_TYPES_H\n#define INTEROPLINT_SHIM_SYS_TYPES_H\n" +
            "#include <stddef.h>\n#include <stdint.h>\n" +
            "#ifdef _WIN32\ntypedef long off_t;\n#else\ntypedef __INT64_TYPE__ off_t;\n#endif\n" +
            "typedef __INTPTR_TYPE__ ssize_t;\ntypedef int pid_t;\ntypedef unsigned int uid_t;\ntypedef unsigned int gid_t;\ntypedef unsigned int mode_t;\n" +
            "#endif\n",
        ["unistd.h"] =
            "/* InteropLint cross-target shim: declarations are not needed to learn a library's types. */\n" +
            "#ifndef INTEROPLINT_SHIM_UNISTD_H\n#define INTEROPLINT_SHIM_UNISTD_H\n#include <sys/types.h>\n#endif\n",
        ["inttypes.h"] =
            "/* InteropLint cross-target shim: clang's inttypes.h defers to the C library's, which is the host's. */\n" +
            "#ifndef INTEROPLINT_SHIM_INTTYPES_H\n#define INTEROPLINT_SHIM_INTTYPES_H\n#include <stdint.h>\n#endif\n",
    };

    private static readonly Lazy<string> Shim = new(WriteShim);

    /// <summary>The runtime identifier of the machine the scanner runs on, e.g. <c>linux-x64</c>.</summary>
    public static string HostRid { get; } = ComputeHostRid();

    public static bool IsHost(string rid) => string.Equals(rid, HostRid, StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder holding the shim headers (stable across runs, so manifests stay byte-identical).</summary>
    public static string ShimDirectory => Shim.Value;

    public static List<string> For(string rid, ManifestHeader header, string? resourceDirectory)
    {
        var args = new List<string> { "-x", "c", "-target", AbiTargets.Triple(rid)! };
        if (resourceDirectory != null)
        {
            args.Add("-resource-dir");
            args.Add(resourceDirectory);
        }

        var host = IsHost(rid);
        if (!host)
        {
            args.Add("-ffreestanding");
            args.Add("-nostdlibinc");
            if (resourceDirectory != null)
            {
                args.Add("-isystem");
                args.Add(Path.Combine(resourceDirectory, "include"));
            }

            args.Add("-isystem");
            args.Add(ShimDirectory);
        }

        foreach (var include in header.IncludePaths)
        {
            args.Add("-I" + include);
        }

        foreach (var define in header.Defines)
        {
            args.Add("-D" + define);
        }

        if (!host && Directory.Exists("/usr/include"))
        {
            args.Add("-idirafter");
            args.Add("/usr/include");
        }

        args.Add("-Wno-pragma-once-outside-header");
        return args;
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
        var hash = SHA256.Create();
        foreach (var pair in ShimFiles)
        {
            var bytes = Encoding.UTF8.GetBytes(pair.Key + "\0" + pair.Value + "\0");
            hash.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }

        hash.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
        var id = Convert.ToHexString(hash.Hash!, 0, 6).ToLowerInvariant();
        var root = Path.Combine(Path.GetTempPath(), "interoplint-shim-" + id);
        foreach (var pair in ShimFiles)
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
