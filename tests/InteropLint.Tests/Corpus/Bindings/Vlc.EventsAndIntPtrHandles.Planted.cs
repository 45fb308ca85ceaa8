// corpus-header: /usr/include/vlc/vlc.h --library libvlc
// corpus-targets: linux-x64;win-x64
// Planted: libvlc_errmsg's borrowed string returned as string, libvlc_time_t as int, a display callback passed as a
// lambda nobody keeps. (Not checkable: a drifted EventType member, as EventType is not named after libvlc_event_e.)
// libvlc the way media-player wrappers bind it: every object (instance, media, player, event manager) an opaque
// IntPtr owned by an IDisposable wrapper that calls the matching *_release; argv as a UTF-8 string array; event
// callbacks as [UnmanagedFunctionPointer(Cdecl)] delegates kept in static readonly fields, the managed owner passed
// as GCHandle user data and detached in Dispose; the event read through its pointer into a view that declares the
// union members the wrapper reads (a flattened explicit-layout union, 8 of the union's 16 bytes: a prefix view); video callbacks held in instance fields for
// the player's life; libvlc_time_t as long; libvlc_media_get_mrl's heap string freed by libvlc_free; the event ids as
// an enum mirroring libvlc_event_e.
using System;
using System.Runtime.InteropServices;

namespace Corpus.Vlc;

public enum EventType
{
    MediaMetaChanged = 0,
    MediaSubItemAdded,
    MediaDurationChanged,
    MediaParsedChanged,
    MediaPlayerMediaChanged = 0x100,
    MediaPlayerNothingSpecial,
    MediaPlayerOpening,
    MediaPlayerBuffering,
    MediaPlayerPlaying,
    MediaPlayerPaused,
    MediaPlayerStopped,
    MediaPlayerForward,
    MediaPlayerBackward,
    MediaPlayerEndReached,
    MediaPlayerEncounteredError,
    MediaPlayerTimeChanged,
    MediaPlayerPositionChanged,
    MediaPlayerSeekableChanged,
    MediaPlayerPausableChanged,
    MediaPlayerTitleChanged,
    MediaPlayerSnapshotTaken,
    MediaPlayerLengthChanged,
}

public enum VLCState
{
    NothingSpecial = 0,
    Opening,
    Buffering,
    Playing,
    Paused,
    Stopped,
    Ended,
    Error,
}

[StructLayout(LayoutKind.Sequential)]
internal struct LibVLCEvent
{
    public EventType Type;
    public IntPtr Sender;
    public EventUnion Union;
}

[StructLayout(LayoutKind.Explicit)]
internal struct EventUnion
{
    [FieldOffset(0)] public long NewTime;
    [FieldOffset(0)] public long NewLength;
    [FieldOffset(0)] public long NewDuration;
    [FieldOffset(0)] public float NewCache;
    [FieldOffset(0)] public float NewPosition;
    [FieldOffset(0)] public int NewSeekable;
    [FieldOffset(0)] public int NewPausable;
    [FieldOffset(0)] public int NewState;
    [FieldOffset(0)] public IntPtr NewMedia;
}

[StructLayout(LayoutKind.Sequential)]
internal struct MediaListItem
{
    public IntPtr Item;
    public int Index;
}

[StructLayout(LayoutKind.Sequential)]
internal struct VlmMediaEvent
{
    public IntPtr MediaName;
    public IntPtr InstanceName;
}

