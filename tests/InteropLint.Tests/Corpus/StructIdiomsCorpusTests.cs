using Xunit;

namespace InteropLint.Tests.Corpus;

/// <summary>
/// The struct side of the idioms corpus (issue 15): the correct bindings in Corpus/Bindings (opaque blobs of the C
/// size, overlays with a whole-struct byte view, flattened unions, read-only prefixes of versioned structs, C's named
/// padding left implicit, empty structs as handles) get no finding through <see cref="CorpusTests"/>; each planted
/// bug here is one edit of such a file, run through the same harness, and must be found with the right message.
/// </summary>
public class StructIdiomsCorpusTests
{
    /// <summary>One edit of a correct binding (texts replaced in order; several separated by <c>||</c>), and what the finding must say.</summary>
    public static TheoryData<string, string, string, string, string> PlantedBugs => new()
    {
        {
            // The prefix handed to C: sqlite3_vfs_register reads all 22 fields.
            "Sqlite.VfsPrefix.cs",
            "public static string? DefaultName()",
            "[DllImport(\"sqlite3\")] private static extern int sqlite3_vfs_register(ref sqlite3_vfs vfs, int makeDflt);\n public static string? DefaultName()",
            "ILNT003",
            "C field 'pAppData' at offset 32 (8 bytes) has no C# field; size 32 vs C 168 on linux-x64, win-x64, osx-arm64"
        },
        {
            // A prefix that is not one: szOsFile widened moves mxPathname.
            "Sqlite.VfsPrefix.cs",
            "public int szOsFile;",
            "public long szOsFile;",
            "ILNT003",
            "field 'szOsFile' is at offset 8 (8 bytes) but C 'szOsFile' is at offset 4 (4 bytes)"
        },
        {
            // The 64-byte-aligned state passed by reference: the runtime places it on an 8-byte boundary.
            "Sodium.OpaqueBlobs.cs",
            "crypto_generichash_init(crypto_generichash_state* state",
            "crypto_generichash_init(ref crypto_generichash_state state",
            "ILNT003",
            "C 'crypto_generichash_state' is aligned to 64 bytes"
        },
        {
            "Sodium.OpaqueBlobs.cs",
            "Size = 104",
            "Size = 96",
            "ILNT003",
            "size 96 vs C 104 on linux-x64, win-x64, osx-arm64"
        },
        {
            // si_errno and si_code in the other order (their order on MIPS): the swap is named, not the __size view over it.
            "Glibc.SiginfoOverlay.cs",
            "[FieldOffset(4)] public int si_errno;||[FieldOffset(8)] public int si_code;",
            "[FieldOffset(8)] public int si_errno;||[FieldOffset(4)] public int si_code;",
            "ILNT003",
            "field 'si_errno' is at offset 8 (4 bytes) but C 'si_errno' is at offset 4 (4 bytes) on linux-x64"
        },
        {
            // A flattened union member of the wrong width: si_status is an int in _sigchld.
            "Glibc.SiginfoOverlay.cs",
            "[FieldOffset(24)] public int si_status;",
            "[FieldOffset(24)] public long si_status;",
            "ILNT003",
            "field 'si_status' is at offset 24 (8 bytes) but C '_sifields._sigchld.si_status' is at offset 24 (4 bytes)"
        },
        {
            // The family widened: the byte view covers it, but it claims to be C's 2-byte ss_family.
            "Glibc.SockaddrStorageOverlay.cs",
            "[FieldOffset(0)] public ushort ss_family;",
            "[FieldOffset(0)] public uint ss_family;",
            "ILNT003",
            "field 'ss_family' is at offset 0 (4 bytes) but C 'ss_family' is at offset 0 (2 bytes)"
        },
        {
            // Without Size, C's __glibc_reserved is missing and fstat writes 24 bytes past the C# struct.
            "Glibc.StatImplicitPadding.cs",
            "[StructLayout(LayoutKind.Sequential, Size = 144)]",
            "[StructLayout(LayoutKind.Sequential)]",
            "ILNT003",
            "C field '__glibc_reserved' at offset 120 (24 bytes) has no C# field; size 120 vs C 144 on linux-x64"
        },
        {
            // The handle passed by reference: C writes 72 bytes into one managed byte.
            "Git2.OdbStreamHandle.cs",
            "git_odb_stream_write(git_odb_stream* stream",
            "git_odb_stream_write(ref git_odb_stream stream",
            "ILNT003",
            "size 1 vs C 72 on linux-x64, osx-arm64"
        },
    };

    [Theory]
    [MemberData(nameof(PlantedBugs))]
    public async Task PlantedBug_IsFound(string file, string find, string replace, string id, string expected)
    {
        var finds = find.Split("||");
        var replacements = replace.Split("||");
        var outcome = await CorpusHarness.RunAsync(file, source =>
        {
            for (var i = 0; i < finds.Length; i++)
            {
                Assert.Contains(finds[i], source);
                source = source.Replace(finds[i], replacements[i]);
            }

            return source;
        });
        Assert.True(
            outcome.Found.Any(f => f.Id == id && f.Message.Contains(expected, StringComparison.Ordinal)),
            file + ": expected " + id + " with \"" + expected + "\"; found:\n" + string.Join("\n", outcome.Found.Select(f => f.Id + ": " + f.Message)));
    }
}
