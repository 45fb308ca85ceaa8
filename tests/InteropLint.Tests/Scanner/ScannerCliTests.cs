using InteropLint.Manifest;
using InteropLint.Scanner;
using InteropLint.Tests.Infrastructure;
using Xunit;

namespace InteropLint.Tests.Scanner;

/// <summary>Determinism, the manifest round trip, and the command line through the built executable.</summary>
[Trait(Tier.Name, Tier.RealHeader)]
public sealed class ScannerCliTests
{
    private static readonly string[] Targets = { "linux-x64", "win-x64", "osx-arm64" };

    [Fact]
    public void TwoScans_GiveByteIdenticalManifests_ThatRoundTrip()
    {
        var headers = new[] { "/usr/include/zlib.h", "/usr/include/sqlite3.h" };
        var first = ManifestWriter.Write(ScannerHarness.Scan(headers, Targets));
        var second = ManifestWriter.Write(ScannerHarness.Scan(headers, Targets));
        Assert.Equal(first, second);

        var reread = ManifestWriter.Write(ManifestReader.Read(first));
        Assert.Equal(first, reread);
    }

    [Fact]
    public void Scan_WritesManifestAndInputs()
    {
        using var dir = new TempDirectory();
        var output = Path.Combine(dir.Path, "obj", "zlib.interoplint.json");
        var (exit, stdout, stderr) = ScannerHarness.RunCli(new[] { "scan", "/usr/include/zlib.h", "--targets", "linux-x64;win-x64", "--library", "z", "-o", output });
        Assert.True(exit == 0, stdout + stderr);

        var manifest = ManifestReader.Read(File.ReadAllText(output));
        Assert.Equal("z", manifest.Headers.Single().Library);
        Assert.Equal(new[] { "linux-x64", "win-x64" }, manifest.Abis.Select(a => a.Target));
        Assert.Equal(88, manifest.FindAbi("win-x64")!.FindRecord("z_stream")!.Size);

        var inputs = File.ReadAllLines(output + ".inputs");
        Assert.Contains("/usr/include/zlib.h", inputs);
        Assert.Contains("/usr/include/zconf.h", inputs);
        Assert.Equal(inputs.OrderBy(i => i, StringComparer.Ordinal), inputs);
        Assert.All(inputs, i => Assert.True(Path.IsPathRooted(i)));
    }

    [Fact]
    public void Scan_WithSpecFile_ReadsItemsAndTheirOptions()
    {
        using var dir = new TempDirectory();
        var include = dir.Write("inc/config.h", "#define WIDTH_T long\n");
        var header = dir.Write("api.h", "#include \"config.h\"\ntypedef WIDTH_T width_t;\nAPI_EXPORT int api_version(void);\n");
        var spec = dir.Write("headers.spec", $"{header}|api|{Path.GetDirectoryName(include)}|API_EXPORT=\n");
        var output = Path.Combine(dir.Path, "api.interoplint.json");

        var (exit, stdout, stderr) = ScannerHarness.RunCli(new[] { "scan", "--spec", spec, "--target", "win-x64", "-o", output });
        Assert.True(exit == 0, stdout + stderr);

        var manifest = ManifestReader.Read(File.ReadAllText(output));
        Assert.Equal(new[] { "API_EXPORT=" }, manifest.Headers.Single().Defines);
        var abi = manifest.Abis.Single();
        Assert.Empty(abi.Diagnostics);
        Assert.Equal(4, abi.FindTypedef("width_t")!.Type.Size);
        Assert.Single(abi.FindFunctions("api_version"));
    }

    [Fact]
    public void LibclangMissing_StillWritesManifest_WithInstallHint()
    {
        using var dir = new TempDirectory();
        var output = Path.Combine(dir.Path, "m.interoplint.json");
        var environment = new Dictionary<string, string>
        {
            ["INTEROPLINT_LIBCLANG"] = Path.Combine(dir.Path, "no-such-libclang.so"),
            ["INTEROPLINT_LIBCLANG_NOPROBE"] = "1",
        };
        var (exit, stdout, stderr) = ScannerHarness.RunCli(new[] { "scan", "/usr/include/zlib.h", "-o", output }, environment);
        // 3: written but incomplete, so the build does not mark it up to date and tries again next time
        Assert.True(exit == 3, exit + ": " + stdout + stderr);

        var manifest = ManifestReader.Read(File.ReadAllText(output));
        Assert.Equal(AbiTargets.Parse(null), manifest.Abis.Select(a => a.Target).OrderBy(t => AbiTargets.Parse(null).ToList().IndexOf(t)));
        Assert.All(manifest.Abis, abi =>
        {
            Assert.False(abi.Scanned);
            var diagnostic = abi.Diagnostics.Single();
            var message = diagnostic.Message;
            Assert.Equal(ToolCode.LibclangNotFound, diagnostic.Code);
            Assert.Contains("apt-get install libclang1-14 libclang-common-14-dev", message);
            Assert.Contains("INTEROPLINT_LIBCLANG", message);
        });
    }

