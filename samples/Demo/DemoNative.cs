using System;
using System.Runtime.InteropServices;

namespace DemoSample;

// Bindings for native/include/interopdemo.h, written the way they often are: from memory of
// the Windows sizes, with C# defaults for bool, and without reading who frees what.
internal static unsafe class DemoNative
{
    private const string Library = "interopdemo";

    // The measuring instrument: declared right (C long is CLong on every ABI).
    [DllImport(Library)]
    public static extern CLong demo_live_allocations();

    [DllImport(Library)]
    public static extern IntPtr demo_version();

    // Returns a string the caller owns; it must go back to demo_string_free.
    [DllImport(Library)]
    public static extern IntPtr demo_strdup_upper(string s);

    [DllImport(Library)]
    public static extern void demo_string_free(IntPtr s);

    // C: bool demo_is_even(int) - a 1-byte C bool; this reads a 4-byte BOOL.
    [DllImport(Library)]
    public static extern bool demo_is_even(int value);

    // C: long demo_add_long(long a, long b)
    [DllImport(Library)]
    public static extern int demo_add_long(int a, int b);

    // C: unsigned long demo_checksum(const unsigned char* data, size_t len)
    [DllImport(Library)]
    public static extern uint demo_checksum(byte* data, uint len);

    // C: size_t demo_record_size(void)
    [DllImport(Library)]
    public static extern uint demo_record_size();

    // C: const demo_record* demo_record_table(size_t* count)
    [DllImport(Library)]
    public static extern IntPtr demo_record_table(out uint count);
}

// C's demo_record (include/interopdemo.h), with the types the Windows habit suggests:
// long as int, size_t as uint, bool as bool.
[StructLayout(LayoutKind.Sequential)]
internal struct DemoRecord
{
    public byte Tag;
    public double Value;
    public int Id;
    public int Count;
    public uint Length;
    public bool Active;
}
