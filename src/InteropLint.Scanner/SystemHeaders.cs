using System;
using System.Collections.Generic;
using System.IO;
using InteropLint.Manifest;

namespace InteropLint.Scanner;

public enum SystemHeaderKind
{
    /// <summary>The machine's own C library: right for the host ABI only.</summary>
    Host,

    /// <summary>A target's real C library headers (<c>DIR/include</c>): MinGW-w64 for Windows, Debian's cross glibc for Linux.</summary>
    Sysroot,

    /// <summary>A macOS SDK, passed as <c>-isysroot</c>.</summary>
    AppleSdk,

    /// <summary>No system headers for the target: clang's builtin headers and the scanner's small shim.</summary>
    Freestanding,
}

/// <summary>
/// Which C library headers one ABI is parsed with, found on the machine or set per ABI (the scanner's
/// <c>--sysroot RID=DIR</c>, MSBuild's <c>InteropLintSysroot</c>). Real headers for the target give real facts;
/// without them the ABI is parsed freestanding and whatever needs a missing header is reported and unresolved.
/// Per-ABI folders never reach another ABI's command line.
/// </summary>
public sealed class SystemHeaders
{
    private SystemHeaders(SystemHeaderKind kind, string triple)
    {
        Kind = kind;
        Triple = triple;
    }

    public SystemHeaderKind Kind { get; }

    /// <summary>The clang triple: the GNU one (<c>x86_64-w64-windows-gnu</c>) with MinGW's headers.</summary>
    public string Triple { get; }

    /// <summary>The sysroot or SDK folder, when there is one.</summary>
    public string? Root { get; private set; }

    public string? IncludeDirectory { get; private set; }

    /// <summary>Flags that make the GNU triple lay data out as the ABI .NET runs on does (MSVC's for Windows).</summary>
    public IReadOnlyList<string> LayoutFlags { get; private set; } = Array.Empty<string>();

    /// <summary>Searched after everything else (library headers under <c>/usr/include</c>).</summary>
    public IReadOnlyList<string> AfterDirectories { get; private set; } = Array.Empty<string>();

    /// <summary>Whether glibc's headers, reachable through <see cref="AfterDirectories"/>, must be stopped for this target.</summary>
    public bool GuardHostLibc { get; private set; }

    /// <summary>
    /// The ABI is MSVC's parsed through a GNU triple (MinGW-w64's headers): MSVC gives every C enum the type
    /// <c>int</c>, while the GNU triple widens an enum whose enumerators do not fit to 8 bytes. No clang flag
    /// changes that, so the scanner corrects it (see <see cref="TypeConverter"/> and <see cref="UnresolvedFacts"/>).
    /// </summary>
    public bool EnumsAreInt { get; private set; }

    /// <summary>What to install or set when a system header is missing for this ABI (for ILNT900).</summary>
    public string MissingHeaderAdvice { get; private set; } = "";

    /// <summary>
    /// Parsed freestanding: why what the shim says of the system's own types (<c>mode_t</c>, <c>struct tm</c>) is no
    /// fact there, in the words a rule's "not checked on RID: …" uses, e.g. "no macOS SDK (set InteropLintSysroot)".
    /// </summary>
    public string StandInReason { get; private set; } = "";

    /// <summary>The value that disables finding a sysroot for an ABI: <c>--sysroot win-x64=none</c>.</summary>
    public const string None = "none";

