// corpus-header: /usr/include/SDL2/SDL.h --library SDL2
// corpus-targets: linux-x64;win-x64
// (Debian's SDL_config.h includes the multiarch build of _real_SDL_config.h, installed for x86-64 only here.)
// SDL2 the way game bindings write it: handles as IntPtr, blittable structs (SDL_Rect, SDL_version), SDL_Event as an
// explicit 56-byte union of which only the type is read, SDL_bool as an int-sized enum, Uint32/Uint64 as uint/ulong,
// library-owned strings returned as IntPtr, a cdecl timer callback as delegate* unmanaged[Cdecl].
using System;
using System.Runtime.InteropServices;

namespace Corpus.Sdl2;

public enum SDL_bool
{
    SDL_FALSE = 0,
    SDL_TRUE = 1,
}

[StructLayout(LayoutKind.Sequential)]
public struct SDL_Rect
{
    public int x;
    public int y;
    public int w;
    public int h;
}

[StructLayout(LayoutKind.Sequential)]
public struct SDL_version
{
    public byte major;
    public byte minor;
    public byte patch;
}

[StructLayout(LayoutKind.Explicit, Size = 56)]
public struct SDL_Event
{
    [FieldOffset(0)] public uint type;
}

public static unsafe class Native
{
    private const string Lib = "SDL2";

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int SDL_Init(uint flags);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void SDL_Quit();
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr SDL_GetError();
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr SDL_CreateWindow([MarshalAs(UnmanagedType.LPUTF8Str)] string title, int x, int y, int w, int h, uint flags);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void SDL_DestroyWindow(IntPtr window);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void SDL_GetWindowSize(IntPtr window, out int w, out int h);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int SDL_PollEvent(out SDL_Event e);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int SDL_FillRect(IntPtr dst, in SDL_Rect rect, uint color);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern SDL_bool SDL_HasIntersection(in SDL_Rect a, in SDL_Rect b);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern SDL_bool SDL_SetHint([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void SDL_GetVersion(out SDL_version ver);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern uint SDL_GetTicks();
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern ulong SDL_GetPerformanceCounter();
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void SDL_Delay(uint ms);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int SDL_AddTimer(uint interval, delegate* unmanaged[Cdecl]<uint, IntPtr, uint> callback, IntPtr param);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void SDL_free(IntPtr mem);
}
