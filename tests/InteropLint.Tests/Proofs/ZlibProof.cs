using InteropLint.Tests.EndToEnd;
using System.Text;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.Proofs;

/// <summary>
/// samples/Zlib against the system libz: uLong bound as uint. As written, compress2's 8-byte write
/// through 'ref uint' zeroes the frame header's next field and z_stream is refused by deflateInit2_;
/// after `dotnet format --diagnostics ILNT001 ILNT003` both round-trips return the input.
/// Expected values come from the test's own CRC-32 and Adler-32 of the input it knows the program uses.
/// </summary>
[Collection(SampleProofCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class ZlibProof
{
    /// <summary>Every rule the sample's README names; all of them are applied.</summary>
    private static readonly string[] Rules = { "ILNT001", "ILNT003" };

    /// <summary>Chosen here, passed on the command line: not the program's default.</summary>
    private const int InputSize = 300_000;

    private const int ZVersionError = -6; // zlib.h: Z_VERSION_ERROR

    private readonly ITestOutputHelper _output;

    public ZlibProof(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Zlib_AsWritten_LosesTheLengthAndIsRefused_AfterFormat_RoundTripsWithRightChecksums()
    {
        var input = SampleInput(InputSize);
        using var sample = E2EProject.CopyOfSample("Zlib", _output);

        ProofChecks.AssertReportsEach(sample.Build(), Rules);
        var broken = sample.Run(InputSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ProofChecks.AssertExit(broken, 1);
        // ILNT001: compress2 writes 8 bytes through 'ref uint CompressedLength' and zeroes OriginalLength.
        Assert.Contains($"original 0 }}", ProofChecks.Value(broken, "compress2"), StringComparison.Ordinal);
        Assert.Contains("round-trip FAILED", ProofChecks.Value(broken, "uncompress"), StringComparison.Ordinal);
        // ILNT003: the 88-byte ZStream is refused (zlib compares it with sizeof(z_stream), 112 on LP64).
        Assert.Equal(ZVersionError, ProofChecks.Number(broken, "deflateInit2_"));
        Assert.Equal("FAILED", ProofChecks.Value(broken, "deflate stream"));

        var format = sample.Format(Rules);
        Assert.True(format.Succeeded, format.ToString());
        ProofChecks.AssertCleanOf(sample.Build(), Rules);

        var fixedRun = sample.Run(InputSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ProofChecks.AssertExit(fixedRun, 0);
        Assert.Contains($"\ncrc32=0x{Crc32.Compute(input):x8}\n", fixedRun.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"original {InputSize} }}", ProofChecks.Value(fixedRun, "compress2"), StringComparison.Ordinal);
        Assert.Equal($"rc=0, restored {InputSize} of {InputSize} bytes, round-trip OK", ProofChecks.Value(fixedRun, "uncompress"));
        Assert.Equal(0, ProofChecks.Number(fixedRun, "deflateInit2_"));
        var deflate = ProofChecks.Value(fixedRun, "deflate");
        Assert.Contains($"total_in={InputSize},", deflate, StringComparison.Ordinal);
        Assert.EndsWith($"adler=0x{Adler32(input):x8}", deflate, StringComparison.Ordinal);
        Assert.Equal("round-trip OK", ProofChecks.Value(fixedRun, "deflate stream"));
        Assert.Equal("OK", ProofChecks.Value(fixedRun, "result"));
    }

    /// <summary>The input samples/Zlib/Program.cs builds for a given size (its TestData, restated here).</summary>
    private static byte[] SampleInput(int size)
    {
        var text = new StringBuilder(size + 64);
        for (var line = 0; text.Length < size; line++)
        {
            text.Append("line ").Append(line).Append(": the quick brown fox jumps over ")
                .Append(line * 7919 % 1000).Append(" lazy dogs\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, size));
    }

    /// <summary>Adler-32 (RFC 1950), the checksum a zlib stream ends with and z_stream.adler holds.</summary>
    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        uint a = 1, b = 0;
        foreach (var value in data)
        {
            a = (a + value) % Modulus;
            b = (b + a) % Modulus;
        }

        return (b << 16) | a;
    }
}
