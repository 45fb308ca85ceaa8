// corpus-header: /usr/include/x86_64-linux-gnu/sys/socket.h --library libc
// corpus-targets: linux-x64
// sockaddr_storage with an alignment scalar and a raw byte view overlaid on the family and C's private padding.
// glibc's <sys/...> headers live in Debian's multiarch folder; glibc describes Linux only.
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
