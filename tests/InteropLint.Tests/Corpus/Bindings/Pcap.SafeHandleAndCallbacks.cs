// corpus-header: /usr/include/pcap/pcap.h --library pcap
// corpus-targets: linux-x64;linux-arm64
// libpcap the way capture wrappers bind it: the session as a SafeHandle closed by pcap_close, the error buffer as a
// caller-allocated byte[] (PCAP_ERRBUF_SIZE), library-owned strings returned as IntPtr, struct pcap_pkthdr read
// through a pointer (its struct timeval differs per ABI), a cdecl callback for pcap_loop, bpf_program by reference.
// pcap.h needs Windows or macOS SDK headers on those ABIs (Availability.h), so this binding covers the Linux ones.
using System;
using System.Runtime.InteropServices;

namespace Corpus.Pcap;

[StructLayout(LayoutKind.Sequential)]
public struct bpf_program
{
    public uint bf_len;
    public IntPtr bf_insns;
}

public sealed class PcapHandle : SafeHandle
{
    public PcapHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Native.pcap_close(handle);
        return true;
    }
}

[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
public delegate void PacketHandler(IntPtr user, IntPtr header, IntPtr bytes);

public static class Native
{
    private const string Lib = "pcap";
    public const int ErrorBufferSize = 256;

    [DllImport(Lib)] public static extern PcapHandle pcap_open_live([MarshalAs(UnmanagedType.LPUTF8Str)] string device, int snaplen, int promisc, int to_ms, byte[] errbuf);
    [DllImport(Lib)] public static extern void pcap_close(IntPtr p);
    [DllImport(Lib)] public static extern int pcap_loop(PcapHandle p, int cnt, PacketHandler callback, IntPtr user);
    [DllImport(Lib)] public static extern int pcap_next_ex(PcapHandle p, out IntPtr header, out IntPtr data);
    [DllImport(Lib)] public static extern void pcap_breakloop(PcapHandle p);
    [DllImport(Lib)] public static extern int pcap_compile(PcapHandle p, ref bpf_program fp, [MarshalAs(UnmanagedType.LPUTF8Str)] string str, int optimize, uint netmask);
    [DllImport(Lib)] public static extern int pcap_setfilter(PcapHandle p, ref bpf_program fp);
    [DllImport(Lib)] public static extern void pcap_freecode(ref bpf_program fp);
    [DllImport(Lib)] public static extern int pcap_sendpacket(PcapHandle p, byte[] buf, int size);
    [DllImport(Lib)] public static extern IntPtr pcap_geterr(PcapHandle p);
    [DllImport(Lib)] public static extern int pcap_datalink(PcapHandle p);
    [DllImport(Lib)] public static extern IntPtr pcap_lib_version();
}
