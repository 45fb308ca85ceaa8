using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.IntegerWidthAnalyzer, InteropLint.CodeFixes.IntegerWidthCodeFixProvider>;

namespace InteropLint.Tests.ILNT001IntegerWidth;

/// <summary>The ILNT001 fix (and Fix All, which the verifier also runs) on zlib bindings with their call sites.</summary>
public sealed class IntegerWidthFixTests
{
    private static DiagnosticResult Diagnostic(int location) => Verify.Diagnostic(RuleIdentifiers.ILNT001IntegerWidth).WithLocation(location);

    [Fact]
    public async Task ULongAsUInt_BecomesCULong_AndCallSitesConvert()
    {
        const string source = """
            using System.Runtime.InteropServices;

            unsafe static class Z
            {
                [DllImport("z")] public static extern {|#0:uint|} crc32({|#1:uint|} crc, byte* buf, uint len);

                public static uint Checksum(byte[] data)
                {
                    fixed (byte* p = data)
                    {
                        return crc32(0, p, (uint)data.Length);
                    }
                }

                public static void Discard(byte* p) => crc32(0, p, 0);
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;

            unsafe static class Z
            {
                [DllImport("z")] public static extern CULong crc32(CULong crc, byte* buf, uint len);

                public static uint Checksum(byte[] data)
                {
                    fixed (byte* p = data)
                    {
                        return (uint)crc32(new CULong(0), p, (uint)data.Length).Value;
                    }
                }

                public static void Discard(byte* p) => crc32(new CULong(0), p, 0);
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, RealHeaders.Zlib, Diagnostic(0), Diagnostic(1));
    }

    [Fact]
    public async Task RefUIntForULongfPointer_GoesThroughATemporary()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            unsafe static class Z
            {
                [DllImport("z")] public static extern {|#0:uint|} compressBound({|#1:uint|} sourceLen);
                [DllImport("z")] public static extern int compress2(byte* dest, ref {|#2:uint|} destLen, byte* source, {|#3:uint|} sourceLen, int level);

                public static byte[] Compress(byte[] data)
                {
                    uint destLen = compressBound((uint)data.Length);
                    var dest = new byte[destLen];
                    fixed (byte* d = dest)
                    fixed (byte* s = data)
                    {
                        int rc = compress2(d, ref destLen, s, (uint)data.Length, 9);
                        if (rc != 0)
                        {
                            throw new InvalidOperationException("compress2 failed: " + rc);
                        }
                    }

                    Array.Resize(ref dest, (int)destLen);
                    return dest;
                }
            }
            """;
        const string fixedSource = """
            using System;
            using System.Runtime.InteropServices;

            unsafe static class Z
            {
                [DllImport("z")] public static extern CULong compressBound(CULong sourceLen);
                [DllImport("z")] public static extern int compress2(byte* dest, ref CULong destLen, byte* source, CULong sourceLen, int level);

                public static byte[] Compress(byte[] data)
                {
                    uint destLen = (uint)compressBound(new CULong((uint)data.Length)).Value;
                    var dest = new byte[destLen];
                    fixed (byte* d = dest)
                    fixed (byte* s = data)
                    {
                        CULong destLenNative = new CULong(destLen);
                        int rc = compress2(d, ref destLenNative, s, new CULong((uint)data.Length), 9);
                        destLen = (uint)destLenNative.Value;
                        if (rc != 0)
                        {
                            throw new InvalidOperationException("compress2 failed: " + rc);
                        }
                    }

                    Array.Resize(ref dest, (int)destLen);
                    return dest;
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, RealHeaders.Zlib, Diagnostic(0), Diagnostic(1), Diagnostic(2), Diagnostic(3));
    }

    [Fact]
    public async Task MethodUsedAsDelegate_NoFixOffered()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            static class Z
            {
                [DllImport("z")] public static extern CULong compressBound({|#0:uint|} sourceLen);

                public static Func<uint, CULong> Bound = compressBound;
            }
            """;
        await Verify.VerifyCodeFixAsync(source, source, RealHeaders.Zlib, Diagnostic(0));
    }
    [Fact]
    public async Task OutDeclarationArgument_DeclaresTheNewTypeAndTheCallersVariableAfter()
    {
        // uncompress2's sourceLen is uLong *: an inline 'out uint n' cannot hold what C writes on LP64.
        const string source = """
            using System.Runtime.InteropServices;

            unsafe static class Z
            {
                [DllImport("z")] public static extern int uncompress2(byte* dest, CULong* destLen, byte* source, out {|#0:uint|} sourceLen);

                public static uint Consumed(byte* d, CULong* dl, byte* s)
                {
                    int rc = uncompress2(d, dl, s, out uint consumed);
                    uncompress2(d, dl, s, out _);
                    return rc == 0 ? consumed : 0;
                }
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;

            unsafe static class Z
            {
                [DllImport("z")] public static extern int uncompress2(byte* dest, CULong* destLen, byte* source, out CULong sourceLen);

                public static uint Consumed(byte* d, CULong* dl, byte* s)
                {
                    int rc = uncompress2(d, dl, s, out CULong consumedNative);
                    uint consumed = (uint)consumedNative.Value;
                    uncompress2(d, dl, s, out _);
                    return rc == 0 ? consumed : 0;
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, RealHeaders.Zlib, Diagnostic(0));
    }
}
