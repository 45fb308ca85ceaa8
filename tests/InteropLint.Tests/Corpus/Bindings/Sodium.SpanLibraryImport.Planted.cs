// corpus-header: /usr/include/sodium.h --library sodium
// Planted bugs in the Span-based LibraryImport style (as modern libsodium bindings write it): buffers as Span/ReadOnlySpan
// with their lengths, size_t as nuint, the hashing state as an opaque IntPtr to memory the caller aligns,
// a C bool-less API (ints for status), and a borrowed version string returned as IntPtr.
using System;
using System.Runtime.InteropServices;

namespace Corpus.Sodium;

internal static partial class Native
{
    private const string Lib = "sodium";

    [LibraryImport(Lib)] internal static partial int sodium_init();
    [LibraryImport(Lib)] internal static partial IntPtr sodium_version_string();
    [LibraryImport(Lib)] internal static partial void randombytes_buf(Span<byte> buf, nuint size);
    [LibraryImport(Lib)] internal static partial uint randombytes_random();
    [LibraryImport(Lib)] internal static partial uint randombytes_uniform(ulong upper_bound); // expect: ILNT001 "uint32_t"
    [LibraryImport(Lib)] internal static partial double crypto_generichash_bytes(); // expect: ILNT005 "double"
    [LibraryImport(Lib)] internal static partial nuint crypto_generichash_statebytes();
    [LibraryImport(Lib)] internal static partial int crypto_generichash(Span<byte> @out, nuint outlen, ReadOnlySpan<byte> @in, ulong inlen, ReadOnlySpan<byte> key, nuint keylen);
    [LibraryImport(Lib)] internal static partial int crypto_generichash_init(IntPtr state, ReadOnlySpan<byte> key, nuint keylen, nuint outlen);
    [LibraryImport(Lib)] internal static partial int crypto_generichash_update(IntPtr state, ReadOnlySpan<byte> @in, ulong inlen);
    [LibraryImport(Lib)] internal static partial int crypto_generichash_final(IntPtr state, Span<byte> @out); // expect: ILNT005 "outlen"
    [LibraryImport(Lib)] internal static partial void sodium_memzero(Span<byte> pnt, nuint len);
    [LibraryImport(Lib)] internal static partial int sodium_memcmp(ReadOnlySpan<byte> b1, ReadOnlySpan<byte> b2, uint len); // expect: ILNT001 "size_t"
    [LibraryImport(Lib)] internal static partial IntPtr sodium_bin2hex(Span<byte> hex, nuint hex_maxlen, ReadOnlySpan<byte> bin, nuint bin_len);

    // A 64-bit counter hashed as its 8 bytes: C takes an untyped byte buffer with a length.
    [LibraryImport(Lib, EntryPoint = "crypto_generichash_update")] internal static partial int UpdateCounter(IntPtr state, in ulong counter, ulong inlen);
}
