using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;

namespace InteropLint.Tests.Sweep;

/// <summary>One analyzer finding on a generated binding, with the header set, the ABIs its message blames and the C# line.</summary>
public sealed record SweepFinding(string Set, string Rule, IReadOnlyList<string> Abis, string Location, string CSharpLine, string Message);

/// <summary>
/// Turns the analyzers' findings on the generated bindings into what an engineer fixing a rule needs at a glance:
/// counts per rule × ABI, per header set × ABI × rule, and a few examples of each with the C# that drew them.
/// </summary>
public static partial class FindingReport
{
    private const int ExamplesPerGroup = 3;

    /// <summary>ABIs a message blames, without those it says it did not check.</summary>
    public static IReadOnlyList<string> BlamedAbis(string message)
    {
        var blamed = NotCheckedClause().Replace(message, "");
        var found = AbiTargets.All.Where(rid => Regex.IsMatch(blamed, @"(?<![\w-])" + Regex.Escape(rid) + @"(?![\w-])")).ToList();
        return found.Count > 0 ? found : new[] { "(no ABI named)" };
    }

    public static SweepFinding ToFinding(Diagnostic diagnostic, IReadOnlyDictionary<string, GeneratedBinding> bindingsByPath)
    {
        var span = diagnostic.Location.GetLineSpan();
        return ToFinding(span.Path ?? "", span.StartLinePosition.Line, diagnostic.Id, diagnostic.GetMessage(CultureInfo.InvariantCulture), bindingsByPath);
    }

    /// <summary>A finding at a 0-based line of a generated file (matched by file name), as a build or the in-process driver reports it.</summary>
    public static SweepFinding ToFinding(string path, int index, string id, string message, IReadOnlyDictionary<string, GeneratedBinding> bindingsByPath)
    {
        var fileName = path.Length == 0 ? "" : Path.GetFileName(path);
        var set = bindingsByPath.TryGetValue(fileName, out var binding) ? binding.Set.Name : "(" + (path.Length == 0 ? "no location" : fileName) + ")";
        var line = "";
        if (binding != null)
        {
            var lines = binding.Source.Split('\n');
            line = index >= 0 && index < lines.Length ? lines[index].Trim() : "";

            // A method's C declaration is named in the comment just above its attributes.
            for (var up = index - 1; up >= 0 && up >= index - 4 && up < lines.Length; up--)
            {
                if (lines[up].TrimStart().StartsWith("// ", StringComparison.Ordinal))
                {
                    line += "   [C: " + lines[up].Trim()[3..] + "]";
                    break;
                }

                if (!lines[up].TrimStart().StartsWith('['))
                {
                    break;
                }
            }
        }

        var location = path.Length == 0 ? "(none)" : fileName + ":" + (index + 1).ToString(CultureInfo.InvariantCulture);
        return new SweepFinding(set, id, BlamedAbis(message), location, line, message);
    }

    /// <summary>The failure message: totals, the rule × ABI table, the set × ABI × rule table with examples.</summary>
    public static string Describe(string title, IReadOnlyList<SweepFinding> findings)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{title}: {findings.Count} findings");
        text.AppendLine("By rule × ABI (a finding blaming several ABIs counts under each):");
        var abis = findings.SelectMany(f => f.Abis).Distinct().OrderBy(a => a, StringComparer.Ordinal).ToList();
        text.AppendLine("  rule     " + string.Join("", abis.Select(a => a.PadLeft(16))));
        foreach (var rule in findings.GroupBy(f => f.Rule).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append("  " + rule.Key.PadRight(7));
            foreach (var abi in abis)
            {
                text.Append(rule.Count(f => f.Abis.Contains(abi)).ToString(CultureInfo.InvariantCulture).PadLeft(16));
            }

            text.AppendLine();
        }

        text.AppendLine("By header set × ABI × rule, with examples:");
        var groups = findings
            .SelectMany(f => f.Abis.Select(abi => (Finding: f, Abi: abi)))
            .GroupBy(x => (x.Finding.Set, x.Abi, x.Finding.Rule))
            .OrderBy(g => g.Key.Set, StringComparer.Ordinal).ThenBy(g => g.Key.Abi, StringComparer.Ordinal).ThenBy(g => g.Key.Rule, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {group.Key.Set,-20} {group.Key.Abi,-14} {group.Key.Rule} ×{group.Count()}");
            foreach (var (finding, _) in group.Take(ExamplesPerGroup))
            {
                text.AppendLine("      " + finding.Location + ": " + finding.Message);
                if (finding.CSharpLine.Length > 0)
                {
                    text.AppendLine("        C#: " + finding.CSharpLine);
                }
            }
        }

        return text.ToString();
    }

    [GeneratedRegex(@"\(not checked on [^)]*\)")]
    private static partial Regex NotCheckedClause();
}
