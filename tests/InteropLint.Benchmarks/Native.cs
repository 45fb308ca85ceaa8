using System.Runtime.InteropServices;

namespace InteropLint.Benchmarks;

/// <summary>The P/Invokes as projects declare them (string marshalled per call), and the overloads ILNT004's fix adds.</summary>
internal static class Libc
{
    [DllImport("libc", EntryPoint = "strlen", CallingConvention = CallingConvention.Cdecl)]
    public static extern nuint strlen(string s);

    // The same entry point, taking the string as NUL-terminated UTF-8 bytes the caller already encoded.
    [DllImport("libc", EntryPoint = "strlen", CallingConvention = CallingConvention.Cdecl)]
    public static extern nuint strlen(in byte s);

    // The same entry point, taking a string the caller already encoded and NUL-terminated.
    [DllImport("libc", EntryPoint = "strlen", CallingConvention = CallingConvention.Cdecl)]
    public static extern nuint strlen(IntPtr s);
}

/// <summary>native/include/interopdemo.h: <c>int demo_person_init(demo_person* out, const char* name, int x, int y)</c> (strlen + copy of 15 bytes).</summary>
internal static class Demo
{
    [StructLayout(LayoutKind.Sequential)]
    public struct Point
    {
        public int X;
        public int Y;
    }

    // demo_person: char name[16]; demo_point home; unsigned long flags (8 bytes on LP64).
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct Person
    {
        public fixed byte Name[16];
        public Point Home;
        public CULong Flags;
    }

    [DllImport("interopdemo", CallingConvention = CallingConvention.Cdecl)]
    public static extern int demo_person_init(out Person person, string name, int x, int y);

    // The same entry point, taking the string as NUL-terminated UTF-8 bytes the caller already encoded.
    [DllImport("interopdemo", CallingConvention = CallingConvention.Cdecl)]
    public static extern int demo_person_init(out Person person, in byte name, int x, int y);

    // The same entry point, taking a string the caller already encoded and NUL-terminated.
    [DllImport("interopdemo", CallingConvention = CallingConvention.Cdecl)]
    public static extern int demo_person_init(out Person person, IntPtr name, int x, int y);
}
