// corpus-header: /usr/include/openssl/evp.h --library crypto -I /usr/include/x86_64-linux-gnu
// corpus-header: /usr/include/openssl/err.h --library crypto -I /usr/include/x86_64-linux-gnu
// corpus-header: /usr/include/openssl/bn.h --library crypto -I /usr/include/x86_64-linux-gnu
// corpus-targets: linux-x64
// OpenSSL 3 the way managed crypto wrappers bind libcrypto: contexts and bignums as SafeHandle subclasses whose
// ReleaseHandle calls the native free; ERR_get_error's unsigned long as CULong; ERR_error_string_n into a stackalloc'd
// Span<byte> and, in the older style, into a StringBuilder; EVP_MD_size bound under its OpenSSL 3 export name
// EVP_MD_get_size (the old name is a macro now); OPENSSL_free (a macro) through the function it expands to,
// CRYPTO_free(ptr, file, line); BN_bn2hex's heap string read with PtrToStringUTF8 and freed that way; the static
// EVP_MD returned by EVP_sha256 kept as IntPtr and never freed; EVP_MAX_MD_SIZE mirrored as a constant.
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace Corpus.OpenSsl;

internal static class OpenSslConstants
{
    public const int EVP_MAX_MD_SIZE = 64;
    public const int OPENSSL_VERSION = 0;
    public const int OPENSSL_VERSION_STRING = 6;
}

internal sealed class SafeEvpMdCtxHandle : SafeHandle
{
    public SafeEvpMdCtxHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Crypto.EVP_MD_CTX_free(handle);
        return true;
    }
}

internal sealed class SafeBignumHandle : SafeHandle
{
    public SafeBignumHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Crypto.BN_free(handle);
        return true;
    }
}

internal static unsafe partial class Crypto
{
    private const string Lib = "crypto";

    [LibraryImport(Lib)]
    internal static partial SafeEvpMdCtxHandle EVP_MD_CTX_new();

    [LibraryImport(Lib)]
    internal static partial void EVP_MD_CTX_free(IntPtr ctx);

    [LibraryImport(Lib)]
    internal static partial IntPtr EVP_sha256();

    [LibraryImport(Lib)]
    internal static partial int EVP_DigestInit_ex(SafeEvpMdCtxHandle ctx, IntPtr type, IntPtr engine);

    [LibraryImport(Lib)]
    internal static partial int EVP_DigestUpdate(SafeEvpMdCtxHandle ctx, ReadOnlySpan<byte> data, nuint count);

    [DllImport(Lib)]
    internal static extern int EVP_DigestFinal_ex(SafeEvpMdCtxHandle ctx, byte* md, out uint size);

    [LibraryImport(Lib, EntryPoint = "EVP_MD_get_size")]
    internal static partial int EVP_MD_size(IntPtr md);

    [LibraryImport(Lib)]
    internal static partial CULong ERR_get_error();

    [LibraryImport(Lib)]
    internal static partial CULong ERR_peek_last_error();

    [LibraryImport(Lib)]
    internal static partial void ERR_error_string_n(CULong e, byte* buffer, nuint length);

    [DllImport(Lib, EntryPoint = "ERR_error_string_n", CharSet = CharSet.Ansi)]
    internal static extern void ErrErrorStringN(CULong e, StringBuilder buffer, nuint length);

    [LibraryImport(Lib)]
    internal static partial CULong OpenSSL_version_num();

    [LibraryImport(Lib)]
    internal static partial IntPtr OpenSSL_version(int type);

    [LibraryImport(Lib)]
    internal static partial SafeBignumHandle BN_new();

    [LibraryImport(Lib)]
    internal static partial void BN_free(IntPtr a);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int BN_hex2bn(ref IntPtr a, string str);

    [LibraryImport(Lib)]
    internal static partial int BN_num_bits(SafeBignumHandle a);

    [LibraryImport(Lib)]
    internal static partial IntPtr BN_bn2hex(SafeBignumHandle a);

    // OPENSSL_free(addr) is #define'd as CRYPTO_free(addr, OPENSSL_FILE, OPENSSL_LINE).
    [LibraryImport(Lib)]
    internal static partial void CRYPTO_free(IntPtr ptr, byte* file, int line);
}

internal static unsafe class OpenSsl
{
    public static string Version => Marshal.PtrToStringUTF8(Crypto.OpenSSL_version(OpenSslConstants.OPENSSL_VERSION)) ?? string.Empty;

    public static string LastError()
    {
        var code = Crypto.ERR_get_error();
        Span<byte> buffer = stackalloc byte[256];
        fixed (byte* p = buffer)
        {
            Crypto.ERR_error_string_n(code, p, (nuint)buffer.Length);
        }

        var end = buffer.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? buffer : buffer.Slice(0, end));
    }

    public static string LastErrorLegacy()
    {
        var text = new StringBuilder(256);
        Crypto.ErrErrorStringN(Crypto.ERR_get_error(), text, (nuint)text.Capacity);
        return text.ToString();
    }

    public static byte[] Sha256(ReadOnlySpan<byte> data)
    {
        using var ctx = Crypto.EVP_MD_CTX_new();
        var md = Crypto.EVP_sha256();
        if (Crypto.EVP_DigestInit_ex(ctx, md, IntPtr.Zero) != 1 || Crypto.EVP_DigestUpdate(ctx, data, (nuint)data.Length) != 1)
        {
            throw new InvalidOperationException(LastError());
        }

        var digest = stackalloc byte[OpenSslConstants.EVP_MAX_MD_SIZE];
        if (Crypto.EVP_DigestFinal_ex(ctx, digest, out var size) != 1 || size != (uint)Crypto.EVP_MD_size(md))
        {
            throw new InvalidOperationException(LastError());
        }

        return new ReadOnlySpan<byte>(digest, (int)size).ToArray();
    }

    public static string ToHex(SafeBignumHandle bignum)
    {
        var hex = Crypto.BN_bn2hex(bignum);
        if (hex == IntPtr.Zero)
        {
            throw new InvalidOperationException(LastError());
        }

        try
        {
            return Marshal.PtrToStringUTF8(hex)!;
        }
        finally
        {
            Crypto.CRYPTO_free(hex, null, 0);
        }
    }
}
