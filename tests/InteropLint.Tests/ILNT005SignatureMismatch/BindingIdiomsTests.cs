using InteropLint.Tests.Infrastructure;
using Xunit;

namespace InteropLint.Tests.ILNT005SignatureMismatch;

/// <summary>
/// Issue 15's signature-side cases: bindings written the way real projects write them, right on every ABI,
/// must leave every signature rule silent; the near misses beside them must still be reported.
/// </summary>
public class BindingIdiomsTests
{
    private const string ReproHeader = """
        #include <stddef.h>
        #include <stdint.h>
        #include <sys/types.h>
        struct rp_state { unsigned char opaque[104]; };
        typedef struct { uint8_t r, g, b, a; } rp_color;
        typedef unsigned long rp_thread;
        int rp_hash(unsigned char *out, const unsigned char *in, unsigned long long inlen);
        int rp_update(struct rp_state *st, const unsigned char *in, unsigned long long inlen);
        int rp_palette(const rp_color *colors, int first, int n);
        int rp_spawn(int (*fn)(void *), void *arg);
        int rp_join(rp_thread thread);
        int rp_error(char *errbuf);
        int rp_flag(unsigned char *flag);
        typedef ssize_t (*rp_read_fn)(void *user, unsigned char *buf, size_t len);
        int rp_read_all(rp_read_fn fn, void *user);
        """;

    private static string Repro => NativeHeaders.ScanText(ReproHeader, "linux-x64;linux-arm64;osx-arm64", "--library", "repro");

    private static string ReproWithWindows => NativeHeaders.ScanText(ReproHeader, NativeHeaders.DefaultTargets, "--library", "repro");

    [Fact]
    public async Task B_SpansAndArraysUnderLibraryImport_ArePointers()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            static partial class Repro
            {
                [LibraryImport("repro")] internal static partial int rp_hash(Span<byte> o, ReadOnlySpan<byte> i, ulong inlen);
                [LibraryImport("repro", EntryPoint = "rp_hash")] internal static partial int Hash(byte[] o, byte[] i, ulong inlen);
            }
            """;
        Assert.Empty(await SignatureRules.RunAllAsync(source, Repro));
    }

    [Fact]
    public async Task B_SpanOfTheWrongElement_IsStillReported()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            static partial class Repro
            {
                [LibraryImport("repro")] internal static partial int rp_palette(ReadOnlySpan<long> colors, int first, int n);
            }
            """;
        var found = await SignatureRules.RunAllAsync(source, Repro);
        var d = Assert.Single(found);
        Assert.Equal("ILNT005", d.Id);
        Assert.Contains("'long'", d.GetMessage());
    }

    [Fact]
    public async Task C_UntypedByteBufferWithALength_TakesAnyBlittablePointee()
    {
        const string source = """
            using System.Runtime.InteropServices;
            [StructLayout(LayoutKind.Explicit, Size = 104)] struct rp_state { }
            struct Counter { public uint Value; public uint Epoch; }
            static class Repro
            {
                [DllImport("repro")] public static extern int rp_update(ref rp_state st, in uint counter, ulong inlen);
                [DllImport("repro", EntryPoint = "rp_update")] public static extern int Update2(ref rp_state st, in Counter counter, ulong inlen);
            }
            """;
        Assert.Empty((await SignatureRules.RunAllAsync(source, Repro)).Where(d => d.Id != "ILNT003"));
    }

    [Fact]
    public async Task C_ByteOutParameterWithoutALength_StillReportsTheWidth()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Repro
            {
                [DllImport("repro")] public static extern int rp_flag(out uint flag);
            }
            """;
        var d = Assert.Single(await SignatureRules.RunAllAsync(source, Repro));
        Assert.Equal("ILNT001", d.Id);
    }

    [Fact]
    public async Task H_VoidPointerForAFunctionPointerOrAPointerWidthHandle_IsTheSameCall()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static unsafe class Repro
            {
                [DllImport("repro")] public static extern int rp_spawn(void* fn, void* arg);
                [DllImport("repro")] public static extern int rp_join(void* thread);
            }
            """;
        Assert.Empty(await SignatureRules.RunAllAsync(source, Repro));
    }

    [Fact]
    public async Task H_VoidPointerForUnsignedLong_IsAWidthDifferenceOnWindows()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static unsafe class Repro
            {
                [DllImport("repro")] public static extern int rp_join(void* thread);
            }
            """;
        var d = Assert.Single(await SignatureRules.RunAllAsync(source, ReproWithWindows));
        Assert.Equal("ILNT001", d.Id);
        Assert.Contains("win-x64", d.GetMessage());
    }

    [Fact]
    public async Task J_ByValArrayStructPassedOut_IsAPointerToItsInlineBytes()
    {
        const string source = """
            using System.Runtime.InteropServices;
            struct ErrorBuffer { [MarshalAs(UnmanagedType.ByValArray, SizeConst = 256)] public byte[] Data; }
            unsafe struct FixedErrorBuffer { public fixed byte Data[256]; }
            static class Repro
            {
                [DllImport("repro")] public static extern int rp_error(out ErrorBuffer errbuf);
                [DllImport("repro", EntryPoint = "rp_error")] public static extern int Error2(out FixedErrorBuffer errbuf);
            }
            """;
        Assert.Empty(await SignatureRules.RunAllAsync(source, Repro));
    }

    [Fact]
    public async Task O_ArrayOfASameSizeBlittableElement_IsTheSameBytes()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Repro
            {
                [DllImport("repro")] public static extern int rp_palette(int[] colors, int first, int n);
                [DllImport("repro", EntryPoint = "rp_palette")] public static extern int Palette2(uint[] colors, int first, int n);
            }
            """;
        Assert.Empty(await SignatureRules.RunAllAsync(source, Repro));
    }

    [Fact]
    public async Task O_ArrayOfADifferentSizeElement_IsStillReported()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Repro
            {
                [DllImport("repro")] public static extern int rp_palette(long[] colors, int first, int n);
            }
            """;
        var d = Assert.Single(await SignatureRules.RunAllAsync(source, Repro));
        Assert.Equal("ILNT005", d.Id);
    }

    [Fact]
    public async Task Callback_EveryMismatchIsReported_TheReturnValueFirst()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            delegate int ReadFn(IntPtr user, IntPtr buf, uint len);
            static class Repro
            {
                [DllImport("repro")] public static extern int rp_read_all(ReadFn fn, IntPtr user);
            }
            """;
        var d = Assert.Single(await SignatureRules.RunAllAsync(source, Repro));
        Assert.Equal("ILNT005", d.Id);
        var message = d.GetMessage();
        var returnAt = message.IndexOf("the return value is 'int'", StringComparison.Ordinal);
        var parameterAt = message.IndexOf("parameter 'len' is 'uint'", StringComparison.Ordinal);
        Assert.True(returnAt >= 0 && parameterAt > returnAt, message);
    }
}
