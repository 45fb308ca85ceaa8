// corpus-header: /usr/include/x86_64-linux-gnu/curl/curl.h --library curl -I /usr/include/x86_64-linux-gnu
// corpus-targets: linux-x64;linux-arm64;win-x64
// libcurl the way thin managed wrappers bind it: curl_easy_setopt and curl_easy_getinfo (both variadic) as one
// overload per option type (long as CLong, curl_off_t as long, pointers as IntPtr/string/byte[], callbacks as
// delegate* unmanaged[Cdecl] to [UnmanagedCallersOnly] methods), plus an Apple arm64 variant of each with six
// register-filling dummies so the option value is read from the stack; the easy handle as a SafeHandle released by
// curl_easy_cleanup; curl_easy_strerror's static string read through IntPtr; curl_easy_escape's result freed by
// curl_free; an error buffer of CURL_ERROR_SIZE bytes pinned for the handle's life; the library name resolved by a
// DllImportResolver; option and info ids as an enum mirroring the header's enumerators; one partial class split in
// two parts as projects split it over files.
using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Corpus.Curl;

public enum CURLcode
{
    CURLE_OK = 0,
    CURLE_UNSUPPORTED_PROTOCOL = 1,
    CURLE_FAILED_INIT = 2,
    CURLE_URL_MALFORMAT = 3,
    CURLE_COULDNT_RESOLVE_HOST = 6,
    CURLE_OPERATION_TIMEDOUT = 28,
    CURLE_ABORTED_BY_CALLBACK = 42,
}

public enum CURLoption
{
    CURLOPT_WRITEDATA = 10001,
    CURLOPT_URL = 10002,
    CURLOPT_ERRORBUFFER = 10010,
    CURLOPT_USERAGENT = 10018,
    CURLOPT_HTTPHEADER = 10023,
    CURLOPT_VERBOSE = 41,
    CURLOPT_NOPROGRESS = 43,
    CURLOPT_FOLLOWLOCATION = 52,
    CURLOPT_XFERINFODATA = 10057,
    CURLOPT_TIMEOUT_MS = 155,
    CURLOPT_WRITEFUNCTION = 20011,
    CURLOPT_XFERINFOFUNCTION = 20219,
    CURLOPT_POSTFIELDSIZE_LARGE = 30120,
}

public enum CURLINFO
{
    CURLINFO_EFFECTIVE_URL = 0x100001,
    CURLINFO_RESPONSE_CODE = 0x200002,
    CURLINFO_TOTAL_TIME = 0x300003,
    CURLINFO_SIZE_DOWNLOAD_T = 0x600008,
}

public static class CurlConstants
{
    public const int CURL_ERROR_SIZE = 256;
    public const int CURL_GLOBAL_SSL = 1 << 0;
    public const int CURL_GLOBAL_WIN32 = 1 << 1;
    public const int CURL_GLOBAL_ALL = CURL_GLOBAL_SSL | CURL_GLOBAL_WIN32;
    public const int CURL_GLOBAL_DEFAULT = CURL_GLOBAL_ALL;
}

public sealed class CurlEasyHandle : SafeHandle
{
    public CurlEasyHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LibCurl.curl_easy_cleanup(handle);
        return true;
    }
}

public static unsafe partial class LibCurl
{
    private const string Lib = "curl";

