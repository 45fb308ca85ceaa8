// corpus-header: /usr/include/git2.h --library git2
// corpus-targets: linux-x64;osx-arm64
// libgit2's git_odb_stream (a 72-byte C struct) as an empty struct behind pointers: a handle.
// win-x64 misses a MinGW type in git2/types.h, so this binding uses the ABIs it parses cleanly on.
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
