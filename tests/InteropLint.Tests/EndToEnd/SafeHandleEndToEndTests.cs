using System.Text;
using System.Text.RegularExpressions;
using InteropLint.Tests.ILNT002AllocationLifetime;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.EndToEnd;

/// <summary>
/// ILNT002's SafeHandle fix proven on the system's libz: the code the fix writes (the verifier tests in
/// <see cref="SafeHandleFixTests"/> pin it) builds with the packed package (and the real LibraryImport generator),
/// no ILNT002 is left, and it runs: the gzip file the native library wrote is complete, which it is only once gzclose
/// ran, here from the SafeHandle. As written, the LibraryImport binding never closes the file and leaves it truncated.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class SafeHandleEndToEndTests
{
    private const string Csproj = """
          <ItemGroup>
            <InteropLintHeader Include="/usr/include/zlib.h" Library="z" />
          </ItemGroup>
        """;

    /// <summary>Writes with the binding under test, reads back with native gzread when the binding has it, and with .NET's own GZipStream.</summary>
    private const string ArchiveProgram = """
        using System;
        using System.IO;
        using System.IO.Compression;
        using System.Text;

        internal static class Program
        {
            private static int Main(string[] args)
            {
                var path = args[0];
                var data = Encoding.ASCII.GetBytes(args[1]);
                var saved = Archive.Save(path, data);
                var into = new byte[data.Length * 2];
                var read = Archive.Load(path, into);
                Console.WriteLine($"saved={saved} read={read} native={Encoding.ASCII.GetString(into, 0, Math.Max(read, 0))}");
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Console.WriteLine("managed=" + Decompress(path));
                return 0;
            }

            private static string Decompress(string path)
            {
                try
                {
                    using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
                    using var reader = new StreamReader(gz, Encoding.ASCII);
                    return reader.ReadToEnd();
                }
                catch (InvalidDataException e)
                {
                    return "invalid: " + e.Message;
                }
            }
        }
        """;

    private const string WriterProgram = """
        using System;
        using System.IO;
        using System.IO.Compression;
        using System.Text;

        internal static class Program
        {
            private static int Main(string[] args)
            {
                var written = Demo.Zlib.Write(args[0], Encoding.ASCII.GetBytes(args[1]));
                Console.WriteLine("written=" + written);
                Console.WriteLine("size=" + new FileInfo(args[0]).Length);
                try
                {
                    using var gz = new GZipStream(File.OpenRead(args[0]), CompressionMode.Decompress);
                    using var reader = new StreamReader(gz, Encoding.ASCII);
                    Console.WriteLine("managed=" + reader.ReadToEnd());
                }
                catch (Exception e) when (e is InvalidDataException || e is EndOfStreamException)
                {
                    Console.WriteLine("managed=invalid");
                }

                return 0;
            }
        }
        """;

    private readonly InteropLintPackageFixture _package;
    private readonly ITestOutputHelper _output;

    public SafeHandleEndToEndTests(InteropLintPackageFixture package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
    }

    [Fact]
    public void DllImportGzFile_FixedCodeBuildsClean_AndRoundTripsThroughLibz()
    {
        var text = Text("dllimport");
        var project = _package.CreateProject("gz-safehandle", Csproj, ("Zlib.cs", WithoutMarkup(SafeHandleFixTests.DllImportSource)), ("Program.cs", ArchiveProgram));
        project.Output = _output;

        var build = project.Build();
        Assert.True(build.Succeeded, build.ToString());
        Assert.Equal(2, build.DiagnosticLines("ILNT002").Count);

        project.WriteFile("Zlib.cs", SafeHandleFixTests.DllImportFixed);
        var rebuild = project.Build();
        Assert.True(rebuild.Succeeded, rebuild.ToString());
        Assert.DoesNotContain(": error ", rebuild.Output, StringComparison.Ordinal);
        Assert.Empty(rebuild.DiagnosticLines("ILNT002"));

        var run = project.Run(project.PathOf("out.gz"), text);
        Assert.True(run.Succeeded, run.ToString());
        Assert.Contains($"saved=True read={text.Length} native={text}\n", run.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("managed=" + text, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void LibraryImportGzFile_AsWrittenTruncates_FixedCodeBuildsWithTheGenerator_AndTheFileIsComplete()
    {
        var text = Text("libraryimport");
        var project = _package.CreateProject("gz-safehandle-li", Csproj, ("Zlib.cs", WithoutMarkup(SafeHandleFixTests.LibraryImportSource)), ("Program.cs", WriterProgram));
        project.Output = _output;

        var build = project.Build();
        Assert.True(build.Succeeded, build.ToString());
        Assert.Single(build.DiagnosticLines("ILNT002"));
        var leaking = project.Run(project.PathOf("before.gz"), text);
        Assert.True(leaking.Succeeded, leaking.ToString());
        Assert.Contains("written=" + text.Length, leaking.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("managed=" + text, leaking.Output, StringComparison.Ordinal); // gzclose never ran: nothing flushed

        project.WriteFile("Zlib.cs", SafeHandleFixTests.LibraryImportFixed);
        var rebuild = project.Build();
        Assert.True(rebuild.Succeeded, rebuild.ToString());
        Assert.DoesNotContain(": error ", rebuild.Output, StringComparison.Ordinal);
        Assert.Empty(rebuild.DiagnosticLines("ILNT002"));

        var run = project.Run(project.PathOf("after.gz"), text);
        Assert.True(run.Succeeded, run.ToString());
        Assert.Contains("written=" + text.Length, run.Output, StringComparison.Ordinal);
        Assert.Contains("managed=" + text, run.Output, StringComparison.Ordinal);
    }

    /// <summary>A line the test chooses, long enough that zlib buffers it until gzclose.</summary>
    private static string Text(string label)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 40; i++)
        {
            sb.Append(label).Append('-').Append(i * 37 % 101).Append(';');
        }

        return sb.ToString();
    }

    private static string WithoutMarkup(string source) => Regex.Replace(source, @"\{\|#\d+:|\|\}", "");
}
