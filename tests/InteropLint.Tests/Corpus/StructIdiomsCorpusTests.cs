using InteropLint.Tests.Infrastructure;
using Xunit;

namespace InteropLint.Tests.Corpus;

/// <summary>
/// The struct side of the idioms corpus (issue 15): bindings of real Debian headers written the way real
/// projects write them — opaque blobs of the C size, overlays with a whole-struct byte view, flattened unions,
/// read-only prefixes of versioned structs, C's named padding left implicit, empty structs as handles. Each is
/// correct on every ABI its manifest covers, so every analyzer must stay silent; each planted bug is one edit
/// of a correct binding, and must be found with the right message.
/// </summary>
public class StructIdiomsCorpusTests
{
    private static string Sodium => NativeHeaders.Scan("/usr/include/sodium.h", NativeHeaders.DefaultTargets, "--library", "sodium");

    // git2.h: win-x64 misses a MinGW type in git2/types.h, so the corpus uses the ABIs it parses cleanly on.
    private static string Git2 => NativeHeaders.Scan("/usr/include/git2.h", "linux-x64;osx-arm64", "--library", "git2");

    /// <summary>glibc's &lt;sys/...&gt; headers live in Debian's multiarch folder; glibc describes Linux only.</summary>
    private static string GlibcSys(string header) =>
        NativeHeaders.Scan("/usr/include/x86_64-linux-gnu/sys/" + header, "linux-x64", "--library", "libc");

    /// <summary>sqlite3_vfs (versioned: iVersion 3, 22 fields) read for its first five: a prefix view, never passed to C.</summary>
    private const string SqliteVfsPrefix = """
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
        """;

    /// <summary>libsodium's states as opaque blobs of the C size; the 64-byte-aligned one lives in aligned native memory.</summary>
    private const string SodiumBlobs = """
        using System;
        using System.Runtime.InteropServices;

        namespace Corpus.Sodium
        {
            [StructLayout(LayoutKind.Explicit, Size = 384)]
            public struct crypto_generichash_state { }

            [StructLayout(LayoutKind.Explicit, Size = 104)]
            public struct crypto_hash_sha256_state { }

            public static unsafe class Native
            {
                [DllImport("sodium")] public static extern int crypto_generichash_init(crypto_generichash_state* state, byte* key, nuint keylen, nuint outlen);
                [DllImport("sodium")] public static extern int crypto_generichash_update(crypto_generichash_state* state, byte* @in, ulong inlen);
                [DllImport("sodium")] public static extern int crypto_generichash_final(crypto_generichash_state* state, byte* @out, nuint outlen);
                [DllImport("sodium")] public static extern int crypto_hash_sha256_init(ref crypto_hash_sha256_state state);
                [DllImport("sodium")] public static extern int crypto_hash_sha256_update(ref crypto_hash_sha256_state state, byte* @in, ulong inlen);
            }
        }
        """;

    /// <summary>glibc's siginfo_t as an explicit overlay: the fields a handler reads, flattened from _sifields' union, over a whole-struct byte view.</summary>
    private const string GlibcSiginfo = """
        using System;
        using System.Runtime.InteropServices;

        namespace Corpus.Signals
        {
            [StructLayout(LayoutKind.Explicit, Size = 128)]
            public unsafe struct siginfo_t
            {
                [FieldOffset(0)] public int si_signo;
                [FieldOffset(4)] public int si_errno;
                [FieldOffset(8)] public int si_code;
                [FieldOffset(16)] public int si_pid;
                [FieldOffset(20)] public uint si_uid;
                [FieldOffset(24)] public int si_status;
                [FieldOffset(16)] public IntPtr si_addr;
                [FieldOffset(0)] private fixed byte __size[128];
            }

            public static class Native
            {
                [DllImport("libc", SetLastError = true)]
                public static extern int sigwaitinfo(IntPtr set, out siginfo_t info);
            }
        }
        """;

