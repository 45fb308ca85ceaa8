// corpus-header: /usr/include/sodium.h --library sodium
// libsodium's states as opaque blobs of the C size; the 64-byte-aligned one lives in aligned native memory.
using System;
using System.Runtime.InteropServices;

namespace Corpus.Sodium
{
    [StructLayout(LayoutKind.Explicit, Size = 384)]
    public struct crypto_generichash_state { }

    [StructLayout(LayoutKind.Explicit, Size = 104)]
    public struct crypto_hash_sha256_state { }

    public static unsafe class Native
    {
        [DllImport("sodium")] public static extern int crypto_generichash_init(crypto_generichash_state* state, byte* key, nuint keylen, nuint outlen);
        [DllImport("sodium")] public static extern int crypto_generichash_update(crypto_generichash_state* state, byte* @in, ulong inlen);
        [DllImport("sodium")] public static extern int crypto_generichash_final(crypto_generichash_state* state, byte* @out, nuint outlen);
        [DllImport("sodium")] public static extern int crypto_hash_sha256_init(ref crypto_hash_sha256_state state);
        [DllImport("sodium")] public static extern int crypto_hash_sha256_update(ref crypto_hash_sha256_state state, byte* @in, ulong inlen);
    }
}
