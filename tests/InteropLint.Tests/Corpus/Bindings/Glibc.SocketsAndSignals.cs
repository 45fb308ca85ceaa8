// corpus-header: /usr/include/x86_64-linux-gnu/sys/socket.h --library libc
// corpus-header: /usr/include/signal.h --library libc
// corpus-targets: linux-x64
// glibc's socket and signal calls as Linux-only projects bind them: descriptors as int, ssize_t/size_t as nint/nuint,
// SetLastError for errno, struct sockaddr by reference (C takes glibc's transparent union of sockaddr pointers),
// sigset_t as a fixed buffer of its 16 unsigned longs, a cdecl signal handler. glibc describes Linux only.
using System;
using System.Runtime.InteropServices;

namespace Corpus.Posix;

[StructLayout(LayoutKind.Sequential)]
public unsafe struct sockaddr
{
    public ushort sa_family;
    public fixed byte sa_data[14];
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct sigset_t
{
    public fixed ulong __val[16];
}

[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
public delegate void SignalHandler(int signal);

public static class Native
{
    private const string Lib = "libc";

    [DllImport(Lib, SetLastError = true)] public static extern int socket(int domain, int type, int protocol);
    [DllImport(Lib, SetLastError = true)] public static extern int bind(int fd, ref sockaddr addr, uint len);
    [DllImport(Lib, SetLastError = true)] public static extern int connect(int fd, ref sockaddr addr, uint len);
    [DllImport(Lib, SetLastError = true)] public static extern int listen(int fd, int n);
    [DllImport(Lib, SetLastError = true)] public static extern nint send(int fd, byte[] buf, nuint n, int flags);
    [DllImport(Lib, SetLastError = true)] public static extern nint recv(int fd, byte[] buf, nuint n, int flags);
    [DllImport(Lib, SetLastError = true)] public static extern int setsockopt(int fd, int level, int optname, ref int optval, uint optlen);
    [DllImport(Lib, SetLastError = true)] public static extern int shutdown(int fd, int how);

    [DllImport(Lib, SetLastError = true)] public static extern int kill(int pid, int sig);
    [DllImport(Lib)] public static extern int raise(int sig);
    [DllImport(Lib)] public static extern IntPtr signal(int sig, SignalHandler handler);
    [DllImport(Lib)] public static extern int sigemptyset(out sigset_t set);
    [DllImport(Lib)] public static extern int sigaddset(ref sigset_t set, int signo);
    [DllImport(Lib, SetLastError = true)] public static extern int sigprocmask(int how, in sigset_t set, out sigset_t oldset);
}
