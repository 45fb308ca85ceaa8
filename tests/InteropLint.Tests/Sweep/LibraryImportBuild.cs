using System.Text.RegularExpressions;
using InteropLint.Analyzers;
using InteropLint.Tests.EndToEnd;

namespace InteropLint.Tests.Sweep;

/// <summary>
/// Builds the LibraryImport binding with the real .NET SDK (<c>dotnet build</c>), so the runtime's LibraryImport generator
/// runs as in a user's build, with InteropLint's analyzers. One project per header set, holding that set's binding and
/// manifest as <c>AdditionalFiles</c>, as a user's project binding one library has: twelve sets' bindings and 40 MB of
/// manifests in one compilation did not finish within the build's time limit.
/// </summary>
public static partial class LibraryImportBuild
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    public static (List<SweepFinding> Findings, List<string> Errors, List<string> AnalyzerExceptions) Run(IReadOnlyList<GeneratedBinding> bindings, IReadOnlyList<SweepScan> scans, string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        var findings = new List<SweepFinding>();
        var errors = new List<string>();
        var exceptions = new List<string>();
        foreach (var binding in bindings)
        {
            var scan = scans.Single(s => s.Set == binding.Set);
            var project = Path.Combine(directory, binding.Set.Name);
            var result = Build(binding, scan, project);
            Collect(result, binding, findings, errors, exceptions);
        }

        return (findings, errors, exceptions);
    }

    private static ProcessResult Build(GeneratedBinding binding, SweepScan scan, string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, binding.Path), binding.Source);
        File.WriteAllText(Path.Combine(directory, scan.Set.Name + ManifestCache.FileSuffix), scan.Json);
        var analyzers = AppContext.BaseDirectory;
        File.WriteAllText(Path.Combine(directory, "SweepLibraryImport.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
                <ImplicitUsings>disable</ImplicitUsings>
                <Nullable>disable</Nullable>
                <EnableNETAnalyzers>false</EnableNETAnalyzers>
                <NoWarn>$(NoWarn);CS0169;CS0649;CS8981</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <Analyzer Include="{Path.Combine(analyzers, "InteropLint.Analyzers.dll")}" />
                <Analyzer Include="{Path.Combine(analyzers, "InteropLint.Manifest.dll")}" />
                <AdditionalFiles Include="*{ManifestCache.FileSuffix}" />
              </ItemGroup>
            </Project>
            """);

        return DotnetCli.Run(directory, BuildTimeout, "build", "SweepLibraryImport.csproj", "-nologo", "-tl:off", "--no-incremental", "-v:m");
    }

    /// <summary>The build's ILNT findings, compiler errors and analyzer exceptions (AD0001), from its console output.</summary>
    private static void Collect(ProcessResult result, GeneratedBinding binding, List<SweepFinding> findings, List<string> errors, List<string> exceptions)
    {
        var byPath = new Dictionary<string, GeneratedBinding>(StringComparer.Ordinal) { [binding.Path] = binding };
        var errorsBefore = errors.Count;
        foreach (var raw in result.Output.Split('\n').Select(l => l.Trim()).Distinct(StringComparer.Ordinal))
        {
            var match = BuildLine().Match(raw);
            if (!match.Success)
            {
                continue;
            }

            var id = match.Groups["id"].Value;
            var message = match.Groups["message"].Value;
            if (id == "AD0001")
            {
                exceptions.Add(message);
            }
            else if (id.StartsWith("ILNT", StringComparison.Ordinal))
            {
                if (!RealHeaderSweep.IsToolDiagnostic(id))
                {
                    var line = match.Groups["line"].Success ? int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) - 1 : -1;
                    findings.Add(FindingReport.ToFinding(match.Groups["file"].Value, line, id, message, byPath));
                }
            }
            else if (match.Groups["severity"].Value == "error")
            {
                errors.Add(raw);
            }
        }

        if (!result.Succeeded && errors.Count == errorsBefore)
        {
            errors.Add(binding.Set.Name + ": the build failed:\n" + result);
        }
    }

    [GeneratedRegex(@"^(?<file>[^:(]*?)(?:\((?<line>\d+),(?<column>\d+)\))?\s*:\s*(?<severity>warning|error) (?<id>[A-Z]+[0-9]+)\s*:\s*(?<message>.*?)(?:\s+\[[^\]]*\])?$")]
    private static partial Regex BuildLine();
}