[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
internal delegate void EventCallback(IntPtr libvlcEvent, IntPtr userData);

[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
internal delegate IntPtr LockCallback(IntPtr opaque, IntPtr planes);

[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
internal delegate void UnlockCallback(IntPtr opaque, IntPtr picture, IntPtr planes);

[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
internal delegate void DisplayCallback(IntPtr opaque, IntPtr picture);

internal static class Native
{
    private const string Lib = "libvlc";

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_new")]
    internal static extern IntPtr LibVLCNew(int argc, [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPUTF8Str)] string[] argv);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_release")]
    internal static extern void LibVLCRelease(IntPtr instance);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_errmsg")]
    internal static extern string LibVLCErrorMessage(); // expect: ILNT007

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_get_version")]
    internal static extern IntPtr LibVLCVersion();

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_free")]
    internal static extern void LibVLCFree(IntPtr ptr);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_media_new_location")]
    internal static extern IntPtr LibVLCMediaNewLocation(IntPtr instance, [MarshalAs(UnmanagedType.LPUTF8Str)] string mrl);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_media_new_path")]
    internal static extern IntPtr LibVLCMediaNewPath(IntPtr instance, [MarshalAs(UnmanagedType.LPUTF8Str)] string path);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_media_release")]
    internal static extern void LibVLCMediaRelease(IntPtr media);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_media_get_mrl")]
    internal static extern IntPtr LibVLCMediaGetMrl(IntPtr media);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_media_player_new_from_media")]
    internal static extern IntPtr LibVLCMediaPlayerNewFromMedia(IntPtr media);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_media_player_release")]
    internal static extern void LibVLCMediaPlayerRelease(IntPtr player);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_media_player_play")]
    internal static extern int LibVLCMediaPlayerPlay(IntPtr player);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_media_player_stop")]
    internal static extern void LibVLCMediaPlayerStop(IntPtr player);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_media_player_get_time")]
    internal static extern long LibVLCMediaPlayerGetTime(IntPtr player);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_media_player_set_time")]
    internal static extern void LibVLCMediaPlayerSetTime(IntPtr player, int time); // expect: ILNT001

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_media_player_get_state")]
    internal static extern VLCState LibVLCMediaPlayerGetState(IntPtr player);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_media_player_is_playing")]
    internal static extern int LibVLCMediaPlayerIsPlaying(IntPtr player);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_audio_set_volume")]
    internal static extern int LibVLCAudioSetVolume(IntPtr player, int volume);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_media_player_event_manager")]
    internal static extern IntPtr LibVLCMediaPlayerEventManager(IntPtr player);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_event_attach")]
    internal static extern int LibVLCEventAttach(IntPtr eventManager, EventType eventType, EventCallback callback, IntPtr userData);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_event_detach")]
    internal static extern void LibVLCEventDetach(IntPtr eventManager, EventType eventType, EventCallback callback, IntPtr userData);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_video_set_callbacks")]
    internal static extern void LibVLCVideoSetCallbacks(IntPtr player, LockCallback? lockCallback, UnlockCallback? unlockCallback, DisplayCallback? displayCallback, IntPtr opaque);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, EntryPoint = "libvlc_video_set_format")]
    internal static extern void LibVLCVideoSetFormat(IntPtr player, [MarshalAs(UnmanagedType.LPUTF8Str)] string chroma, uint width, uint height, uint pitch);
}

public sealed class LibVLC : IDisposable
{
    internal IntPtr NativeReference { get; private set; }

    public LibVLC(params string[] options)
    {
        NativeReference = Native.LibVLCNew(options.Length, options);
        if (NativeReference == IntPtr.Zero)
        {
            throw new InvalidOperationException(Native.LibVLCErrorMessage() ?? "libvlc_new failed");
        }
    }

    public static string Version => Marshal.PtrToStringUTF8(Native.LibVLCVersion()) ?? string.Empty;

    public void Dispose()
    {
        if (NativeReference != IntPtr.Zero)
        {
            Native.LibVLCRelease(NativeReference);
            NativeReference = IntPtr.Zero;
        }
    }
}

public sealed class Media : IDisposable
{
    internal IntPtr NativeReference { get; private set; }

    public Media(LibVLC libVLC, string location)
    {
        NativeReference = Native.LibVLCMediaNewLocation(libVLC.NativeReference, location);
    }

    public string? Mrl
    {
        get
        {
            var mrl = Native.LibVLCMediaGetMrl(NativeReference);
            try
            {
                return Marshal.PtrToStringUTF8(mrl);
            }
            finally
            {
                Native.LibVLCFree(mrl);
            }
        }
    }

    public void Dispose()
    {
        if (NativeReference != IntPtr.Zero)
        {
            Native.LibVLCMediaRelease(NativeReference);
            NativeReference = IntPtr.Zero;
        }
    }
}

public sealed class MediaPlayer : IDisposable
{
    // One native callback for every player and event, alive as long as the type.
    private static readonly EventCallback s_onEvent = OnEvent;

    private readonly IntPtr _eventManager;
    private GCHandle _self;
    private readonly LockCallback _lock;
    private readonly UnlockCallback _unlock;
    private readonly DisplayCallback _display;
    private readonly IntPtr _frame;

    public event Action<long>? TimeChanged;
    public event Action? EndReached;

    internal IntPtr NativeReference { get; private set; }

    public MediaPlayer(Media media, uint width, uint height)
    {
        NativeReference = Native.LibVLCMediaPlayerNewFromMedia(media.NativeReference);
        _eventManager = Native.LibVLCMediaPlayerEventManager(NativeReference);
        _self = GCHandle.Alloc(this);
        Native.LibVLCEventAttach(_eventManager, EventType.MediaPlayerTimeChanged, s_onEvent, GCHandle.ToIntPtr(_self));
        Native.LibVLCEventAttach(_eventManager, EventType.MediaPlayerEndReached, s_onEvent, GCHandle.ToIntPtr(_self));

        _frame = Marshal.AllocHGlobal((int)(width * height * 4));
        _lock = (opaque, planes) =>
        {
            Marshal.WriteIntPtr(planes, _frame);
            return IntPtr.Zero;
        };
        _unlock = (opaque, picture, planes) => { };
        _display = (opaque, picture) => { };
        Native.LibVLCVideoSetCallbacks(NativeReference, _lock, _unlock, (opaque, picture) => { }, IntPtr.Zero); // expect: ILNT010
        Native.LibVLCVideoSetFormat(NativeReference, "RV32", width, height, width * 4);
    }

    public bool Play() => Native.LibVLCMediaPlayerPlay(NativeReference) == 0;

    public long Time
    {
        get => Native.LibVLCMediaPlayerGetTime(NativeReference);
        set => Native.LibVLCMediaPlayerSetTime(NativeReference, (int)value);
    }

    public VLCState State => Native.LibVLCMediaPlayerGetState(NativeReference);

    private static void OnEvent(IntPtr libvlcEvent, IntPtr userData)
    {
        var player = (MediaPlayer?)GCHandle.FromIntPtr(userData).Target;
        var e = Marshal.PtrToStructure<LibVLCEvent>(libvlcEvent);
        switch (e.Type)
        {
            case EventType.MediaPlayerTimeChanged:
                player?.TimeChanged?.Invoke(e.Union.NewTime);
                break;
            case EventType.MediaPlayerEndReached:
                player?.EndReached?.Invoke();
                break;
        }
    }

    public void Dispose()
    {
        if (NativeReference == IntPtr.Zero)
        {
            return;
        }

        Native.LibVLCMediaPlayerStop(NativeReference);
        Native.LibVLCEventDetach(_eventManager, EventType.MediaPlayerTimeChanged, s_onEvent, GCHandle.ToIntPtr(_self));
        Native.LibVLCEventDetach(_eventManager, EventType.MediaPlayerEndReached, s_onEvent, GCHandle.ToIntPtr(_self));
        Native.LibVLCMediaPlayerRelease(NativeReference);
        NativeReference = IntPtr.Zero;
        _self.Free();
        Marshal.FreeHGlobal(_frame);
    }
}
