namespace InteropLint.Tests.Sweep;

/// <summary>
/// One library's real Debian headers as a user lists them (<c>InteropLintHeader</c> items with one
/// <c>Library</c>), and which files are the library's own: a binding declares the library's functions,
/// not the C library's that its headers happen to include.
/// </summary>
public sealed record SweepHeaderSet(string Name, string Library, string[] Headers, string[] IncludePaths, string[] OwnFiles)
{
    /// <summary>The ABIs every set is scanned for: the defaults and linux-arm64.</summary>
    public const string Targets = "linux-x64;win-x64;osx-arm64;linux-arm64";

    /// <summary>The host ABI whose facts the bindings are written from.</summary>
    public const string HostTarget = "linux-x64";

    public static IReadOnlyList<SweepHeaderSet> All { get; } = new[]
    {
        new SweepHeaderSet("sdl2", "SDL2", new[] { "/usr/include/SDL2/SDL.h" }, new[] { "/usr/include/SDL2" }, new[] { "/usr/include/SDL2/" }),
        new SweepHeaderSet("libgit2", "git2", new[] { "/usr/include/git2.h" }, Array.Empty<string>(), new[] { "/usr/include/git2" }),
        new SweepHeaderSet("openssl", "ssl", new[] { "/usr/include/openssl/ssl.h" }, Array.Empty<string>(), new[] { "/usr/include/openssl/", "/usr/include/x86_64-linux-gnu/openssl/" }),
        new SweepHeaderSet("libvlc", "vlc", new[] { "/usr/include/vlc/vlc.h" }, Array.Empty<string>(), new[] { "/usr/include/vlc/" }),
        new SweepHeaderSet("libxml2", "xml2", new[] { "/usr/include/libxml2/libxml/parser.h" }, new[] { "/usr/include/libxml2" }, new[] { "/usr/include/libxml2/" }),
        new SweepHeaderSet("libarchive", "archive", new[] { "/usr/include/archive.h", "/usr/include/archive_entry.h" }, Array.Empty<string>(), new[] { "/usr/include/archive" }),
        new SweepHeaderSet("libsodium", "sodium", new[] { "/usr/include/sodium.h" }, Array.Empty<string>(), new[] { "/usr/include/sodium" }),
        new SweepHeaderSet("libpcap", "pcap", new[] { "/usr/include/pcap/pcap.h" }, Array.Empty<string>(), new[] { "/usr/include/pcap" }),
        new SweepHeaderSet("libcurl", "curl", new[] { "/usr/include/x86_64-linux-gnu/curl/curl.h" }, Array.Empty<string>(), new[] { "/usr/include/x86_64-linux-gnu/curl/", "/usr/include/curl/" }),
        new SweepHeaderSet("libldap", "ldap", new[] { "/usr/include/ldap.h", "/usr/include/lber.h" }, Array.Empty<string>(), new[] { "/usr/include/ldap", "/usr/include/lber" }),
        new SweepHeaderSet("libusb", "usb-1.0", new[] { "/usr/include/libusb-1.0/libusb.h" }, Array.Empty<string>(), new[] { "/usr/include/libusb-1.0/" }),
        new SweepHeaderSet("glibc-socket-signal", "libc", new[] { "/usr/include/x86_64-linux-gnu/sys/socket.h", "/usr/include/signal.h" }, Array.Empty<string>(), new[] { "/usr/include/" }),
    };

    /// <summary>Set to <c>full</c> to sweep every header set of <see cref="All"/>; by default only <see cref="DefaultNames"/>.</summary>
    public const string FullSweepVariable = "INTEROPLINT_SWEEP";

    /// <summary>
    /// The default suite's sets: small enough to keep the whole suite within its time budget (docs/performance.md), and
    /// each the one that showed a false-positive cause the sweep found: libldap's unprototyped <c>LDAP_P(())</c> on
    /// win-x64, SDL's <c>va_list</c> and its config header in the host's multiarch folder for linux-arm64, glibc's
    /// <c>sigsuspend</c> beside another set's failed scan and the macOS shim's invented <c>struct tm</c>/<c>mode_t</c>,
    /// libusb's <c>void*</c> for typed pointers; libsodium and libusb also carry the planted bugs of <c>SweepInstrumentTests</c>.
    /// </summary>
    public static IReadOnlyList<string> DefaultNames { get; } = new[] { "sdl2", "libldap", "glibc-socket-signal", "libusb", "libsodium" };

    /// <summary>Whether <see cref="FullSweepVariable"/> asks for every set.</summary>
    public static bool FullSweep => string.Equals(Environment.GetEnvironmentVariable(FullSweepVariable), "full", StringComparison.OrdinalIgnoreCase);

    /// <summary>The sets this run sweeps: every one with <c>INTEROPLINT_SWEEP=full</c>, otherwise the default few.</summary>
    public static IReadOnlyList<SweepHeaderSet> Selected { get; } = FullSweep ? All : All.Where(s => DefaultNames.Contains(s.Name)).ToArray();

    /// <summary>The C# namespace of this set's binding.</summary>
    public string Namespace => "Sweep." + string.Concat(Name.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    /// <summary>The file name the binding compiles under, so a finding's location names its set.</summary>
    public string SourcePath(string style) => Name + "." + style + ".cs";

    public bool Owns(string file) => OwnFiles.Any(prefix => file.StartsWith(prefix, StringComparison.Ordinal));

    public bool IsInstalled => Headers.All(File.Exists);

    public override string ToString() => Name;
}
