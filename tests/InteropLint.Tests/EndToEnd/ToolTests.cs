using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.EndToEnd;

/// <summary>
/// The command-line tool as a user gets it: packed, installed with <c>dotnet tool install --tool-path</c> from a
/// local feed, every command run, <c>--help</c> on each, and <c>check</c>'s exit codes for CI.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ToolTests
{
    private const string WrongBindings = """
        using System.Runtime.InteropServices;

        internal static unsafe class ZlibNative
        {
            [DllImport("z")] public static extern uint crc32(uint crc, byte* buf, uint len);
        }
        """;

    private const string RightBindings = """
        using System.Runtime.InteropServices;

        internal static unsafe class ZlibNative
        {
            [DllImport("z")] public static extern CULong crc32(CULong crc, byte* buf, uint len);
        }
        """;

    private const string ZStreamWithUInt = """
        using System;

        struct ZStream
        {
            public IntPtr next_in; public uint avail_in; public uint total_in;
            public IntPtr next_out; public uint avail_out; public uint total_out;
            public IntPtr msg; public IntPtr state; public IntPtr zalloc; public IntPtr zfree; public IntPtr opaque;
            public int data_type; public uint adler; public uint reserved;
        }
        """;

    private readonly InteropLintPackageFixture _package;
    private readonly ITestOutputHelper _output;

    public ToolTests(InteropLintPackageFixture package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
    }

    [Fact]
    public void Tool_InstallsFromALocalFeed_AndEveryCommandRuns()
    {
        _ = _package.ToolPackagePath;
        var work = Path.Combine(_package.WorkDirectory, "tool");
        var toolPath = Path.Combine(work, "bin");
        Directory.CreateDirectory(work);
        var install = DotnetCli.Run(_package.WorkDirectory, InteropLintPackageFixture.CommandTimeout, "tool", "install", "InteropLint.Tool", "--tool-path", toolPath, "--add-source", _package.FeedDirectory, "--version", _package.PackageVersion);
        Assert.True(install.Succeeded, install.ToString());
        var tool = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "interoplint.exe" : "interoplint");
        Assert.True(File.Exists(tool), install.ToString());

        ProcessResult Run(IReadOnlyDictionary<string, string>? environment, params string[] args)
        {
            var result = DotnetCli.Run(tool, work, InteropLintPackageFixture.CommandTimeout, environment, args);
            _output.WriteLine($"[{result.Elapsed.TotalSeconds,5:F1} s] exit {result.ExitCode}: {result.CommandLine}");
            return result;
        }

        // --help everywhere, and a usage error is exit 2
        foreach (var help in new[] { new[] { "--help" }, new[] { "scan", "--help" }, new[] { "dump", "--help" }, new[] { "check", "--help" } })
        {
            var shown = Run(null, help);
            Assert.True(shown.Succeeded, shown.ToString());
            Assert.Contains("usage: interoplint", shown.Output, StringComparison.Ordinal);
        }

        Assert.Contains("exit codes: 0 no warning or error; 1 a rule reported", Run(null, "check", "--help").Output, StringComparison.Ordinal);
        Assert.Equal(2, Run(null, "frobnicate").ExitCode);
        Assert.Equal(2, Run(null, "check").ExitCode);

        var manifest = Path.Combine(work, "zlib.interoplint.json");
        var scan = Run(null, "scan", "/usr/include/zlib.h", "--library", "z", "--targets", "linux-x64;win-x64", "-o", manifest);
        Assert.True(scan.Succeeded, scan.ToString());
        Assert.True(File.Exists(manifest));

        var dump = Run(null, "dump", "/usr/include/zlib.h", "z_stream", "--target", "win-x64");
        Assert.True(dump.Succeeded, dump.ToString());
        Assert.Contains("size 88", dump.Output, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(work, "ZStream.cs"), ZStreamWithUInt);
        var report = Run(null, "dump", "/usr/include/zlib.h", "z_stream", "--target", "linux-x64", "--cs", Path.Combine(work, "ZStream.cs"));
        Assert.True(report.Succeeded, report.ToString());
        Assert.Contains(report.Output.Split('\n'), line => line.StartsWith(" !", StringComparison.Ordinal) && line.Contains(" total_in ", StringComparison.Ordinal));

        // check: a folder with a wrong binding (exit 1, printed like the build), a right one (0), no libclang (3)
        var wrong = Path.Combine(work, "wrong");
        Directory.CreateDirectory(wrong);
        File.WriteAllText(Path.Combine(wrong, "ZlibNative.cs"), WrongBindings);
        var findings = Run(null, "check", wrong, "--header", "/usr/include/zlib.h", "--library", "z");
        Assert.Equal(1, findings.ExitCode);
        Assert.Contains(Path.Combine(wrong, "ZlibNative.cs") + "(5,", findings.Output, StringComparison.Ordinal);
        Assert.Contains("warning ILNT001:", findings.Output, StringComparison.Ordinal);

        var right = Path.Combine(work, "right");
        Directory.CreateDirectory(right);
        File.WriteAllText(Path.Combine(right, "ZlibNative.cs"), RightBindings);
        var clean = Run(null, "check", right, "--header", "/usr/include/zlib.h", "--library", "z");
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.DoesNotContain("warning ILNT", clean.Output, StringComparison.Ordinal);

        var noLibclang = Run(new Dictionary<string, string> { ["INTEROPLINT_LIBCLANG"] = "/nonexistent/libclang.so" }, "check", right, "--header", "/usr/include/zlib.h", "--library", "z");
        Assert.True(noLibclang.ExitCode == 3, noLibclang.ToString());
        Assert.Contains("warning ILNT901:", noLibclang.Output, StringComparison.Ordinal);

        // a project: its InteropLintHeader items are read from the project file; a committed manifest works too
        var project = _package.CreateProject("tool-check", """
              <ItemGroup>
                <InteropLintHeader Include="/usr/include/zlib.h" Library="z" />
              </ItemGroup>
            """, ("ZlibNative.cs", WrongBindings));
        var fromProject = Run(null, "check", project.Directory);
        Assert.Equal(1, fromProject.ExitCode);
        Assert.Contains("warning ILNT001:", fromProject.Output, StringComparison.Ordinal);
        var fromManifest = Run(null, "check", right, "--manifest", manifest);
        Assert.True(fromManifest.ExitCode == 0, fromManifest.ToString());
    }
}
