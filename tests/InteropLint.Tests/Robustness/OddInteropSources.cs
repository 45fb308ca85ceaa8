namespace InteropLint.Tests.Robustness;

/// <summary>
/// P/Invokes with odd but legal shapes, bound to real zlib / sqlite3 functions so that every rule has
/// something to look at: ordinals, CharSet.Auto, MarshalAs arrays, SetLastError, PreserveSig=false, generic
/// and nested containing types, partial methods, custom marshallers, function pointers, local functions,
/// top-level statements, interfaces.
/// </summary>
public static class OddInteropSources
{
    public static IReadOnlyList<FuzzSource> All { get; } = new[]
    {
        Source("ordinal-entry-point", """
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z", EntryPoint = "#12")] public static extern uint crc32(uint crc, byte[] buf, uint len);
                [DllImport("z", EntryPoint = "#0")] public static extern uint adler32(uint adler, byte[] buf, uint len);
                [DllImport("z", EntryPoint = "")] public static extern uint compressBound(uint sourceLen);
                [DllImport("z", EntryPoint = "#")] public static extern int deflateEnd(nint strm);
            }
            """),
        Source("charset-auto-and-marshalas-arrays", """
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z", CharSet = CharSet.Auto, SetLastError = true, ExactSpelling = true, CallingConvention = CallingConvention.Cdecl)]
                public static extern uint crc32(uint crc, [MarshalAs(UnmanagedType.LPArray, SizeParamIndex = 2)] byte[] buf, uint len);
                [DllImport("z", CharSet = CharSet.Unicode, BestFitMapping = false, ThrowOnUnmappableChar = true)]
                public static extern int compress([Out, MarshalAs(UnmanagedType.LPArray, SizeConst = 64)] byte[] dest, ref uint destLen, [In] byte[] source, uint sourceLen);
                [DllImport("z", CharSet = CharSet.Ansi)] public static extern string zlibVersion();
                [DllImport("z")] public static extern int uncompress([MarshalAs(UnmanagedType.LPArray, SizeParamIndex = 99)] byte[] dest, [MarshalAs(UnmanagedType.U4)] ref uint destLen, [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.U1, SizeConst = -1)] byte[] source, uint sourceLen);
            }
            """),
        Source("preservesig-false", """
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport("z", PreserveSig = false)] public static extern uint crc32(uint crc, byte[] buf, uint len);
                [DllImport("z", PreserveSig = false)] public static extern void compressBound(uint sourceLen);
                [DllImport("sqlite3", PreserveSig = true)] public static extern int sqlite3_libversion_number();
            }
            """),
        Source("generic-and-nested-types", """
            using System.Runtime.InteropServices;
            static class Outer<T> where T : struct
            {
                public static class Inner<U>
                {
                    [DllImport("z")] public static extern uint crc32(uint crc, T[] buf, uint len);
                    [DllImport("z")] public static extern U compressBound(uint sourceLen);
                }

                private struct Nested
                {
                    [DllImport("z")] public static extern uint adler32(uint adler, byte[] buf, uint len);
                }
            }
            """),
        Source("partial-methods-and-library-import", """
            using System.Runtime.InteropServices;
            using System.Runtime.InteropServices.Marshalling;
            static partial class Z
            {
                [LibraryImport("z")] public static partial uint crc32(uint crc, byte[] buf, uint len);
                [LibraryImport("z", EntryPoint = "adler32")] internal static partial uint Adler(uint adler, [MarshalUsing(CountElementName = "len")] byte[] buf, uint len);
                [LibraryImport("sqlite3", StringMarshalling = StringMarshalling.Utf8)] public static partial int sqlite3_open(string filename, out nint db);
                [LibraryImport("sqlite3", StringMarshalling = StringMarshalling.Utf16)] public static partial int sqlite3_open16(string filename, out nint db);
                [LibraryImport("sqlite3", StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(Utf8StringMarshaller))] public static partial int sqlite3_complete(string sql);
                [LibraryImport("sqlite3")] [return: MarshalUsing(typeof(Utf8StringMarshaller))] public static partial string sqlite3_libversion();
                partial void Unimplemented(int x);
                public static partial uint compressBound(uint sourceLen);
            }
            static partial class Z
            {
                public static partial uint compressBound(uint sourceLen) => sourceLen;
            }
            """),
        Source("custom-marshaller-type", """
            using System;
            using System.Runtime.InteropServices;
            using System.Runtime.InteropServices.Marshalling;
            [CustomMarshaller(typeof(string), MarshalMode.Default, typeof(Latin1Marshaller))]
            static unsafe class Latin1Marshaller
            {
                public static byte* ConvertToUnmanaged(string s) => (byte*)Marshal.StringToHGlobalAnsi(s);
                public static string ConvertToManaged(byte* p) => Marshal.PtrToStringAnsi((nint)p) ?? "";
                public static void Free(byte* p) => Marshal.FreeHGlobal((nint)p);
            }
            static partial class S
            {
                [LibraryImport("sqlite3", StringMarshallingCustomType = typeof(Latin1Marshaller), StringMarshalling = StringMarshalling.Custom)]
                public static partial int sqlite3_complete(string sql);
                [LibraryImport("sqlite3")] public static partial int sqlite3_exec(nint db, [MarshalUsing(typeof(Latin1Marshaller))] string sql, nint callback, nint arg, out nint errmsg);
            }
            """),
        Source("function-pointers", """
            using System.Runtime.InteropServices;
            using System.Runtime.CompilerServices;
            unsafe static class S
            {
                [DllImport("sqlite3")] public static extern int sqlite3_busy_handler(nint db, delegate* unmanaged[Cdecl]<nint, int, int> handler, nint arg);
                [DllImport("sqlite3")] public static extern int sqlite3_exec(nint db, byte* sql, delegate* unmanaged<nint, int, byte**, byte**, int> callback, nint arg, byte** errmsg);
                [DllImport("z")] public static extern delegate* unmanaged[Stdcall, SuppressGCTransition]<uint, uint> compressBound(uint sourceLen);
                [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })] static int Busy(nint arg, int count) => 0;
                public static void Install(nint db) => sqlite3_busy_handler(db, &Busy, 0);
            }
            """),
        Source("local-functions-with-dllimport", """
            using System.Runtime.InteropServices;
            static class Z
            {
                public static uint Run()
                {
                    return compressBound(10) + Local();

                    [DllImport("z")]
                    static extern uint compressBound(uint sourceLen);

                    static uint Local()
                    {
                        [DllImport("z", EntryPoint = "crc32")] static extern uint Crc(uint crc, byte[] buf, uint len);
                        return Crc(0, new byte[1], 1);
                    }
                }
            }
            """),
        Source("top-level-statements", """
            using System;
            using System.Runtime.InteropServices;
            Console.WriteLine(compressBound(10));
            Console.WriteLine(crc32(0, new byte[4], 4));

            [DllImport("z")] static extern uint compressBound(uint sourceLen);
            [DllImport("z")] static extern uint crc32(uint crc, byte[] buf, uint len);
            """),
        Source("interfaces-and-records", """
            using System.Runtime.InteropServices;
            interface INative
            {
                [DllImport("z")] static extern uint crc32(uint crc, byte[] buf, uint len);
                [DllImport("z")] public static extern uint compressBound(uint sourceLen);
                uint Instance(uint x);
            }
            record struct R(int X)
            {
                [DllImport("z")] public static extern uint adler32(uint adler, byte[] buf, uint len);
            }
            record class C
            {
                [DllImport("z")] internal static extern unsafe uint crc32(uint crc, byte* buf, uint len);
            }
            """),
        Source("struct-layouts", """
            using System.Runtime.InteropServices;
            [StructLayout(LayoutKind.Sequential, Pack = 1, CharSet = CharSet.Auto)]
            unsafe struct z_stream_s
            {
                public byte* next_in; public uint avail_in; public uint total_in;
                public fixed byte name[16];
                [MarshalAs(UnmanagedType.ByValArray, SizeConst = 4)] public int[] more;
                [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 8)] public string text;
            }
            [StructLayout(LayoutKind.Explicit, Size = 3)]
            struct gz_header_s { [FieldOffset(0)] public int text; [FieldOffset(0)] public long time; [FieldOffset(-1)] public byte bad; }
            [StructLayout(LayoutKind.Auto)] struct internal_state { public bool b; public char c; }
            [StructLayout((LayoutKind)42, Pack = 3, Size = -5)] struct gz_header { }
            [System.Runtime.CompilerServices.InlineArray(4)] struct Buffer4 { private int _e; }
            static class Z
            {
                [DllImport("z")] public static extern int deflate(ref z_stream_s strm, int flush);
                [DllImport("z")] public static extern int inflateGetHeader(ref z_stream_s strm, ref gz_header_s head);
                [DllImport("z")] public static extern int deflateSetHeader(in z_stream_s strm, gz_header head);
                [DllImport("z")] public static extern int inflateEnd(Buffer4 strm);
            }
            """),
        Source("marshal-calls-and-delegates", """
            using System;
            using System.Runtime.InteropServices;
            static class S
            {
                [UnmanagedFunctionPointer(CallingConvention.Cdecl, CharSet = CharSet.Ansi, SetLastError = true)]
                delegate int Busy(IntPtr arg, int count);
                [DllImport("sqlite3")] static extern int sqlite3_busy_handler(IntPtr db, Busy handler, IntPtr arg);
                [DllImport("sqlite3")] static extern IntPtr sqlite3_errmsg(IntPtr db);
                [DllImport("sqlite3", CharSet = CharSet.Unicode)] static extern string sqlite3_errmsg16(IntPtr db);
                [DllImport("sqlite3")] static extern int sqlite3_prepare_v2(IntPtr db, string sql, int n, out IntPtr stmt, IntPtr tail);
                static unsafe void Use(IntPtr db, string[] sqls)
                {
                    var p = Marshal.AllocHGlobal(16);
                    var s = Marshal.StringToHGlobalAnsi("x");
                    var h = GCHandle.Alloc(new object(), GCHandleType.Pinned);
                    var n = NativeMemory.Alloc(8);
                    foreach (var sql in sqls) { sqlite3_prepare_v2(db, "select 1", -1, out _, IntPtr.Zero); }
                    for (;;) { sqlite3_prepare_v2(db, sqls[0], -1, out var st, default); break; }
                    sqlite3_busy_handler(db, (a, c) => 0, IntPtr.Zero);
                    Console.WriteLine(Marshal.PtrToStringUTF8(sqlite3_errmsg(db)));
                    if (p == IntPtr.Zero) return;
                    Marshal.FreeHGlobal(p);
                }
            }
            """),
        Source("constants-and-enums", """
            using System.Runtime.InteropServices;
            enum ZFlush : byte { Z_NO_FLUSH = 0, Z_PARTIAL_FLUSH = 1, Z_FINISH = 40 }
            enum Big : ulong { SQLITE_OK = ulong.MaxValue }
            static class Z
            {
                public const int Z_BEST_COMPRESSION = 8;
                public const long SQLITE_VERSION_NUMBER = long.MinValue;
                public const string ZLIB_VERSION = "0";
                public const double Z_DEFLATED = 8.5;
                [DllImport("z")] public static extern int deflate(nint strm, ZFlush flush);
                [DllImport("z")] public static extern Big inflate(nint strm, int flush);
            }
            """),
        Source("error-symbols-and-half-written", """
            using System.Runtime.InteropServices;
            static class Z
            {
                [DllImport(Missing.Name)] public static extern uint crc32(UnknownType crc, byte[] buf, uint len);
                [DllImport("z", EntryPoint = Missing.Entry)] public static extern uint adler32(uint adler, byte[] buf, uint len);
                [DllImport] public static extern uint compressBound(uint sourceLen);
                [DllImport("z", CharSet = (CharSet)99, CallingConvention = (CallingConvention)0)] public static extern uint deflateBound(nint strm, uint sourceLen);
                [DllImport("z")] public extern uint zlibCompileFlags();
                [DllImport("z")] public static uint gzflags() => 0;
                [DllImport("z")] public static extern ref uint gzbuffer(nint file, uint size);
                [DllImport("z")] public static extern uint inflateBackEnd(params uint[] strm);
                [DllImport("z")] public static extern uint inflateSync(__arglist);
                [DllImport("z")] public static extern uint inflateReset2(nint strm, int windowBits = 15, uint extra = default);
                [DllImport("z")] public static extern dynamic inflatePrime(nint strm, int bits, int value);
                [DllImport("z")] public static extern (int, long) inflateMark(nint strm);
                [LibraryImport("z")] public static extern uint get_crc_table();
                [LibraryImport("z")] public static partial uint crc32_combine(uint crc1, uint crc2, long len2);
            }
            """),
    };

    private static FuzzSource Source(string name, string text) => new("odd:" + name, text);
}
