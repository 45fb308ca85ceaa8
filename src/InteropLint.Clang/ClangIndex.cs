using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using InteropLint.Clang.Native;

namespace InteropLint.Clang;

/// <summary>Turns a <see cref="CXString"/> into a managed string and always disposes it.</summary>
internal static unsafe class ClangString
{
    public static string Take(CXString value)
    {
        try
        {
            var text = Libclang.clang_getCString(value);
            return text == null ? "" : Marshal.PtrToStringUTF8((nint)text) ?? "";
        }
        finally
        {
            Libclang.clang_disposeString(value);
        }
    }
}

/// <summary>A <c>CXIndex</c>. One per thread that parses; disposing it frees the native index.</summary>
public sealed class ClangIndex : IDisposable
{
    // clang_createIndex turns LLVM's crash recovery on, which installs process-wide signal handlers
    // that fight the .NET runtime's own (it uses SIGSEGV for NullReferenceException). We switch it
    // off straight away; the lock keeps another thread's createIndex from switching it back on mid-parse.
    private static readonly object CrashRecoveryGate = new();

    private nint _handle;

    public ClangIndex()
    {
        LibclangLoader.EnsureLoaded();
        lock (CrashRecoveryGate)
        {
            _handle = Libclang.clang_createIndex(0, 0);
            Libclang.clang_toggleCrashRecovery(0);
        }

        if (_handle == 0)
        {
            throw new InvalidOperationException("clang_createIndex failed.");
        }
    }

    /// <summary>libclang's version string, e.g. <c>Debian clang version 14.0.6</c>.</summary>
    public static string Version
    {
        get
        {
            LibclangLoader.EnsureLoaded();
            return ClangString.Take(Libclang.clang_getClangVersion());
        }
    }

    internal nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(ClangIndex));

    /// <summary>Parses one file. Unsaved files let a test (or the scanner) give in-memory contents for any path.</summary>
    public unsafe TranslationUnit Parse(
        string path,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string>? unsavedFiles = null,
        CXTranslationUnitFlags options = CXTranslationUnitFlags.DetailedPreprocessingRecord | CXTranslationUnitFlags.SkipFunctionBodies | CXTranslationUnitFlags.KeepGoing)
    {
        var pinned = new List<GCHandle>();
        try
        {
            byte* Pin(string s)
            {
                var bytes = Encoding.UTF8.GetBytes(s + "\0");
                var handle = GCHandle.Alloc(bytes, GCHandleType.Pinned);
                pinned.Add(handle);
                return (byte*)handle.AddrOfPinnedObject();
            }

            var argv = new nint[arguments.Count];
            for (var i = 0; i < argv.Length; i++)
            {
                argv[i] = (nint)Pin(arguments[i]);
            }

            var unsaved = new CXUnsavedFile[unsavedFiles?.Count ?? 0];
            if (unsavedFiles != null)
            {
                var i = 0;
                foreach (var pair in unsavedFiles)
                {
                    var contents = Encoding.UTF8.GetBytes(pair.Value);
                    var contentsHandle = GCHandle.Alloc(contents, GCHandleType.Pinned);
                    pinned.Add(contentsHandle);
                    unsaved[i++] = new CXUnsavedFile
                    {
                        Filename = Pin(pair.Key),
                        Contents = (byte*)contentsHandle.AddrOfPinnedObject(),
                        Length = new CULong((nuint)contents.Length),
                    };
                }
            }

            var file = Pin(path);
            nint tu = 0;
            CXErrorCode error;
            fixed (nint* argvPointer = argv)
            fixed (CXUnsavedFile* unsavedPointer = unsaved)
            {
                error = Libclang.clang_parseTranslationUnit2(
                    Handle, file, (byte**)argvPointer, argv.Length, unsavedPointer, (uint)unsaved.Length, (uint)options, &tu);
            }

            if (error != CXErrorCode.Success || tu == 0)
            {
                throw new ClangParseException(path, error);
            }

            return new TranslationUnit(tu);
        }
        finally
        {
            foreach (var handle in pinned)
            {
                handle.Free();
            }
        }
    }

    public void Dispose()
    {
        if (_handle != 0)
        {
            Libclang.clang_disposeIndex(_handle);
            _handle = 0;
        }
    }
}

/// <summary>libclang returned no translation unit at all (not the same as a header with errors, which still parses).</summary>
public sealed class ClangParseException : Exception
{
    public ClangParseException(string path, CXErrorCode error)
        : base($"libclang could not parse '{path}': {error}")
    {
        Error = error;
    }

    public CXErrorCode Error { get; }
}
