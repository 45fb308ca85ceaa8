using System.Runtime.InteropServices;

namespace InteropLint.Clang.Native;

// Blittable mirrors of the structs in clang-c/Index.h and clang-c/CXString.h.
// They are passed and returned by value, exactly as the C API does.

[StructLayout(LayoutKind.Sequential)]
public unsafe struct CXString
{
    public void* Data;
    public uint PrivateFlags;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct CXCursor
{
    public CXCursorKind Kind;
    public int XData;
    public void* Data0;
    public void* Data1;
    public void* Data2;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct CXType
{
    public CXTypeKind Kind;
    public void* Data0;
    public void* Data1;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct CXSourceLocation
{
    public void* PtrData0;
    public void* PtrData1;
    public uint IntData;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct CXSourceRange
{
    public void* PtrData0;
    public void* PtrData1;
    public uint BeginIntData;
    public uint EndIntData;
}

/// <summary><c>CXSourceRangeList</c>: <c>unsigned count; CXSourceRange *ranges;</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CXSourceRangeList
{
    public uint Count;
    public CXSourceRange* Ranges;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct CXToken
{
    public uint IntData0;
    public uint IntData1;
    public uint IntData2;
    public uint IntData3;
    public void* PtrData;
}

/// <summary><c>struct CXUnsavedFile</c>: its <c>Length</c> is C <c>unsigned long</c>, 4 bytes on Windows, hence <see cref="CULong"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CXUnsavedFile
{
    public byte* Filename;
    public byte* Contents;
    public CULong Length;
}
