using InteropLint.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.EndToEnd;

/// <summary>
/// ILNT001 as a user meets it: the packed package, an InteropLintHeader on the real zlib.h,
/// `dotnet build` warns with the ABIs named, `dotnet format` applies the fix, the rebuilt
/// program has no ILNT001 and no error, and it round-trips data through the real libz.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class IntegerWidthEndToEndTests
{
    private const string Bindings = """
        using System;
        using System.Runtime.InteropServices;

        internal static unsafe class ZlibNative
        {
            [DllImport("z")] public static extern uint crc32(uint crc, byte* buf, uint len);
            [DllImport("z")] public static extern uint compressBound(uint sourceLen);
            [DllImport("z")] public static extern int compress2(byte* dest, ref uint destLen, byte* source, uint sourceLen, int level);
            [DllImport("z")] public static extern int uncompress(byte* dest, ref uint destLen, byte* source, uint sourceLen);
        }
        """;

    private const string Program = """
        using System;
        using System.Text;

        internal static unsafe class Program
        {
            private static int Main()
            {
                var input = Encoding.ASCII.GetBytes(string.Concat(System.Linq.Enumerable.Repeat("InteropLint checks C# against C headers. ", 2000)));
                uint destLen = ZlibNative.compressBound((uint)input.Length);
                var compressed = new byte[destLen];
                fixed (byte* d = compressed)
                fixed (byte* s = input)
                {
                    int rc = ZlibNative.compress2(d, ref destLen, s, (uint)input.Length, 9);
                    if (rc != 0) { Console.WriteLine("compress2 " + rc); return 2; }
                }

                uint restoredLen = (uint)input.Length;
                var restored = new byte[restoredLen];
                fixed (byte* r = restored)
                fixed (byte* c = compressed)
                {
                    int rc = ZlibNative.uncompress(r, ref restoredLen, c, destLen);
                    if (rc != 0) { Console.WriteLine("uncompress " + rc); return 3; }
                }

                uint crc;
                fixed (byte* s = input)
                {
                    crc = ZlibNative.crc32(0, s, (uint)input.Length);
                }

                Console.WriteLine($"crc32=0x{crc:x8} compressed={destLen} restored={restoredLen} same={input.AsSpan().SequenceEqual(restored.AsSpan(0, (int)restoredLen))}");
                return 0;
            }
        }
        """;

    private readonly InteropLintPackageFixture _package;
    private readonly ITestOutputHelper _output;

    public IntegerWidthEndToEndTests(InteropLintPackageFixture package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
    }

    [Fact]
    public void ZlibBindings_BuildWarns_FormatFixes_RebuildIsClean_AndProgramRoundTrips()
    {
        var project = _package.CreateProject("zlib-ilnt001", """
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
        var warnings = build.DiagnosticLines("ILNT001");
        // crc32: return + crc; compressBound: return + sourceLen; compress2: destLen + sourceLen; uncompress: destLen + sourceLen.
        Assert.Equal(8, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("linux-x64, osx-arm64", w, StringComparison.Ordinal));
        Assert.All(warnings, w => Assert.DoesNotContain("win-x64", w, StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("parameter 'destLen' is 'ref uint' but C 'uLongf *'", StringComparison.Ordinal) && w.Contains("zlib.h:", StringComparison.Ordinal));

        var format = project.Format("ILNT001");
        Assert.True(format.Succeeded, format.ToString());
        var fixedBindings = File.ReadAllText(project.PathOf("ZlibNative.cs"));
        Assert.Contains("CULong crc32(CULong crc, byte* buf, uint len)", fixedBindings, StringComparison.Ordinal);
        Assert.Contains("ref CULong destLen", fixedBindings, StringComparison.Ordinal);

        var rebuild = project.Build();
        Assert.True(rebuild.Succeeded, rebuild.ToString());
        Assert.Empty(rebuild.DiagnosticLines("ILNT001"));
        Assert.DoesNotContain(": error ", rebuild.Output, StringComparison.Ordinal);

        var run = project.Run();
        Assert.True(run.Succeeded, run.ToString());
        var input = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("InteropLint checks C# against C headers. ", 2000)));
        var expectedCrc = InteropLint.Tests.Infrastructure.Crc32.Compute(input);
        Assert.Contains($"crc32=0x{expectedCrc:x8}", run.Output, StringComparison.Ordinal);
        Assert.Contains($"restored={input.Length} same=True", run.Output, StringComparison.Ordinal);
    }
}