    /// <summary>The system headers for <paramref name="rid"/>: the user's folder when given, else one found on the machine.</summary>
    public static SystemHeaders Find(string rid, IReadOnlyDictionary<string, string>? sysroots)
    {
        var triple = AbiTargets.Triple(rid) ?? rid;
        if (TargetArguments.IsHost(rid) && (sysroots is null || !sysroots.ContainsKey(rid)))
        {
            return new SystemHeaders(SystemHeaderKind.Host, triple);
        }

        string? given = null;
        sysroots?.TryGetValue(rid, out given);
        var disabled = string.Equals(given, None, StringComparison.OrdinalIgnoreCase);
        var library = "/usr/include";
        var after = Directory.Exists(library) ? new List<string> { library } : new List<string>();

        if (AbiTargets.IsWindows(rid))
        {
            var gnu = rid.EndsWith("-x86", StringComparison.OrdinalIgnoreCase) ? "i686-w64-mingw32" : "x86_64-w64-mingw32";
            var package = rid.EndsWith("-x86", StringComparison.OrdinalIgnoreCase) ? "mingw-w64-i686-dev" : "mingw-w64-x86-64-dev";
            var root = disabled ? null : given ?? "/usr/" + gnu;
            var include = root is null ? null : IncludeOf(root, "windows.h");
            var advice = $"install the MinGW-w64 headers (Debian: {package}) or set InteropLintSysroot for {rid} (--sysroot {rid}=DIR)";
            if (include is null)
            {
                return Freestanding(rid, triple, after, advice, $"no Windows system headers (install {package} or set InteropLintSysroot)");
            }

            // Library headers may sit in the host's multiarch folder (SDL2/_real_SDL_config.h).
            after = WithHostMultiarch(after);

            return new SystemHeaders(SystemHeaderKind.Sysroot, gnu.Replace("-mingw32", "-windows-gnu"))
            {
                Root = root,
                IncludeDirectory = include,

                // MinGW's clang target lays bit-fields out as MSVC does only with -mms-bitfields (its default today,
                // said anyway), and long double is 16 bytes unless told MSVC's 8.
                LayoutFlags = new[] { "-mms-bitfields", "-mlong-double-64" },
                AfterDirectories = after,
                GuardHostLibc = true,
                EnumsAreInt = true,
                MissingHeaderAdvice = advice,
            };
        }

        if (AbiTargets.IsApple(rid))
        {
            var sdk = disabled ? null : given ?? TargetArguments.AppleSdk.Value;
            var advice = $"set InteropLintSysroot for {rid} to a macOS SDK (on a Mac: xcrun --show-sdk-path)";
            if (sdk != null && Directory.Exists(Path.Combine(sdk, "usr", "include")))
            {
                return new SystemHeaders(SystemHeaderKind.AppleSdk, triple) { Root = sdk, AfterDirectories = after, MissingHeaderAdvice = advice };
            }

            // SDL's _real_SDL_config.h and OpenSSL's opensslconf.h live in the host's multiarch folder; the guard stops
            // the host's glibc, which that folder and /usr/include also hold.
            var apple = Freestanding(rid, triple, WithHostMultiarch(after), advice, "no macOS SDK (set InteropLintSysroot)");
            apple.GuardHostLibc = true;
            return apple;
        }

        // Another Linux: Debian's cross C library (libc6-dev-arm64-cross puts it under /usr/aarch64-linux-gnu).
        var cross = rid.EndsWith("-arm64", StringComparison.OrdinalIgnoreCase) ? "aarch64-linux-gnu"
            : rid.EndsWith("-x64", StringComparison.OrdinalIgnoreCase) ? "x86_64-linux-gnu"
            : rid.EndsWith("-x86", StringComparison.OrdinalIgnoreCase) ? "i686-linux-gnu" : null;
        var crossPackage = cross is null ? "the target's C library headers" : "libc6-dev-" + (cross.StartsWith("aarch64", StringComparison.Ordinal) ? "arm64" : cross.StartsWith("x86_64", StringComparison.Ordinal) ? "amd64" : "i386") + "-cross";
        var linuxAdvice = $"install {crossPackage} or set InteropLintSysroot for {rid} (--sysroot {rid}=DIR)";
        var linuxRoot = disabled ? null : given ?? (cross is null ? null : "/usr/" + cross);
        var linuxInclude = linuxRoot is null ? null : IncludeOf(linuxRoot, "stdio.h");
        if (linuxInclude is null)
        {
            return Freestanding(rid, triple, after, linuxAdvice, $"no {rid} C library headers (install {crossPackage} or set InteropLintSysroot)");
        }

        // The host's multiarch folder last, for library headers only Debian's multiarch folder has (SDL's
        // _real_SDL_config.h, OpenSSL's opensslconf.h). It also holds the host's glibc (bits/, sys/, gnu/, asm/): a file
        // reached there in a folder the target's C library has is the host's copy, and is not trusted (see
        // DeclarationCollector.HostLibcFiles). A guard features.h cannot do it here: the target's own one comes first.
        return new SystemHeaders(SystemHeaderKind.Sysroot, triple)
        {
            Root = linuxRoot,
            IncludeDirectory = linuxInclude,
            AfterDirectories = WithHostMultiarch(after),
            MissingHeaderAdvice = linuxAdvice,
        };
    }

    /// <summary>Parses <c>RID=DIR;RID=DIR</c> (the scanner's <c>--sysroot</c>, MSBuild's <c>InteropLintSysroot</c>).</summary>
    public static void ParseInto(string list, IDictionary<string, string> into)
    {
        foreach (var part in list.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var rid = equals > 0 ? part.Substring(0, equals).Trim().ToLowerInvariant() : "";
            if (rid.Length == 0 || !AbiTargets.IsKnown(rid) || equals == part.Length - 1)
            {
                throw new UsageException($"--sysroot needs RID=DIR with a known RID, got '{part}'");
            }

            into[rid] = part.Substring(equals + 1).Trim();
        }
    }

    private static SystemHeaders Freestanding(string rid, string triple, List<string> after, string advice, string standInReason) =>
        new(SystemHeaderKind.Freestanding, triple) { AfterDirectories = after, MissingHeaderAdvice = advice, StandInReason = standInReason };

    private static List<string> WithHostMultiarch(List<string> after)
    {
        if (TargetArguments.HostMultiarchDirectory is { } multiarch && !after.Contains(multiarch))
        {
            after.Add(multiarch);
        }

        return after;
    }

    /// <summary><c>DIR/include</c> or <c>DIR/usr/include</c>, whichever holds <paramref name="probe"/>; null when neither does.</summary>
    private static string? IncludeOf(string root, string probe)
    {
        foreach (var candidate in new[] { Path.Combine(root, "include"), Path.Combine(root, "usr", "include"), root })
        {
            if (File.Exists(Path.Combine(candidate, probe)))
            {
                return candidate;
            }
        }

        return null;
    }
}
