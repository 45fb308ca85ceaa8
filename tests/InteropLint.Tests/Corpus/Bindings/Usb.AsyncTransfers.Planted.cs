// corpus-header: /usr/include/libusb-1.0/libusb.h --library usb-1.0
// corpus-targets: linux-x64;win-x64;win-x86
// Planted: transfer flags with an int underlying type in a uint8_t field, timeval with C# long, ssize_t as int, a
// 15-byte ContainerID, a Cdecl import where LIBUSB_CALL is stdcall on win-x86. Not planted, as nothing reports it yet: the callback
// field declared delegate* unmanaged[Cdecl] (a function-pointer field's convention is not compared with the C type's).
// libusb-1.0 the way device-access libraries bind it: LIBUSB_CALL is WINAPI on Windows and nothing elsewhere, so every
// import and the transfer callback use the platform default convention (no CallingConvention, plain
// delegate* unmanaged, [UnmanagedCallersOnly] without CallConvs) and are right on win-x86 too; descriptors as
// blittable structs filled through out/ref (a fixed byte buffer for ContainerID, a ByValArray twin read with
// PtrToStructure); libusb_transfer as an unsafe struct without its flexible iso_packet_desc array, allocated and
// freed by libusb, its callback a function pointer and its user data a GCHandle; libusb_get_device_list's ssize_t as
// nint; the packed control setup with Pack = 1; struct timeval with CLong fields (long is 4 bytes on Windows); the
// device handle as a SafeHandle closed by libusb_close; [Flags] transfer flags with a byte underlying type, as the
// struct field that carries them is a uint8_t; libusb_strerror's static string read through IntPtr.
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Corpus.Usb;

public enum LibusbError
{
    LIBUSB_SUCCESS = 0,
    LIBUSB_ERROR_IO = -1,
    LIBUSB_ERROR_INVALID_PARAM = -2,
    LIBUSB_ERROR_ACCESS = -3,
    LIBUSB_ERROR_NO_DEVICE = -4,
    LIBUSB_ERROR_NOT_FOUND = -5,
    LIBUSB_ERROR_BUSY = -6,
    LIBUSB_ERROR_TIMEOUT = -7,
    LIBUSB_ERROR_OVERFLOW = -8,
    LIBUSB_ERROR_PIPE = -9,
    LIBUSB_ERROR_INTERRUPTED = -10,
    LIBUSB_ERROR_NO_MEM = -11,
    LIBUSB_ERROR_NOT_SUPPORTED = -12,
    LIBUSB_ERROR_OTHER = -99,
}

public enum LibusbTransferStatus
{
    LIBUSB_TRANSFER_COMPLETED,
    LIBUSB_TRANSFER_ERROR,
    LIBUSB_TRANSFER_TIMED_OUT,
    LIBUSB_TRANSFER_CANCELLED,
    LIBUSB_TRANSFER_STALL,
    LIBUSB_TRANSFER_NO_DEVICE,
    LIBUSB_TRANSFER_OVERFLOW,
}

[Flags]
public enum LibusbTransferFlags
{
    None = 0,
    LIBUSB_TRANSFER_SHORT_NOT_OK = 1 << 0,
    LIBUSB_TRANSFER_FREE_BUFFER = 1 << 1,
    LIBUSB_TRANSFER_FREE_TRANSFER = 1 << 2,
}

