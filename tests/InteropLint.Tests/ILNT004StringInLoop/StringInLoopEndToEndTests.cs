using InteropLint.Tests.EndToEnd;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.ILNT004StringInLoop;

/// <summary>
/// ILNT004 through the packed InteropLint: `dotnet build` reports the loops (no header needed), `dotnet format`
/// applies the fixes, and the fixed program builds without them and prints what the original printed.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class StringInLoopEndToEndTests
{
    private const string Program = """
        using System.Runtime.InteropServices;

        string label = args.Length > 0 ? args[0] : "status";
        nuint total = 0;
        for (int i = 0; i < 1000; i++)
        {
            total += Native.strlen("hello");
            total += Native.strlen(label);
        }

        Console.WriteLine(total);

        static class Native
        {
            [DllImport("libc", EntryPoint = "strlen")]
            public static extern nuint strlen(string s);
        }
        """;

    private readonly InteropLintPackageFixture _package;
    private readonly ITestOutputHelper _output;

    public StringInLoopEndToEndTests(InteropLintPackageFixture package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
    }

    [Fact]
    public void BuildReports_FormatFixes_FixedProgramPrintsTheSame()
    {
        // ILNT004 is a suggestion by default (a performance rule); the build prints it once a project raises it
        var project = _package.CreateProject("ilnt004-loops", "", ("Program.cs", Program), (".editorconfig", "[*.cs]\ndotnet_diagnostic.ILNT004.severity = warning\n"));
        project.Output = _output;

        var build = project.Build();
        Assert.True(build.Succeeded, build.ToString());
        var reported = build.DiagnosticLines("ILNT004");
        Assert.Contains(reported, line => line.Contains("the same string \"hello\"", StringComparison.Ordinal));
        Assert.Contains(reported, line => line.Contains("the same local 'label'", StringComparison.Ordinal));
        var before = project.Run("ab");
        Assert.True(before.Succeeded, before.ToString());
        Assert.Equal("7000", before.Output.Trim()); // 1000 × (5 + 2)

        var format = project.Format("ILNT004");
        Assert.True(format.Succeeded, format.ToString());
        var fixedSource = project.ReadFile("Program.cs");
        Assert.Contains("\"hello\\0\"u8", fixedSource, StringComparison.Ordinal);
        Assert.Contains("Marshal.StringToCoTaskMemAnsi(label)", fixedSource, StringComparison.Ordinal);
        Assert.Contains("Marshal.FreeCoTaskMem(", fixedSource, StringComparison.Ordinal);

        var rebuild = project.Build();
        Assert.True(rebuild.Succeeded, rebuild.ToString());
        Assert.Empty(rebuild.DiagnosticLines("ILNT004"));
        var after = project.Run("ab");
        Assert.True(after.Succeeded, after.ToString());
        Assert.Equal(before.Output.Trim(), after.Output.Trim());
    }
}
