using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using InteropLint.Manifest;

namespace InteropLint.Scanner;

/// <summary>Renders one declaration per ABI as a plain-text table for <c>dump</c>.</summary>
public static class DeclarationTable
{
    public static string Render(NativeManifest manifest, string name, out bool found)
    {
        found = false;
        var sb = new StringBuilder();
        foreach (var abi in manifest.Abis)
        {
            sb.Append("== ").Append(abi.Target).Append(" (").Append(abi.Triple).Append(")\n");
            if (!abi.Scanned)
            {
                sb.Append("  not scanned: ").Append(string.Join("; ", abi.Diagnostics.Select(d => d.Message))).Append('\n');
                continue;
            }

            var rows = new List<string[]>();
            string? title = null;
            if (abi.FindRecord(name) is { } record)
            {
                title = $"{(record.Kind == CTypeKind.Union ? "union" : "struct")} {record.Name} at {record.Location}: size {record.Size}, align {record.Align}{(record.IsPacked ? ", packed" : "")}";
                rows.Add(new[] { "field", "C type", "offset", "size", "bits" });
                foreach (var field in record.Fields)
                {
                    rows.Add(new[]
                    {
                        field.Name.Length == 0 ? "(anonymous)" : field.Name,
                        field.Type.Spelling,
                        field.IsBitField ? $"{field.Offset} (+{field.OffsetBits % 8} bits)" : field.Offset.ToString(),
                        field.Type.Size.ToString(),
                        field.IsBitField ? field.BitWidth.ToString() : "",
                    });
                }
            }
            else if (abi.FindFunctions(name) is { Count: > 0 } functions)
            {
                var function = functions[0];
                title = $"function {function.Name} at {function.Location}{(function.IsVariadic ? ", variadic" : "")}, cc {function.CallingConvention}"
                    + (function.Attributes.Count > 0 ? ", " + string.Join(" ", function.Attributes) : "")
                    + string.Concat(abi.Ownership.Where(o => o.Allocator == function.Name).Select(o => $"; its result is freed by {o.Deallocator} ({(o.Evidence.Length > 0 ? o.Evidence : ManifestSpelling.Of(o.Reason))})"))
                    + string.Concat(abi.Ownership.Where(o => o.Deallocator == function.Name).Select(o => $"; frees what {o.Allocator} returns ({ManifestSpelling.Of(o.Reason)})"))
                    + string.Concat(abi.Registrations.Where(g => g.Function == function.Name).Select(g => (g.Keeps ? "; keeps its callback after it returns (" : "; calls its callback only during the call (") + ManifestSpelling.Of(g.Reason) + ": " + g.Evidence + ")"));
                rows.Add(new[] { "parameter", "C type", "size", "canonical" });
                rows.Add(new[] { "(return)", function.Return.Spelling, function.Return.Size.ToString(), Describe(function.Return) });
                foreach (var p in function.Parameters)
                {
                    rows.Add(new[] { p.Name, p.Type.Spelling, p.Type.Size.ToString(), Describe(p.Type) });
                }
            }
            else if (abi.FindTypedef(name) is { } typedef)
            {
                title = $"typedef {typedef.Name} at {typedef.Location}";
                rows.Add(new[] { "typedef", "C type", "size", "align", "canonical" });
                rows.Add(new[] { typedef.Name, typedef.Type.Spelling, typedef.Type.Size.ToString(), typedef.Type.Align.ToString(), Describe(typedef.Type) });
            }
            else if (abi.FindEnum(name) is { } enumeration)
            {
                title = $"enum {enumeration.Name} at {enumeration.Location}: stored as {enumeration.IntegerType.Spelling} ({enumeration.IntegerType.Size} bytes)";
                rows.Add(new[] { "enumerator", "value" });
                rows.AddRange(enumeration.Enumerators.Select(e => new[] { e.Name, e.Value.ToString() }));
            }
            else if (abi.FindConstants(name) is { Count: > 0 } constants)
            {
                title = $"#define {name} at {constants[0].Location}";
                rows.Add(new[] { "text", "value" });
                rows.Add(new[] { constants[0].Text, constants[0].Value.ToString() });
            }

            if (title == null)
            {
                sb.Append("  ").Append(name).Append(" is not declared for this ABI\n");
                continue;
            }

            found = true;
            sb.Append("  ").Append(title).Append('\n');
            AppendRows(sb, rows);
        }

        return sb.ToString();
    }

    private static string Describe(CType type)
    {
        var kind = type.Kind.ToString().ToLowerInvariant();
        var sign = type.IsInteger && type.Kind != CTypeKind.Bool ? (type.IsSigned ? "signed " : "unsigned ") : "";
        var via = type.Typedefs.Count > 0 ? " via " + string.Join(" -> ", type.Typedefs) : "";
        return sign + kind + via;
    }

    private static void AppendRows(StringBuilder sb, List<string[]> rows)
    {
        var widths = new int[rows.Max(r => r.Length)];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in rows)
        {
            sb.Append("    ");
            for (var i = 0; i < row.Length; i++)
            {
                sb.Append(row[i].PadRight(i == row.Length - 1 ? 0 : widths[i] + 2));
            }

            sb.Append('\n');
        }
    }
}
