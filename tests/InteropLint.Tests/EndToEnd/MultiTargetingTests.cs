using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.EndToEnd;

/// <summary>
/// A library for <c>net8.0;netstandard2.0</c>: the headers are scanned once for the project (not once per target
/// framework), and a fix must compile for every framework: CULong exists on net8.0 only, so ILNT001 says why it
/// offers no fix and <c>dotnet format</c> leaves code that still builds for both.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class MultiTargetingTests
{
    private const string Bindings = """
        using System.Runtime.InteropServices;

        internal static unsafe class ZlibNative
        {
            [DllImport("z")] public static extern uint crc32(uint crc, byte* buf, uint len);
        }
        """;

    private readonly InteropLintPackageFixture _package;
    private readonly ITestOutputHelper _output;

    public MultiTargetingTests(InteropLintPackageFixture package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
    }

    [Fact]
    public void TwoFrameworks_ScanOnce_AndNoFixIntroducesCULongThatNetStandardLacks()
    {
        var project = _package.CreateProject("multi-target", "", ("ZlibNative.cs", Bindings));
        project.Output = _output;
        project.WriteFile(project.Name + ".csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>net8.0;netstandard2.0</TargetFrameworks>
                <LangVersion>latest</LangVersion>
                <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="InteropLint" Version="{_package.PackageVersion}" PrivateAssets="all" />
                <InteropLintHeader Include="/usr/include/zlib.h" Library="z" />
              </ItemGroup>
            </Project>
            """);

        var build = project.Build("-v:n");

        Assert.True(build.Succeeded, build.ToString());
        Assert.Equal(1, Count(build.Output, "InteropLint: scanning "));
        Assert.Single(project.ScanDirectories);
        var warnings = build.DiagnosticLines("ILNT001");
        Assert.NotEmpty(warnings);
        // net8.0 has CULong, but the same source is compiled for netstandard2.0 too
        Assert.All(warnings, w => Assert.DoesNotContain("; use CULong", w, StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("CULong would not compile for netstandard2.0", StringComparison.Ordinal));

        var format = project.Format("ILNT001");
        Assert.True(format.Succeeded, format.ToString());
        Assert.DoesNotContain("CULong", project.ReadFile("ZlibNative.cs"), StringComparison.Ordinal);
        var rebuild = project.Build();
        Assert.True(rebuild.Succeeded, rebuild.ToString());
        Assert.Empty(rebuild.ErrorLines);
    }

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