[StructLayout(LayoutKind.Sequential)]
public struct libusb_device_descriptor
{
    public byte bLength;
    public byte bDescriptorType;
    public ushort bcdUSB;
    public byte bDeviceClass;
    public byte bDeviceSubClass;
    public byte bDeviceProtocol;
    public byte bMaxPacketSize0;
    public ushort idVendor;
    public ushort idProduct;
    public ushort bcdDevice;
    public byte iManufacturer;
    public byte iProduct;
    public byte iSerialNumber;
    public byte bNumConfigurations;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct libusb_container_id_descriptor // expect: ILNT003 "make 'ContainerID' 16 elements long"
{
    public byte bLength;
    public byte bDescriptorType;
    public byte bDevCapabilityType;
    public byte bReserved;
    public fixed byte ContainerID[15];
}

// The same descriptor for code that copies it out with Marshal.PtrToStructure.
[StructLayout(LayoutKind.Sequential)]
public struct ContainerIdDescriptor
{
    public byte bLength;
    public byte bDescriptorType;
    public byte bDevCapabilityType;
    public byte bReserved;
    [MarshalAs(UnmanagedType.ByValArray, SizeConst = 16)]
    public byte[] ContainerID;
}

[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct libusb_control_setup
{
    public byte bmRequestType;
    public byte bRequest;
    public ushort wValue;
    public ushort wIndex;
    public ushort wLength;
}

[StructLayout(LayoutKind.Sequential)]
public struct libusb_version
{
    public ushort major;
    public ushort minor;
    public ushort micro;
    public ushort nano;
    public IntPtr rc;
    public IntPtr describe;
}

[StructLayout(LayoutKind.Sequential)]
public struct libusb_iso_packet_descriptor
{
    public uint length;
    public uint actual_length;
    public LibusbTransferStatus status;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct libusb_transfer // expect: ILNT003 "field 'flags' is at offset 8 (4 bytes)"
{
    public IntPtr dev_handle;
    public LibusbTransferFlags flags;
    public byte endpoint;
    public byte type;
    public uint timeout;
    public LibusbTransferStatus status;
    public int length;
    public int actual_length;
    public delegate* unmanaged<libusb_transfer*, void> callback;
    public IntPtr user_data;
    public byte* buffer;
    public int num_iso_packets;
    // libusb_iso_packet_descriptor iso_packet_desc[]: reached through IsoPacket(i), never declared.

    public static libusb_iso_packet_descriptor* IsoPacket(libusb_transfer* transfer, int index) =>
        (libusb_iso_packet_descriptor*)((byte*)transfer + sizeof(libusb_transfer)) + index;
}

[StructLayout(LayoutKind.Sequential)]
public struct timeval // expect: ILNT003 "use CLong for 'tv_sec', 'tv_usec'"
{
    public long tv_sec;
    public long tv_usec;
}

public sealed class DeviceHandle : SafeHandle
{
    public DeviceHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LibUsb.libusb_close(handle);
        return true;
    }
}

public static unsafe class LibUsb
{
    private const string Lib = "usb-1.0";

    [DllImport(Lib)] public static extern LibusbError libusb_init(out IntPtr ctx);
    [DllImport(Lib)] public static extern void libusb_exit(IntPtr ctx);
    [DllImport(Lib)] public static extern libusb_version* libusb_get_version();
    [DllImport(Lib)] public static extern IntPtr libusb_strerror(LibusbError errcode);
    [DllImport(Lib)] public static extern IntPtr libusb_error_name(int errcode);
    [DllImport(Lib)] public static extern int libusb_get_device_list( // expect: ILNT001
        IntPtr ctx, out IntPtr list);
    [DllImport(Lib)] public static extern void libusb_free_device_list(IntPtr list, int unrefDevices);
    [DllImport(Lib)] public static extern LibusbError libusb_get_device_descriptor(IntPtr dev, out libusb_device_descriptor desc);
    [DllImport(Lib)] public static extern byte libusb_get_bus_number(IntPtr dev);
    [DllImport(Lib)] public static extern byte libusb_get_device_address(IntPtr dev);
    [DllImport(Lib)] public static extern int libusb_get_port_numbers(IntPtr dev, byte[] portNumbers, int portNumbersLength);
    [DllImport(Lib)] public static extern LibusbError libusb_open(IntPtr dev, out DeviceHandle handle);
    [DllImport(Lib)] public static extern void libusb_close(IntPtr handle);
    [DllImport(Lib)] public static extern LibusbError libusb_claim_interface(DeviceHandle handle, int interfaceNumber);
    [DllImport(Lib)] public static extern LibusbError libusb_release_interface(DeviceHandle handle, int interfaceNumber);
    [DllImport(Lib)] public static extern LibusbError libusb_set_auto_detach_kernel_driver(DeviceHandle handle, int enable);
    [DllImport(Lib)] public static extern int libusb_control_transfer(DeviceHandle handle, byte requestType, byte request, ushort value, ushort index, byte* data, ushort length, uint timeout);
    [DllImport(Lib)] public static extern LibusbError libusb_bulk_transfer(DeviceHandle handle, byte endpoint, byte[] data, int length, out int transferred, uint timeout);
    [DllImport(Lib)] public static extern LibusbError libusb_interrupt_transfer(DeviceHandle handle, byte endpoint, ref byte data, int length, out int transferred, uint timeout);
    [DllImport(Lib)] public static extern int libusb_get_string_descriptor_ascii(DeviceHandle handle, byte index, byte[] data, int length);
    [DllImport(Lib)] public static extern LibusbError libusb_get_container_id_descriptor(IntPtr ctx, IntPtr devCap, out libusb_container_id_descriptor* containerId);
    [DllImport(Lib)] public static extern void libusb_free_container_id_descriptor(libusb_container_id_descriptor* containerId);
    [DllImport(Lib)] public static extern libusb_transfer* libusb_alloc_transfer(int isoPackets);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern LibusbError libusb_submit_transfer( // expect: ILNT005 "win-x86"
        libusb_transfer* transfer);
    [DllImport(Lib)] public static extern LibusbError libusb_cancel_transfer(libusb_transfer* transfer);
    [DllImport(Lib)] public static extern void libusb_free_transfer(libusb_transfer* transfer);
    [DllImport(Lib)] public static extern LibusbError libusb_handle_events_timeout(IntPtr ctx, ref timeval tv);
    [DllImport(Lib)] public static extern LibusbError libusb_handle_events_completed(IntPtr ctx, ref int completed);

    public static string Describe(LibusbError error) => Marshal.PtrToStringUTF8(libusb_strerror(error)) ?? error.ToString();

    public static Guid ContainerId(IntPtr ctx, IntPtr capability)
    {
        if (libusb_get_container_id_descriptor(ctx, capability, out var descriptor) != LibusbError.LIBUSB_SUCCESS)
        {
            return Guid.Empty;
        }

        try
        {
            var copy = Marshal.PtrToStructure<ContainerIdDescriptor>((IntPtr)descriptor);
            return new Guid(new ReadOnlySpan<byte>(descriptor->ContainerID, 16)) == new Guid(copy.ContainerID) ? new Guid(copy.ContainerID) : Guid.Empty;
        }
        finally
        {
            libusb_free_container_id_descriptor(descriptor);
        }
    }

    public static int ReadVendorRequest(DeviceHandle handle, byte request, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            return libusb_control_transfer(handle, 0xC0, request, 0, 0, p, checked((ushort)buffer.Length), 1000);
        }
    }

    public static int ReadInterrupt(DeviceHandle handle, byte endpoint, Span<byte> buffer)
    {
        libusb_interrupt_transfer(handle, endpoint, ref MemoryMarshal.GetReference(buffer), buffer.Length, out var transferred, 500);
        return transferred;
    }
}

public sealed unsafe class BulkReader : IDisposable
{
    private readonly libusb_transfer* _transfer;
    private readonly byte[] _buffer;
    private GCHandle _bufferPin;
    private GCHandle _self;
    private int _completed;