    [Theory]
    [InlineData("scan")]
    [InlineData("scan", "/usr/include/zlib.h")]
    [InlineData("scan", "/usr/include/zlib.h", "--target", "win-arm")]
    [InlineData("frobnicate")]
    public void UsageErrors_ExitWithTwo(params string[] args)
    {
        var (exit, _, stderr) = ScannerHarness.RunCli(args);
        Assert.Equal(2, exit);
        Assert.Contains("usage:", stderr);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("scan", "--help")]
    [InlineData("dump", "-h")]
    public void Help_PrintsUsage_AndExitsZero(params string[] args)
    {
        var (exit, stdout, stderr) = ScannerHarness.RunCli(args);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("usage:", stdout);
        Assert.Contains("exit codes:", stdout);
    }

    [Fact]
    public void Dump_PrintsOneTablePerAbi()
    {
        var (exit, stdout, stderr) = ScannerHarness.RunCli(new[] { "dump", "/usr/include/zlib.h", "z_stream", "--target", "linux-x64", "--target", "win-x64" });
        Assert.True(exit == 0, stdout + stderr);
        var sections = stdout.Split("== ", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, sections.Length);
        Assert.Contains("size 112", sections[0]);
        Assert.Contains("size 88", sections[1]);
        Assert.Contains("total_in", sections[1]);
    }

    /// <summary>
    /// <c>--print-arguments</c> (the benchmark runs clang-14 the way the scanner ran libclang): one line per ABI, the
    /// unit's arguments and the header, tab-separated; given to the clang driver they parse the header cleanly.
    /// </summary>
    [Fact]
    public void PrintArguments_OneLinePerAbi_ThatClangAccepts()
    {
        using var dir = new TempDirectory();
        var output = Path.Combine(dir.Path, "zlib.interoplint.json");
        var (exit, stdout, stderr) = ScannerHarness.RunCli(new[] { "scan", "/usr/include/zlib.h", "--targets", "linux-x64;win-x64", "--print-arguments", "-o", output });
        Assert.True(exit == 0, stdout + stderr);

        var lines = stdout.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("clang arguments for ", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { "linux-x64", "win-x64" }, lines.Select(l => l.Substring("clang arguments for ".Length, l.IndexOf(':') - "clang arguments for ".Length)).OrderBy(r => r, StringComparer.Ordinal));
        var triples = new List<string>();
        foreach (var line in lines)
        {
            var fields = line.Split('\t');
            Assert.Equal("/usr/include/zlib.h", fields[^1]);
            var target = Array.IndexOf(fields, "-target");
            Assert.True(target > 0 && target + 1 < fields.Length, line);
            triples.Add(fields[target + 1]);

            // clang-14 is the benchmark's, not a prerequisite of the tests: where it is installed, it must accept them
            if (File.Exists("/usr/bin/clang-14"))
            {
                var clang = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/clang-14", new[] { "-fsyntax-only" }.Concat(fields.Skip(1)))
                {
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                })!;
                var errors = clang.StandardError.ReadToEnd();
                clang.WaitForExit();
                Assert.True(clang.ExitCode == 0, line + "\n" + errors);
            }
        }

        Assert.Equal(2, triples.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void CommandLine_AcceptsJoinedAndSeparateIncludeAndDefineForms()
    {
        var line = CommandLine.Parse(new[] { "scan", "a.h", "-Iinc1", "-I", "inc2", "-DX=1", "-D", "Y", "--targets", "win-x64,linux-x64", "-o", "m.json", "--timeout", "5" });
        var header = line.Request.Headers.Single();
        Assert.Equal(new[] { "inc1", "inc2" }, header.IncludePaths);
        Assert.Equal(new[] { "X=1", "Y" }, header.Defines);
        Assert.Equal(new[] { "win-x64", "linux-x64" }, line.Request.Targets);
        Assert.Equal(TimeSpan.FromSeconds(5), line.Request.Timeout);
    }
}