    /// <summary>sockaddr_storage with an alignment scalar and a raw byte view overlaid on the family and C's private padding.</summary>
    private const string GlibcSockaddrStorage = """
        using System.Runtime.InteropServices;

        namespace Corpus.Sockets
        {
            [StructLayout(LayoutKind.Explicit, Size = 128)]
            public unsafe struct sockaddr_storage
            {
                [FieldOffset(0)] public ushort ss_family;
                [FieldOffset(0)] private ulong _align;
                [FieldOffset(0)] public fixed byte raw[128];
                [FieldOffset(120)] private ulong __ss_align;
            }
        }
        """;

    /// <summary>glibc's struct stat on x86-64: C's __pad0 left to C#'s implicit padding, __glibc_reserved to StructLayout.Size.</summary>
    private const string GlibcStat = """
        using System.Runtime.InteropServices;

        namespace Corpus.Files
        {
            public struct timespec { public long tv_sec; public long tv_nsec; }

            [StructLayout(LayoutKind.Sequential, Size = 144)]
            public struct stat
            {
                public ulong st_dev;
                public ulong st_ino;
                public ulong st_nlink;
                public uint st_mode;
                public uint st_uid;
                public uint st_gid;
                public ulong st_rdev;
                public long st_size;
                public long st_blksize;
                public long st_blocks;
                public timespec st_atim;
                public timespec st_mtim;
                public timespec st_ctim;
            }

            public static class Native
            {
                [DllImport("libc", SetLastError = true)]
                public static extern int fstat(int fd, out stat buf);
            }
        }
        """;

    /// <summary>libgit2's git_odb_stream (a 72-byte C struct) as an empty struct behind pointers: a handle.</summary>
    private const string Git2Handles = """
        using System.Runtime.InteropServices;

        namespace Corpus.Git
        {
            public struct git_odb { }
            public struct git_odb_stream { }

            public static unsafe class Native
            {
                [DllImport("git2")] public static extern int git_odb_open_wstream(out git_odb_stream* stream, git_odb* db, ulong size, int type);
                [DllImport("git2")] public static extern int git_odb_stream_write(git_odb_stream* stream, byte* buffer, nuint len);
                [DllImport("git2")] public static extern void git_odb_stream_free(git_odb_stream* stream);
            }
        }
        """;

