// corpus-header: /usr/include/archive.h --library archive
// corpus-header: /usr/include/archive_entry.h --library archive
// corpus-targets: linux-x64;win-x64
// libarchive the way LibraryImport-era bindings write it: StringMarshalling.Utf8 for the narrow char* API; the wide
// (wchar_t) file-name entry points bound only for Windows, where wchar_t is UTF-16, marked [SupportedOSPlatform] and
// called behind OperatingSystem.IsWindows(); la_ssize_t as nint, la_int64_t and time_t as long; library-owned
// strings (archive_error_string, archive_entry_pathname) returned as string through a custom marshaller that decodes
// without freeing, and the classic ICustomMarshaler doing the same for a DllImport; a read callback as an
// [UnmanagedCallersOnly] function pointer with a GCHandle as client data; [SuppressGCTransition] on trivial getters;
// ARCHIVE_* and AE_* constants mirroring the #defines.
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;
using System.Runtime.Versioning;

namespace Corpus.Archive;

public static class ArchiveConstants
{
    public const int ARCHIVE_EOF = 1;
    public const int ARCHIVE_OK = 0;
    public const int ARCHIVE_RETRY = -10;
    public const int ARCHIVE_WARN = -20;
    public const int ARCHIVE_FAILED = -25;
    public const int ARCHIVE_FATAL = -30;
    public const uint AE_IFMT = 0xF000;
    public const uint AE_IFREG = 0x8000;
    public const uint AE_IFDIR = 0x4000;
}

/// <summary>A <c>const char*</c> the library keeps: decoded, never freed.</summary>
[CustomMarshaller(typeof(string), MarshalMode.ManagedToUnmanagedOut, typeof(BorrowedUtf8String))]
internal static unsafe class BorrowedUtf8String
{
    public static string? ConvertToManaged(byte* unmanaged) => Utf8StringMarshaller.ConvertToManaged(unmanaged);
}

/// <summary>The same for DllImport, as bindings from before source-generated marshalling wrote it.</summary>
internal sealed class ConstUtf8Marshaler : ICustomMarshaler
{
    private static readonly ConstUtf8Marshaler Instance = new();

    public static ICustomMarshaler GetInstance(string cookie) => Instance;

    public object MarshalNativeToManaged(IntPtr pNativeData) => Marshal.PtrToStringUTF8(pNativeData) ?? string.Empty;

    public IntPtr MarshalManagedToNative(object managedObj) => throw new NotSupportedException();

    public void CleanUpNativeData(IntPtr pNativeData) { }

    public void CleanUpManagedData(object managedObj) { }

    public int GetNativeDataSize() => -1;
}

internal static unsafe partial class LibArchive
{
    private const string Lib = "archive";

    [LibraryImport(Lib)]
    internal static partial IntPtr archive_read_new();

    [LibraryImport(Lib)]
    internal static partial int archive_read_support_filter_all(IntPtr a);

    [LibraryImport(Lib)]
    internal static partial int archive_read_support_format_all(IntPtr a);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int archive_read_open_filename(IntPtr a, string fileName, nuint blockSize);

    [SupportedOSPlatform("windows")]
    [LibraryImport(Lib, EntryPoint = "archive_read_open_filename_w", StringMarshalling = StringMarshalling.Utf16)]
    internal static partial int archive_read_open_filename_w(IntPtr a, string fileName, nuint blockSize);

    [LibraryImport(Lib)]
    internal static partial int archive_read_open(IntPtr a, IntPtr clientData, delegate* unmanaged<IntPtr, IntPtr, int> open, delegate* unmanaged<IntPtr, IntPtr, IntPtr*, nint> read, delegate* unmanaged<IntPtr, IntPtr, int> close);

    [LibraryImport(Lib)]
    internal static partial int archive_read_next_header(IntPtr a, out IntPtr entry);

    [LibraryImport(Lib)]
    internal static partial nint archive_read_data(IntPtr a, Span<byte> buffer, nuint size);

    [LibraryImport(Lib)]
    internal static partial int archive_read_data_skip(IntPtr a);

    [LibraryImport(Lib)]
    internal static partial int archive_read_free(IntPtr a);