    static LibCurl()
    {
        NativeLibrary.SetDllImportResolver(typeof(LibCurl).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Lib)
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in new[] { "libcurl.so.4", "libcurl.4.dylib", "libcurl-x64.dll", "libcurl.dll" })
        {
            if (NativeLibrary.TryLoad(candidate, assembly, path, out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    public static extern CURLcode curl_global_init(CLong flags);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    public static extern void curl_global_cleanup();

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    public static extern CurlEasyHandle curl_easy_init();

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    public static extern void curl_easy_cleanup(IntPtr handle);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    public static extern CURLcode curl_easy_perform(CurlEasyHandle handle);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr curl_easy_strerror(CURLcode code);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr curl_version();

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr curl_easy_escape(CurlEasyHandle handle, byte[] text, int length);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    public static extern void curl_free(IntPtr p);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr curl_slist_append(IntPtr list, [MarshalAs(UnmanagedType.LPUTF8Str)] string data);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    public static extern void curl_slist_free_all(IntPtr list);

    public static string Escape(CurlEasyHandle handle, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var escaped = curl_easy_escape(handle, bytes, bytes.Length);
        try
        {
            return Marshal.PtrToStringUTF8(escaped) ?? string.Empty;
        }
        finally
        {
            curl_free(escaped);
        }
    }

    public static string Describe(CURLcode code) => Marshal.PtrToStringUTF8(curl_easy_strerror(code)) ?? code.ToString();
}

// The option setters: the same partial class, as bindings keep them in a file of their own.
public static unsafe partial class LibCurl
{
    [DllImport(Lib, EntryPoint = "curl_easy_setopt", CallingConvention = CallingConvention.Cdecl)]
    public static extern CURLcode SetOptLong(CurlEasyHandle handle, CURLoption option, CLong value);

    [DllImport(Lib, EntryPoint = "curl_easy_setopt", CallingConvention = CallingConvention.Cdecl)]
    public static extern CURLcode SetOptOffT(CurlEasyHandle handle, CURLoption option, long value);

    [DllImport(Lib, EntryPoint = "curl_easy_setopt", CallingConvention = CallingConvention.Cdecl)]
    public static extern CURLcode SetOptPointer(CurlEasyHandle handle, CURLoption option, IntPtr value);

    [DllImport(Lib, EntryPoint = "curl_easy_setopt", CallingConvention = CallingConvention.Cdecl)]
    public static extern CURLcode SetOptString(CurlEasyHandle handle, CURLoption option, [MarshalAs(UnmanagedType.LPUTF8Str)] string value);

    [DllImport(Lib, EntryPoint = "curl_easy_setopt", CallingConvention = CallingConvention.Cdecl)]
    public static extern CURLcode SetOptWrite(CurlEasyHandle handle, CURLoption option, delegate* unmanaged[Cdecl]<byte*, nuint, nuint, void*, nuint> value);

    [DllImport(Lib, EntryPoint = "curl_easy_setopt", CallingConvention = CallingConvention.Cdecl)]
    public static extern CURLcode SetOptXferInfo(CurlEasyHandle handle, CURLoption option, delegate* unmanaged[Cdecl]<void*, long, long, long, long, int> value);

    // Apple arm64: the handle and the option in x0-x1, six dummies in x2-x7, the value in the first stack slot.
    [DllImport(Lib, EntryPoint = "curl_easy_setopt", CallingConvention = CallingConvention.Cdecl)]
    public static extern CURLcode SetOptLongApple(CurlEasyHandle handle, CURLoption option, nint d2, nint d3, nint d4, nint d5, nint d6, nint d7, CLong value);

    [DllImport(Lib, EntryPoint = "curl_easy_setopt", CallingConvention = CallingConvention.Cdecl)]
    public static extern CURLcode SetOptPointerApple(CurlEasyHandle handle, CURLoption option, nint d2, nint d3, nint d4, nint d5, nint d6, nint d7, IntPtr value);

    [DllImport(Lib, EntryPoint = "curl_easy_getinfo", CallingConvention = CallingConvention.Cdecl)]
    public static extern CURLcode GetInfoLong(CurlEasyHandle handle, CURLINFO info, out CLong value);

    [DllImport(Lib, EntryPoint = "curl_easy_getinfo", CallingConvention = CallingConvention.Cdecl)]
    public static extern CURLcode GetInfoDouble(CurlEasyHandle handle, CURLINFO info, out double value);

    [DllImport(Lib, EntryPoint = "curl_easy_getinfo", CallingConvention = CallingConvention.Cdecl)]
    public static extern CURLcode GetInfoString(CurlEasyHandle handle, CURLINFO info, out IntPtr value);

    [DllImport(Lib, EntryPoint = "curl_easy_getinfo", CallingConvention = CallingConvention.Cdecl)]
    public static extern CURLcode GetInfoOffT(CurlEasyHandle handle, CURLINFO info, out long value);

    [DllImport(Lib, EntryPoint = "curl_easy_getinfo", CallingConvention = CallingConvention.Cdecl)]
    public static extern CURLcode GetInfoLongApple(CurlEasyHandle handle, CURLINFO info, nint d2, nint d3, nint d4, nint d5, nint d6, nint d7, out CLong value);
}

public sealed unsafe class Download : IDisposable
{
    private readonly CurlEasyHandle _easy;
    private readonly byte[] _errors = new byte[CurlConstants.CURL_ERROR_SIZE];
    private GCHandle _errorsPin;
    private GCHandle _self;
    private readonly System.IO.MemoryStream _body = new();

    public Download(string url)
    {
        _easy = LibCurl.curl_easy_init();
        _errorsPin = GCHandle.Alloc(_errors, GCHandleType.Pinned);
        _self = GCHandle.Alloc(this);
        var apple = OperatingSystem.IsMacOS() && RuntimeInformation.ProcessArchitecture == Architecture.Arm64;
        if (apple)
        {
            LibCurl.SetOptPointerApple(_easy, CURLoption.CURLOPT_ERRORBUFFER, 0, 0, 0, 0, 0, 0, _errorsPin.AddrOfPinnedObject());
            LibCurl.SetOptPointerApple(_easy, CURLoption.CURLOPT_WRITEDATA, 0, 0, 0, 0, 0, 0, GCHandle.ToIntPtr(_self));
            LibCurl.SetOptPointerApple(_easy, CURLoption.CURLOPT_WRITEFUNCTION, 0, 0, 0, 0, 0, 0, (IntPtr)(delegate* unmanaged[Cdecl]<byte*, nuint, nuint, void*, nuint>)&OnWrite);
            LibCurl.SetOptLongApple(_easy, CURLoption.CURLOPT_FOLLOWLOCATION, 0, 0, 0, 0, 0, 0, new CLong(1));
        }
        else
        {
            LibCurl.SetOptPointer(_easy, CURLoption.CURLOPT_ERRORBUFFER, _errorsPin.AddrOfPinnedObject());
            LibCurl.SetOptString(_easy, CURLoption.CURLOPT_URL, url);
            LibCurl.SetOptPointer(_easy, CURLoption.CURLOPT_WRITEDATA, GCHandle.ToIntPtr(_self));
            LibCurl.SetOptWrite(_easy, CURLoption.CURLOPT_WRITEFUNCTION, &OnWrite);
            LibCurl.SetOptLong(_easy, CURLoption.CURLOPT_FOLLOWLOCATION, new CLong(1));
            LibCurl.SetOptLong(_easy, CURLoption.CURLOPT_TIMEOUT_MS, new CLong(30_000));
            LibCurl.SetOptXferInfo(_easy, CURLoption.CURLOPT_XFERINFOFUNCTION, &OnProgress);
            LibCurl.SetOptLong(_easy, CURLoption.CURLOPT_NOPROGRESS, new CLong(0));
        }
    }

    public byte[] Run()
    {
        var code = LibCurl.curl_easy_perform(_easy);
        if (code != CURLcode.CURLE_OK)
        {
            var detail = System.Text.Encoding.UTF8.GetString(_errors, 0, Math.Max(0, Array.IndexOf(_errors, (byte)0)));
            throw new InvalidOperationException(LibCurl.Describe(code) + ": " + detail);
        }

        LibCurl.GetInfoLong(_easy, CURLINFO.CURLINFO_RESPONSE_CODE, out var status);
        LibCurl.GetInfoString(_easy, CURLINFO.CURLINFO_EFFECTIVE_URL, out var effective);
        _ = status.Value;
        _ = Marshal.PtrToStringUTF8(effective);
        return _body.ToArray();
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static nuint OnWrite(byte* data, nuint size, nuint count, void* user)
    {
        var self = (Download)GCHandle.FromIntPtr((IntPtr)user).Target!;
        var length = checked((int)(size * count));
        self._body.Write(new ReadOnlySpan<byte>(data, length));
        return (nuint)length;
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static int OnProgress(void* user, long downloadTotal, long downloadNow, long uploadTotal, long uploadNow) => 0;

    public void Dispose()
    {
        _easy.Dispose();
        if (_errorsPin.IsAllocated)
        {
            _errorsPin.Free();
        }

        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }
}