    public BulkReader(DeviceHandle handle, byte endpoint, int size)
    {
        _buffer = new byte[size];
        _bufferPin = GCHandle.Alloc(_buffer, GCHandleType.Pinned);
        _self = GCHandle.Alloc(this);
        _transfer = LibUsb.libusb_alloc_transfer(0);
        _transfer->dev_handle = handle.DangerousGetHandle();
        _transfer->endpoint = endpoint;
        _transfer->type = 2; // LIBUSB_TRANSFER_TYPE_BULK
        _transfer->flags = LibusbTransferFlags.LIBUSB_TRANSFER_SHORT_NOT_OK;
        _transfer->timeout = 1000;
        _transfer->buffer = (byte*)_bufferPin.AddrOfPinnedObject();
        _transfer->length = size;
        _transfer->callback = &OnComplete;
        _transfer->user_data = GCHandle.ToIntPtr(_self);
    }

    public LibusbError Run(IntPtr ctx)
    {
        var submitted = LibUsb.libusb_submit_transfer(_transfer);
        if (submitted != LibusbError.LIBUSB_SUCCESS)
        {
            return submitted;
        }

        var tv = new timeval { tv_sec = 1, tv_usec = 0 };
        while (Volatile.Read(ref _completed) == 0)
        {
            LibUsb.libusb_handle_events_timeout(ctx, ref tv);
        }

        return _transfer->status == LibusbTransferStatus.LIBUSB_TRANSFER_COMPLETED ? LibusbError.LIBUSB_SUCCESS : LibusbError.LIBUSB_ERROR_IO;
    }

    [UnmanagedCallersOnly]
    private static void OnComplete(libusb_transfer* transfer)
    {
        var self = (BulkReader)GCHandle.FromIntPtr(transfer->user_data).Target!;
        Volatile.Write(ref self._completed, 1);
    }

    public void Dispose()
    {
        LibUsb.libusb_free_transfer(_transfer);
        _bufferPin.Free();
        _self.Free();
    }
}