    [LibraryImport(Lib)]
    [return: MarshalUsing(typeof(BorrowedUtf8String))]
    internal static partial string? archive_error_string(IntPtr a);

    [LibraryImport(Lib)]
    [SuppressGCTransition]
    internal static partial int archive_errno(IntPtr a);

    [DllImport(Lib)]
    [return: MarshalAs(UnmanagedType.CustomMarshaler, MarshalTypeRef = typeof(ConstUtf8Marshaler))]
    internal static extern string archive_version_string();

    [LibraryImport(Lib)]
    [SuppressGCTransition]
    internal static partial int archive_version_number();

    [LibraryImport(Lib)]
    internal static partial IntPtr archive_write_new();

    [LibraryImport(Lib)]
    internal static partial int archive_write_set_format_pax_restricted(IntPtr a);

    [LibraryImport(Lib)]
    internal static partial int archive_write_add_filter_gzip(IntPtr a);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int archive_write_open_filename(IntPtr a, string file);

    [SupportedOSPlatform("windows")]
    [DllImport(Lib, EntryPoint = "archive_write_open_filename_w", CharSet = CharSet.Unicode)]
    internal static extern int archive_write_open_filename_w(IntPtr a, string file);

    [LibraryImport(Lib)]
    internal static partial int archive_write_header(IntPtr a, IntPtr entry);

    [LibraryImport(Lib)]
    internal static partial nint archive_write_data(IntPtr a, ReadOnlySpan<byte> buffer, nuint size);

    [LibraryImport(Lib)]
    internal static partial int archive_write_finish_entry(IntPtr a);

    [LibraryImport(Lib)]
    internal static partial int archive_write_close(IntPtr a);

    [LibraryImport(Lib)]
    internal static partial int archive_write_free(IntPtr a);
}

internal static unsafe partial class LibArchiveEntry
{
    private const string Lib = "archive";

    [LibraryImport(Lib)]
    internal static partial IntPtr archive_entry_new();

    [LibraryImport(Lib)]
    internal static partial void archive_entry_free(IntPtr entry);

    [LibraryImport(Lib)]
    [return: MarshalUsing(typeof(BorrowedUtf8String))]
    internal static partial string? archive_entry_pathname(IntPtr entry);

    [LibraryImport(Lib, EntryPoint = "archive_entry_pathname_utf8")]
    internal static partial byte* PathnameUtf8(IntPtr entry);

    [SupportedOSPlatform("windows")]
    [LibraryImport(Lib)]
    internal static partial char* archive_entry_pathname_w(IntPtr entry);

    [SupportedOSPlatform("windows")]
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf16)]
    internal static partial void archive_entry_copy_pathname_w(IntPtr entry, string name);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void archive_entry_set_pathname(IntPtr entry, string name);

    [LibraryImport(Lib)]
    [SuppressGCTransition]
    internal static partial long archive_entry_size(IntPtr entry);

    [LibraryImport(Lib)]
    internal static partial void archive_entry_set_size(IntPtr entry, long size);

    [LibraryImport(Lib)]
    internal static partial long archive_entry_mtime(IntPtr entry);

    [LibraryImport(Lib)]
    internal static partial void archive_entry_set_filetype(IntPtr entry, uint type);
}

public sealed unsafe class ArchiveReader : IDisposable
{
    private readonly IntPtr _archive;
    private readonly System.IO.Stream _source;
    private readonly byte[] _chunk = new byte[64 * 1024];
    private GCHandle _self;
    private GCHandle _chunkPin;

    public ArchiveReader(System.IO.Stream source)
    {
        _source = source;
        _archive = LibArchive.archive_read_new();
        LibArchive.archive_read_support_filter_all(_archive);
        LibArchive.archive_read_support_format_all(_archive);
        _self = GCHandle.Alloc(this);
        _chunkPin = GCHandle.Alloc(_chunk, GCHandleType.Pinned);
        Check(LibArchive.archive_read_open(_archive, GCHandle.ToIntPtr(_self), &OnOpen, &OnRead, &OnClose));
    }

