using InteropLint.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.EndToEnd;

/// <summary>
/// ILNT003 through the packed package: a z_stream declared with uint for uLong is reported for
/// linux-x64 and osx-arm64 (not win-x64), `dotnet format` makes it portable, and the rebuilt program
/// streams data through the real libz's deflate (which refuses a z_stream of the wrong size).
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class StructLayoutEndToEndTests
{
    private const string Bindings = """
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct ZStream
        {
            public byte* next_in;
            public uint avail_in;
            public uint total_in;
            public byte* next_out;
            public uint avail_out;
            public uint total_out;
            public byte* msg;
            public nint state;
            public nint zalloc;
            public nint zfree;
            public nint opaque;
            public int data_type;
            public uint adler;
            public uint reserved;
        }

        internal static unsafe class ZlibNative
        {
            [DllImport("z")] public static extern int deflateInit_(ref ZStream strm, int level, byte* version, int streamSize);
            [DllImport("z")] public static extern int deflate(ref ZStream strm, int flush);
            [DllImport("z")] public static extern int deflateEnd(ref ZStream strm);
            [DllImport("z")] public static extern byte* zlibVersion();
        }
        """;

    private const string Program = """
        using System;
        using System.Runtime.CompilerServices;

        internal static unsafe class Program
        {
            private static int Main()
            {
                var input = new byte[100_000];
                for (var i = 0; i < input.Length; i++) input[i] = (byte)('a' + (i * 7 % 26));
                var output = new byte[input.Length + 1024];
                var stream = new ZStream();
                int rc = ZlibNative.deflateInit_(ref stream, 6, ZlibNative.zlibVersion(), Unsafe.SizeOf<ZStream>());
                Console.WriteLine($"deflateInit_ rc={rc} size={Unsafe.SizeOf<ZStream>()}");
                if (rc != 0) return 1;
                fixed (byte* s = input)
                fixed (byte* d = output)
                {
                    stream.next_in = s;
                    stream.avail_in = (uint)input.Length;
                    stream.next_out = d;
                    stream.avail_out = (uint)output.Length;
                    rc = ZlibNative.deflate(ref stream, 4);
                }

                Console.WriteLine($"deflate rc={rc} total_in={stream.total_in}");
                ZlibNative.deflateEnd(ref stream);
                return rc == 1 ? 0 : 2;
            }
        }
        """;

    private readonly InteropLintPackageFixture _package;
    private readonly ITestOutputHelper _output;

    public StructLayoutEndToEndTests(InteropLintPackageFixture package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
    }

    [Fact]
    public void ZStreamWithUIntFields_BuildWarnsOnLp64Only_FormatFixes_DeflateWorks()
    {
        var project = _package.CreateProject("zlib-ilnt003", """
              <PropertyGroup>
                <Nullable>disable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <InteropLintHeader Include="/usr/include/zlib.h" Library="z" />
              </ItemGroup>
            """, ("ZlibNative.cs", Bindings), ("Program.cs", Program));
        project.Output = _output;

        var build = project.Build();
        Assert.True(build.Succeeded, build.ToString());
        var warning = Assert.Single(build.DiagnosticLines("ILNT003"));
        Assert.Contains("'z_stream'", warning, StringComparison.Ordinal);
        Assert.Contains("linux-x64, osx-arm64", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("win-x64", warning, StringComparison.Ordinal);

        // As written, deflateInit_ checks the size it is given against sizeof(z_stream) and refuses 88 bytes on linux-x64.
        var brokenRun = project.Run();
        Assert.Contains("deflateInit_ rc=-6 size=88", brokenRun.Output, StringComparison.Ordinal);

        var format = project.Format("ILNT003");
        Assert.True(format.Succeeded, format.ToString());
        Assert.Contains("CULong total_in", File.ReadAllText(project.PathOf("ZlibNative.cs")), StringComparison.Ordinal);

        var rebuild = project.Build();
        Assert.True(rebuild.Succeeded, rebuild.ToString());
        Assert.Empty(rebuild.DiagnosticLines("ILNT003"));
        Assert.DoesNotContain(": error ", rebuild.Output, StringComparison.Ordinal);

        var run = project.Run();
        Assert.True(run.Succeeded, run.ToString());
        // 112 bytes is z_stream on LP64: 2 pointers and 3 unsigned longs of 8 bytes, see the C layout in the ILNT003 docs.
        Assert.Contains("deflateInit_ rc=0 size=112", run.Output, StringComparison.Ordinal);
        Assert.Contains("deflate rc=1 total_in=100000", run.Output, StringComparison.Ordinal);
    }
}