    private static (string Source, string Manifest) Binding(string name) => name switch
    {
        "sqlite3_vfs prefix" => (SqliteVfsPrefix, RealHeaders.Sqlite),
        "sodium blobs" => (SodiumBlobs, Sodium),
        "siginfo_t overlay" => (GlibcSiginfo, RealHeaders.Glibc("signal.h")),
        "sockaddr_storage overlay" => (GlibcSockaddrStorage, GlibcSys("socket.h")),
        "stat implicit padding" => (GlibcStat, GlibcSys("stat.h")),
        "git_odb_stream handle" => (Git2Handles, Git2),
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<string> Bindings => new()
    {
        "sqlite3_vfs prefix",
        "sodium blobs",
        "siginfo_t overlay",
        "sockaddr_storage overlay",
        "stat implicit padding",
        "git_odb_stream handle",
    };

    [Theory]
    [MemberData(nameof(Bindings))]
    public async Task CorrectBinding_NoFindings(string name)
    {
        var (source, manifest) = Binding(name);
        var findings = await StructCorpusHarness.FindingsAsync(source, manifest);
        Assert.True(findings.IsEmpty, name + ":\n" + StructCorpusHarness.Describe(findings));
    }

    /// <summary>One edit of a correct binding (texts replaced in order; several separated by <c>||</c>), and what the finding must say.</summary>
    public static TheoryData<string, string, string, string, string> PlantedBugs => new()
    {
        {
            // The prefix handed to C: sqlite3_vfs_register reads all 22 fields.
            "sqlite3_vfs prefix",
            "public static string? DefaultName()",
            "[DllImport(\"sqlite3\")] private static extern int sqlite3_vfs_register(ref sqlite3_vfs vfs, int makeDflt);\n public static string? DefaultName()",
            "ILNT003",
            "C field 'pAppData' at offset 32 (8 bytes) has no C# field; size 32 vs C 168 on linux-x64, win-x64, osx-arm64"
        },
        {
            // A prefix that is not one: szOsFile widened moves mxPathname.
            "sqlite3_vfs prefix",
            "public int szOsFile;",
            "public long szOsFile;",
            "ILNT003",
            "field 'szOsFile' is at offset 8 (8 bytes) but C 'szOsFile' is at offset 4 (4 bytes)"
        },
        {
            // The 64-byte-aligned state passed by reference: the runtime places it on an 8-byte boundary.
            "sodium blobs",
            "crypto_generichash_init(crypto_generichash_state* state",
            "crypto_generichash_init(ref crypto_generichash_state state",
            "ILNT003",
            "C 'crypto_generichash_state' is aligned to 64 bytes"
        },
        {
            "sodium blobs",
            "Size = 104",
            "Size = 96",
            "ILNT003",
            "size 96 vs C 104 on linux-x64, win-x64, osx-arm64"
        },
        {
            // si_errno and si_code in the other order (their order on MIPS): the swap is named, not the __size view over it.
            "siginfo_t overlay",
            "[FieldOffset(4)] public int si_errno;||[FieldOffset(8)] public int si_code;",
            "[FieldOffset(8)] public int si_errno;||[FieldOffset(4)] public int si_code;",
            "ILNT003",
            "field 'si_errno' is at offset 8 (4 bytes) but C 'si_errno' is at offset 4 (4 bytes) on linux-x64"
        },
        {
            // A flattened union member of the wrong width: si_status is an int in _sigchld.
            "siginfo_t overlay",
            "[FieldOffset(24)] public int si_status;",
            "[FieldOffset(24)] public long si_status;",
            "ILNT003",
            "field 'si_status' is at offset 24 (8 bytes) but C '_sifields._sigchld.si_status' is at offset 24 (4 bytes)"
        },
        {
            // The family widened: the byte view covers it, but it claims to be C's 2-byte ss_family.
            "sockaddr_storage overlay",
            "[FieldOffset(0)] public ushort ss_family;",
            "[FieldOffset(0)] public uint ss_family;",
            "ILNT003",
            "field 'ss_family' is at offset 0 (4 bytes) but C 'ss_family' is at offset 0 (2 bytes)"
        },
        {
            // Without Size, C's __glibc_reserved is missing and fstat writes 24 bytes past the C# struct.
            "stat implicit padding",
            "[StructLayout(LayoutKind.Sequential, Size = 144)]",
            "[StructLayout(LayoutKind.Sequential)]",
            "ILNT003",
            "C field '__glibc_reserved' at offset 120 (24 bytes) has no C# field; size 120 vs C 144 on linux-x64"
        },
        {
            // The handle passed by reference: C writes 72 bytes into one managed byte.
            "git_odb_stream handle",
            "git_odb_stream_write(git_odb_stream* stream",
            "git_odb_stream_write(ref git_odb_stream stream",
            "ILNT003",
            "size 1 vs C 72 on linux-x64, osx-arm64"
        },
    };

    [Theory]
    [MemberData(nameof(PlantedBugs))]
    public async Task PlantedBug_IsFound(string name, string find, string replace, string id, string expected)
    {
        var (source, manifest) = Binding(name);
        var finds = find.Split("||");
        var replacements = replace.Split("||");
        for (var i = 0; i < finds.Length; i++)
        {
            Assert.Contains(finds[i], source);
            source = source.Replace(finds[i], replacements[i]);
        }

        var findings = await StructCorpusHarness.FindingsAsync(source, manifest);
        Assert.True(
            findings.Any(f => f.Id == id && f.GetMessage().Contains(expected, StringComparison.Ordinal)),
            name + ": expected " + id + " with \"" + expected + "\"; found:\n" + StructCorpusHarness.Describe(findings));
    }
}
