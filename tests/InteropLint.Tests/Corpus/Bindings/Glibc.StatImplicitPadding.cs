// corpus-header: /usr/include/x86_64-linux-gnu/sys/stat.h --library libc
// corpus-targets: linux-x64
// glibc's struct stat on x86-64: C's __pad0 left to C#'s implicit padding, __glibc_reserved to StructLayout.Size.
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
