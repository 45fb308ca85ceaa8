// corpus-header: /usr/include/signal.h --library libc
// corpus-targets: linux-x64
// glibc's siginfo_t as an explicit overlay: the fields a handler reads, flattened from _sifields' union, over a whole-struct byte view.
// glibc's headers describe Linux only.
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
