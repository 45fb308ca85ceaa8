using InteropLint.Tool;
using InteropLint.Tests.Infrastructure;
using Xunit;

namespace InteropLint.Tests.ILNT003StructLayout;

/// <summary>The side-by-side report of a C record and a C# struct (the scanner's LayoutReport) on the real zlib.h.</summary>
[Trait(Tier.Name, Tier.RealHeader)]
public class LayoutReportTests
{
    private const string ZStream = """
        using System;
        using System.Runtime.InteropServices;

        struct ZStream
        {
            public IntPtr next_in; public uint avail_in; public uint total_in;
            public IntPtr next_out; public uint avail_out; public uint total_out;
            public IntPtr msg; public IntPtr state; public IntPtr zalloc; public IntPtr zfree; public IntPtr opaque;
            public int data_type; public uint adler; public uint reserved;
        }
        """;

    [Fact]
    public void ZStreamWithUInt_MarksTotalInOnLp64Only()
    {
        var manifest = NativeHeaders.Read(NativeHeaders.Scan("/usr/include/zlib.h"));
        var report = LayoutReport.RenderSource(manifest, "z_stream", ZStream, "Zlib.cs", null, out var found);

        Assert.True(found, report);
        var lines = report.Split('\n');
        // Columns in the manifest's order: linux-x64 (C, C#) | osx-arm64 (C, C#) | win-x64 (C, C#).
        // total_in: C 16 (8) vs C# 12 (4) on the LP64 ABIs; 12 (4) on both sides on win-x64.
        var totalIn = lines.Single(l => l.Contains(" total_in "));
        Assert.StartsWith(" !", totalIn);
        var cells = totalIn.Split('|').Select(c => Squeeze(c.Trim())).ToArray();
        Assert.EndsWith("16 (8)  12 (4) *", cells[0]);
        Assert.Equal("16 (8)  12 (4) *", cells[1]);
        Assert.Equal("12 (4)  12 (4)", cells[2]);

        var availIn = lines.Single(l => l.Contains(" avail_in "));
        Assert.False(availIn.StartsWith(" !", StringComparison.Ordinal), availIn);
        Assert.DoesNotContain("*", availIn);

        Assert.Contains("linux-x64: field 'total_in' is at offset 12 (4 bytes) but C 'total_in' is at offset 16 (8 bytes); size 88 vs C 112", report);
        Assert.Contains("win-x64: matches", report);
    }

    [Fact]
    public void UnknownStruct_NotFound()
    {
        var manifest = NativeHeaders.Read(NativeHeaders.Scan("/usr/include/zlib.h"));
        LayoutReport.RenderSource(manifest, "z_stream", ZStream, "Zlib.cs", "NoSuchStruct", out var found);
        Assert.False(found);
    }

    private static string Squeeze(string text) => System.Text.RegularExpressions.Regex.Replace(text, " {2,}", "  ");
}
