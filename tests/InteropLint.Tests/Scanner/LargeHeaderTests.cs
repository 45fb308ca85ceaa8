using System.Diagnostics;
using System.Text;
using InteropLint.Manifest;
using InteropLint.Scanner;
using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.Scanner;

/// <summary>
/// A generated 10,000-function header: checks nothing is lost at that scale and prints how long the scan,
/// the write and the read take (figures only; no assertion on time).
/// </summary>
public sealed class LargeHeaderTests
{
    private const int FunctionCount = 10_000;
    private readonly ITestOutputHelper _output;

    public LargeHeaderTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void TenThousandFunctions_ScanWriteAndRead_KeepEveryDeclaration()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("large.h", GenerateHeader());

        var clock = Stopwatch.StartNew();
        var manifest = ScannerHarness.Scan(new[] { path }, new[] { "linux-x64" });
        var scan = clock.Elapsed;

        clock.Restart();
        var text = ManifestWriter.Write(manifest);
        var write = clock.Elapsed;

        ManifestReader.Read(text); // warm up the reader's code paths once
        clock.Restart();
        var read = ManifestReader.Read(text);
        var load = clock.Elapsed;

        var abi = read.Abis.Single();
        Assert.Equal(FunctionCount, abi.Functions.Count(f => f.Name.StartsWith("api_fn_", StringComparison.Ordinal)));
        Assert.Equal(3, abi.FindFunctions("api_fn_9999").Single().Parameters.Count);
        Assert.Equal(FunctionCount / 10, abi.Records.Count(r => r.Name.StartsWith("api_rec_", StringComparison.Ordinal)));

        _output.WriteLine($"{FunctionCount} functions: scan {scan.TotalMilliseconds:0} ms, write {write.TotalMilliseconds:0} ms, " +
            $"read {load.TotalMilliseconds:0.0} ms, manifest {Encoding.UTF8.GetByteCount(text) / 1024} KiB");
    }

    private static string GenerateHeader()
    {
        var sb = new StringBuilder("#include <stddef.h>\n#include <stdint.h>\n");
        string[] types = { "int", "unsigned long", "size_t", "const char *", "double", "int64_t", "void *", "uint8_t *" };
        for (var i = 0; i < FunctionCount; i++)
        {
            if (i % 10 == 0)
            {
                sb.Append($"typedef struct api_rec_{i} {{ int id; {types[i % types.Length]} value; char name[{i % 32 + 1}]; }} api_rec_{i}_t;\n");
            }

            var record = i / 10 * 10;
            sb.Append($"{types[i % types.Length]} api_fn_{i}(api_rec_{record}_t *self, {types[(i + 3) % types.Length]} a, size_t n);\n");
        }

        return sb.ToString();
    }
}