    public static System.Collections.Generic.List<(string Name, long Size)> ListFile(string path)
    {
        var archive = LibArchive.archive_read_new();
        try
        {
            LibArchive.archive_read_support_filter_all(archive);
            LibArchive.archive_read_support_format_all(archive);
            var status = OperatingSystem.IsWindows()
                ? LibArchive.archive_read_open_filename_w(archive, path, 10240)
                : LibArchive.archive_read_open_filename(archive, path, 10240);
            if (status != ArchiveConstants.ARCHIVE_OK)
            {
                throw new System.IO.IOException(LibArchive.archive_error_string(archive));
            }

            return Entries(archive);
        }
        finally
        {
            LibArchive.archive_read_free(archive);
        }
    }

    public System.Collections.Generic.List<(string Name, long Size)> Entries() => Entries(_archive);

    private static System.Collections.Generic.List<(string Name, long Size)> Entries(IntPtr archive)
    {
        var entries = new System.Collections.Generic.List<(string Name, long Size)>();
        while (LibArchive.archive_read_next_header(archive, out var entry) == ArchiveConstants.ARCHIVE_OK)
        {
            var name = OperatingSystem.IsWindows()
                ? new string(LibArchiveEntry.archive_entry_pathname_w(entry))
                : LibArchiveEntry.archive_entry_pathname(entry) ?? string.Empty;
            entries.Add((name, LibArchiveEntry.archive_entry_size(entry)));
            LibArchive.archive_read_data_skip(archive);
        }

        return entries;
    }

    public int ReadData(Span<byte> buffer) => checked((int)LibArchive.archive_read_data(_archive, buffer, (nuint)buffer.Length));

    private void Check(int status)
    {
        if (status < ArchiveConstants.ARCHIVE_WARN)
        {
            throw new System.IO.IOException(LibArchive.archive_error_string(_archive) + " (errno " + LibArchive.archive_errno(_archive) + ")");
        }
    }

    [UnmanagedCallersOnly]
    private static int OnOpen(IntPtr archive, IntPtr clientData) => ArchiveConstants.ARCHIVE_OK;

    [UnmanagedCallersOnly]
    private static nint OnRead(IntPtr archive, IntPtr clientData, IntPtr* buffer)
    {
        var self = (ArchiveReader)GCHandle.FromIntPtr(clientData).Target!;
        var read = self._source.Read(self._chunk, 0, self._chunk.Length);
        *buffer = self._chunkPin.AddrOfPinnedObject();
        return read;
    }

    [UnmanagedCallersOnly]
    private static int OnClose(IntPtr archive, IntPtr clientData) => ArchiveConstants.ARCHIVE_OK;

    public void Dispose()
    {
        LibArchive.archive_read_free(_archive);
        _self.Free();
        _chunkPin.Free();
    }
}

public static class ArchiveWriter
{
    public static void WriteSingleFile(string archivePath, string entryName, ReadOnlySpan<byte> content)
    {
        var archive = LibArchive.archive_write_new();
        var entry = LibArchiveEntry.archive_entry_new();
        try
        {
            LibArchive.archive_write_add_filter_gzip(archive);
            LibArchive.archive_write_set_format_pax_restricted(archive);
            if (OperatingSystem.IsWindows())
            {
                LibArchive.archive_write_open_filename_w(archive, archivePath);
                LibArchiveEntry.archive_entry_copy_pathname_w(entry, entryName);
            }
            else
            {
                LibArchive.archive_write_open_filename(archive, archivePath);
                LibArchiveEntry.archive_entry_set_pathname(entry, entryName);
            }

            LibArchiveEntry.archive_entry_set_size(entry, content.Length);
            LibArchiveEntry.archive_entry_set_filetype(entry, ArchiveConstants.AE_IFREG);
            LibArchive.archive_write_header(archive, entry);
            LibArchive.archive_write_data(archive, content, (nuint)content.Length);
            LibArchive.archive_write_finish_entry(archive);
            LibArchive.archive_write_close(archive);
        }
        finally
        {
            LibArchiveEntry.archive_entry_free(entry);
            LibArchive.archive_write_free(archive);
        }
    }
}
