using System.Globalization;
using System.Text;
using InteropLint.Manifest;

namespace InteropLint.Tests.Sweep;

/// <summary>Why a declaration of a header set gets no verdict on an ABI: the kinds of the manifest's "unresolved" reasons, and two more.</summary>
public enum TaintKind
{
    /// <summary>clang's error recovery (<c>header errors (file:line)</c>).</summary>
    HeaderErrors,

    /// <summary>Rests on the macOS shim's stand-ins for OS types (<c>no macOS SDK (set InteropLintSysroot)</c>).</summary>
    NoSdk,

    /// <summary>Needs a system header the target lacks (<c>needs socket.h, which the target's system headers lack</c>).</summary>
    MissingSystemHeader,

    /// <summary>A K&amp;R declaration (<c>no prototype in the header</c>).</summary>
    NoPrototype,

    /// <summary>A reason none of the above names: the table would hide it, so the test fails on it.</summary>
    Other,

    /// <summary>The ABI's headers do not declare it (an <c>#ifdef</c> for another OS).</summary>
    NotDeclared,

    /// <summary>The ABI was not scanned at all.</summary>
    NotScanned,
}

/// <summary>One header set on one ABI: how many of the set's declarations (its own functions and records, as the host declares them) were checked, and why the others were not.</summary>
public sealed record CheckedRow(string Set, string Abi, int Declarations, int Checked, IReadOnlyDictionary<TaintKind, int> Tainted, IReadOnlyList<string> OtherReasons);

/// <summary>
/// The sweep's coverage: a zero from the analyzers means something only for the declarations they could check. Per header
/// set × ABI, the set's own functions and records (the ones its binding is written from, on <see cref="SweepHeaderSet.HostTarget"/>)
/// are counted as checked when that ABI declares them with facts clang resolved, otherwise under the reason.
/// </summary>
public static class CheckedTable
{
    public static IReadOnlyList<CheckedRow> Rows(IEnumerable<SweepScan> scans)
    {
        var rows = new List<CheckedRow>();
        foreach (var scan in scans)
        {
            var functions = scan.Host.Functions.Where(f => scan.Set.Owns(f.File)).Select(f => f.Name).Distinct(StringComparer.Ordinal).ToList();
            var records = scan.Host.Records.Where(r => scan.Set.Owns(r.File) && r.Name.Length > 0).Select(r => r.Name).Distinct(StringComparer.Ordinal).ToList();
            foreach (var abi in scan.Manifest.Abis.OrderBy(a => SweepHeaderSet.Targets.IndexOf(a.Target, StringComparison.Ordinal)))
            {
                var unresolved = functions.Select(n => Why(abi, abi.FindFunctions(n).Select(f => (Declaration)f).ToList()))
                    .Concat(records.Select(n => Why(abi, abi.FindRecord(n) is { } r ? new List<Declaration> { r } : new List<Declaration>())))
                    .ToList();
                var tainted = unresolved.Where(u => u.Kind is not null).GroupBy(u => u.Kind!.Value).ToDictionary(g => g.Key, g => g.Count());
                var others = unresolved.Where(u => u.Kind == TaintKind.Other).Select(u => u.Reason).Distinct(StringComparer.Ordinal).ToList();
                rows.Add(new CheckedRow(scan.Set.Name, abi.Target, unresolved.Count, unresolved.Count(u => u.Kind is null), tainted, others));
            }
        }

        return rows;
    }

    /// <summary>The table as the sweep prints it.</summary>
    public static string Describe(IReadOnlyList<CheckedRow> rows)
    {
        var kinds = Enum.GetValues<TaintKind>();
        var text = new StringBuilder();
        text.AppendLine("Declarations checked per header set × ABI (the set's own functions and records on " + SweepHeaderSet.HostTarget + "), and why the others were not:");
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  {"set",-20} {"ABI",-12} {"decls",6} {"checked",8}") + string.Concat(kinds.Select(k => Column(k).PadLeft(Column(k).Length + 2))));
        foreach (var row in rows)
        {
            text.Append(string.Create(CultureInfo.InvariantCulture, $"  {row.Set,-20} {row.Abi,-12} {row.Declarations,6} {row.Checked,8}"));
            foreach (var kind in kinds)
            {
                text.Append(row.Tainted.GetValueOrDefault(kind).ToString(CultureInfo.InvariantCulture).PadLeft(Column(kind).Length + 2));
            }

            text.AppendLine();
            foreach (var reason in row.OtherReasons)
            {
                text.AppendLine("      other reason: " + reason);
            }
        }

        return text.ToString();
    }

    private static string Column(TaintKind kind) => kind switch
    {
        TaintKind.HeaderErrors => "header-errors",
        TaintKind.NoSdk => "no-SDK",
        TaintKind.MissingSystemHeader => "missing-sys-header",
        TaintKind.NoPrototype => "no-prototype",
        TaintKind.Other => "other",
        TaintKind.NotDeclared => "not-declared",
        TaintKind.NotScanned => "not-scanned",
        _ => kind.ToString(),
    };

    /// <summary>Null when checked; otherwise the kind and the reason. One resolved declaration of the name is enough (each header item declares it).</summary>
    private static (TaintKind? Kind, string Reason) Why(AbiManifest abi, List<Declaration> declared)
    {
        if (!abi.Scanned)
        {
            return (TaintKind.NotScanned, "not scanned");
        }

        if (declared.Count == 0)
        {
            return (TaintKind.NotDeclared, "not declared");
        }

        if (declared.Any(d => d.IsResolved))
        {
            return (null, "");
        }

        var reason = declared[0].Unresolved;
        return (Kind(reason), reason);
    }

    /// <summary>The kind of a manifest's "unresolved" reason, from the words the scanner writes (UnresolvedFacts, SystemHeaders).</summary>
    private static TaintKind Kind(string reason) =>
        reason.StartsWith("header errors", StringComparison.Ordinal) ? TaintKind.HeaderErrors
        : reason.StartsWith("no macOS SDK", StringComparison.Ordinal) ? TaintKind.NoSdk
        : reason.StartsWith("needs ", StringComparison.Ordinal) && reason.EndsWith("which the target's system headers lack", StringComparison.Ordinal) ? TaintKind.MissingSystemHeader
        : reason.StartsWith("no prototype", StringComparison.Ordinal) ? TaintKind.NoPrototype
        : TaintKind.Other;
}
