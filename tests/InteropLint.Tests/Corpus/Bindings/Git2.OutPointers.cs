// corpus-header: /usr/include/git2.h --library git2
// corpus-targets: linux-x64;osx-arm64
// libgit2 the way LibGit2Sharp-style bindings write it: objects created through out IntPtr and freed by their own
// *_free, git_oid as a 20-byte fixed buffer passed by reference, git_strarray filled by C and disposed by C,
// git_error read through the pointer git_error_last returns, UTF-8 paths, library-owned strings as IntPtr.
// win-x64 misses a MinGW type in git2/types.h, so this binding uses the ABIs it parses cleanly on.
using System;
using System.Runtime.InteropServices;

namespace Corpus.Git2Functions;

[StructLayout(LayoutKind.Sequential)]
public unsafe struct git_oid
{
    public fixed byte id[20];
}

[StructLayout(LayoutKind.Sequential)]
public struct git_strarray
{
    public IntPtr strings;
    public nuint count;
}

[StructLayout(LayoutKind.Sequential)]
public struct git_error
{
    public IntPtr message;
    public int klass;
}

public static class Native
{
    private const string Lib = "git2";

    [DllImport(Lib)] public static extern int git_libgit2_init();
    [DllImport(Lib)] public static extern int git_libgit2_shutdown();
    [DllImport(Lib)] public static extern int git_libgit2_version(out int major, out int minor, out int rev);
    [DllImport(Lib)] public static extern int git_repository_open(out IntPtr repository, [MarshalAs(UnmanagedType.LPUTF8Str)] string path);
    [DllImport(Lib)] public static extern void git_repository_free(IntPtr repository);
    [DllImport(Lib)] public static extern IntPtr git_repository_path(IntPtr repository);
    [DllImport(Lib)] public static extern int git_reference_name_to_id(out git_oid id, IntPtr repository, [MarshalAs(UnmanagedType.LPUTF8Str)] string name);
    [DllImport(Lib)] public static extern IntPtr git_oid_tostr_s(in git_oid oid);
    [DllImport(Lib)] public static extern int git_reference_list(out git_strarray array, IntPtr repository);
    [DllImport(Lib)] public static extern void git_strarray_dispose(ref git_strarray array);
    [DllImport(Lib)] public static extern IntPtr git_error_last();
}
