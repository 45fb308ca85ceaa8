using System.Text;
using System.Text.RegularExpressions;
using InteropLint.Tests.Infrastructure;

namespace InteropLint.Tests.Robustness;

/// <summary>One C# input: where it came from and its text (verifier markup stripped).</summary>
public sealed record FuzzSource(string Origin, string Text);

/// <summary>
/// The inputs of the robustness suite: every C# interop source and every inline C header written in the
/// repository's tests (so sources for rules added later are fuzzed too), the odd-attribute corpus, and
/// manifests from the real scanner.
/// </summary>
public static class FuzzCorpus
{
    private static readonly Lazy<(List<FuzzSource> Sources, List<string> Headers)> Extracted = new(Extract);
    private static readonly Lazy<List<ManifestFile>> ManifestSet = new(BuildManifests);

    /// <summary>Raw string literals from tests/**/*.cs that contain DllImport, LibraryImport or StructLayout.</summary>
    public static IReadOnlyList<FuzzSource> TestSources => Extracted.Value.Sources;

    /// <summary>Raw string literals from tests/**/*.cs that read as C headers (what the tests pass to ScanText).</summary>
    public static IReadOnlyList<string> TestHeaders => Extracted.Value.Headers;

    /// <summary>Test sources and the odd-attribute corpus.</summary>
    public static IReadOnlyList<FuzzSource> AllSources => TestSources.Concat(OddInteropSources.All).ToList();

    /// <summary>
    /// Real manifests: zlib (library z), sqlite3 (sqlite3), the repository's interopdemo.h, and every inline
    /// header of the tests scanned together without a library (so it serves every P/Invoke).
    /// </summary>
    public static IReadOnlyList<ManifestFile> Manifests => ManifestSet.Value;

    /// <summary>Corpus sources (unmutated) on which the real manifests make some rule report a diagnostic a fix provider fixes.</summary>
    public static IReadOnlyList<FuzzSource> PositiveCases => Positives.Value;

    private static readonly Lazy<List<FuzzSource>> Positives = new(() =>
    {
        var result = new List<FuzzSource>();
        foreach (var source in AllSources)
        {
            var outcome = AnalysisHarness.AnalyzeAsync(AnalysisHarness.Compile(new[] { source.Text }), Manifests).GetAwaiter().GetResult();
            if (outcome.Diagnostics.Any(d => RuleCatalog.FixableIds.Contains(d.Id)))
            {
                result.Add(source);
            }
        }

        return result;
    });

    /// <summary>Removes roslyn-sdk markup: <c>{|#0:x|}</c>, <c>{|ILNT001:x|}</c>, <c>[|x|]</c>, <c>$$</c>.</summary>
    public static string StripMarkup(string text)
    {
        text = Regex.Replace(text, @"\{\|[^:|{}\r\n]*:", "");
        return text.Replace("|}", "").Replace("[|", "").Replace("|]", "").Replace("$$", "");
    }

    private static (List<FuzzSource>, List<string>) Extract()
    {
        var sources = new List<FuzzSource>();
        var headers = new List<string>();
        var root = Path.Combine(NativeHeaders.RepositoryRoot, "tests");
        var robustness = Path.DirectorySeparatorChar + "Robustness" + Path.DirectorySeparatorChar;
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !f.Contains(robustness, StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(NativeHeaders.RepositoryRoot, file);
            var index = 0;
            foreach (var literal in RawStringLiterals(File.ReadAllText(file)))
            {
                index++;
                if (Regex.IsMatch(literal, @"DllImport|LibraryImport|StructLayout"))
                {
                    sources.Add(new FuzzSource(relative + "#" + index, StripMarkup(literal)));
                }
                else if (LooksLikeCHeader(literal))
                {
                    headers.Add(literal);
                }
            }
        }

        return (sources, headers.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>Non-interpolated raw string literals that span lines, with their indentation removed.</summary>
    public static IEnumerable<string> RawStringLiterals(string csharp)
    {
        foreach (Match m in Regex.Matches(csharp, "(?<![$\"])(\"{3,})[ \\t]*\\r?\\n"))
        {
            var quotes = m.Groups[1].Value;
            var close = Regex.Match(csharp.Substring(m.Index + m.Length), "\\r?\\n([ \\t]*)" + quotes + "(?!\")");
            if (!close.Success)
            {
                continue;
            }

            var body = csharp.Substring(m.Index + m.Length, close.Index);
            var indent = close.Groups[1].Value;
            var lines = body.Split('\n').Select(l => l.TrimEnd('\r')).Select(l => l.StartsWith(indent, StringComparison.Ordinal) ? l.Substring(indent.Length) : l.TrimStart());
            yield return string.Join("\n", lines);
        }
    }

    private static bool LooksLikeCHeader(string text) =>
        !Regex.IsMatch(text, @"\busing\s|\bclass\s|\bnamespace\s|""format""|\{\||\[assembly|dotnet_diagnostic|<Project|\bvar\s|\bpublic\s|=>|\bnew\s")
        && Regex.IsMatch(text, @"(^|\n)\s*(#define|#include|#pragma|typedef\b|struct\b|union\b|enum\b|[A-Za-z_][\w\s\*]*\([^;]*\)\s*;)");

    private static List<ManifestFile> BuildManifests()
    {
        var manifests = new List<ManifestFile>
        {
            new("zlib.interoplint.json", RealHeaders.Zlib),
            new("sqlite3.interoplint.json", RealHeaders.Sqlite),
            new("interopdemo.interoplint.json", NativeHeaders.Scan("native/include/interopdemo.h", NativeHeaders.DefaultTargets, "--library", "interopdemo", "-I", Path.Combine(NativeHeaders.RepositoryRoot, "native", "include"))),
        };
        if (TestHeaders.Count > 0)
        {
            manifests.Add(new ManifestFile("testheaders.interoplint.json", ScanTogether(TestHeaders)));
        }

        return manifests;
    }

    /// <summary>Scans many inline headers with one scanner run (one header item each, no library: they serve every P/Invoke).</summary>
    public static string ScanTogether(IReadOnlyList<string> headers)
    {
        var dir = Path.Combine(Path.GetTempPath(), "interoplint-tests", "fuzz-headers");
        Directory.CreateDirectory(dir);
        var paths = new List<string>();
        foreach (var header in headers)
        {
            var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(header)))[..16];
            var path = Path.Combine(dir, "t" + hash + ".h");
            if (!File.Exists(path))
            {
                File.WriteAllText(path + ".tmp", header);
                File.Move(path + ".tmp", path, overwrite: true);
            }

            paths.Add(path);
        }

        var output = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".interoplint.json");
        var args = new List<string> { "scan" };
        args.AddRange(paths);
        args.AddRange(new[] { "--targets", NativeHeaders.DefaultTargets, "-o", output });
        var (exit, stdout, stderr) = NativeHeaders.RunScannerCommand(args.ToArray());
        if (exit != 0 || !File.Exists(output))
        {
            throw new InvalidOperationException($"scanner failed ({exit}) on the tests' inline headers:\n{stdout}\n{stderr}");
        }

        var json = File.ReadAllText(output);
        File.Delete(output);
        File.Delete(output + ".inputs");
        return json;
    }
}
