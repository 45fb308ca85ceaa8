// corpus-header: /usr/include/zlib.h --library z
// The generated style (ClangSharp-like): unsafe raw pointers, sbyte* for char*, [NativeTypeName] naming each C type the
// generator saw (the attribute is the generator's own, declared in the output), ExactSpelling and Cdecl on every import.
// Planted: what a generator configured for one platform emits for C's uLong (4 bytes on win-x64, 8 elsewhere),
// and a dropped status.
using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Corpus.ZlibGenerated;

[AttributeUsage(AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.ReturnValue, AllowMultiple = false, Inherited = true)]
[Conditional("DEBUG")]
internal sealed partial class NativeTypeNameAttribute : Attribute
{
    public NativeTypeNameAttribute(string name) => Name = name;

    public string Name { get; }
}

public unsafe partial struct z_stream_s // expect: ILNT003 "total_in"
{
    [NativeTypeName("Bytef *")]
    public byte* next_in;

    [NativeTypeName("uInt")]
    public uint avail_in;

    [NativeTypeName("uLong")]
    public nuint total_in;

    [NativeTypeName("Bytef *")]
    public byte* next_out;

    [NativeTypeName("uInt")]
    public uint avail_out;

    [NativeTypeName("uLong")]
    public CULong total_out;

    [NativeTypeName("char *")]
    public sbyte* msg;

    [NativeTypeName("struct internal_state *")]
    public void* state;

    [NativeTypeName("alloc_func")]
    public delegate* unmanaged[Cdecl]<void*, uint, uint, void*> zalloc;

    [NativeTypeName("free_func")]
    public delegate* unmanaged[Cdecl]<void*, void*, void> zfree;

    [NativeTypeName("voidpf")]
    public void* opaque;

    public int data_type;

    [NativeTypeName("uLong")]
    public CULong adler;

    [NativeTypeName("uLong")]
    public CULong reserved;
}

public static unsafe partial class Methods
{
    [DllImport("z", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [return: NativeTypeName("const char *")]
    public static extern sbyte* zlibVersion();

    [DllImport("z", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    public static extern int deflateInit_([NativeTypeName("z_streamp")] z_stream_s* strm, int level, [NativeTypeName("const char *")] sbyte* version, int stream_size);

    [DllImport("z", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    public static extern int deflate([NativeTypeName("z_streamp")] z_stream_s* strm, int flush);

    [DllImport("z", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    public static extern void deflateEnd([NativeTypeName("z_streamp")] z_stream_s* strm); // expect: ILNT005 "callers cannot see it"

    [DllImport("z", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [return: NativeTypeName("uLong")]
    public static extern uint compressBound([NativeTypeName("uLong")] uint sourceLen); // expect: ILNT001 "parameter 'sourceLen' is 'uint'" expect: ILNT001 "the return value is 'uint'"

    [DllImport("z", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    public static extern int compress2([NativeTypeName("Bytef *")] byte* dest, [NativeTypeName("uLongf *")] CULong* destLen, [NativeTypeName("const Bytef *")] byte* source, [NativeTypeName("uLong")] CULong sourceLen, int level);

    [DllImport("z", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    public static extern int uncompress([NativeTypeName("Bytef *")] byte* dest, [NativeTypeName("uLongf *")] CULong* destLen, [NativeTypeName("const Bytef *")] byte* source, [NativeTypeName("uLong")] CULong sourceLen);

    [DllImport("z", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [return: NativeTypeName("uLong")]
    public static extern CULong crc32([NativeTypeName("uLong")] CULong crc, [NativeTypeName("const Bytef *")] byte* buf, [NativeTypeName("uInt")] uint len);

    [DllImport("z", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    [return: NativeTypeName("const char *")]
    public static extern sbyte* zError(int param0);
}
