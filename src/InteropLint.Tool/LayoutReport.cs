using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using InteropLint.Analyzers;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;

namespace InteropLint.Tool;

/// <summary>
/// A C record next to a C# struct, field by field, with offsets and sizes per ABI and the drifting rows
/// marked: what a person reads to understand an ILNT003 diagnostic. The C# side is laid out by the
/// analyzers' own engine (<see cref="ManagedLayout"/>) in the modes ILNT003 chooses from the struct's uses
/// (<see cref="StructLayoutAnalyzer.Modes(StructMatch, InteropTypes)"/>), so the report and the diagnostic cannot disagree.
/// </summary>
public static class LayoutReport
{
    /// <summary>
    /// The report for C record <paramref name="nativeName"/> and C# struct <paramref name="structName"/> (null: the
    /// first struct in the file that reads like the C name, else the only struct) declared in <paramref name="csharpFile"/>.
    /// </summary>
    public static string Render(NativeManifest manifest, string nativeName, string csharpFile, string? structName, out bool found) =>
        RenderSource(manifest, nativeName, File.ReadAllText(csharpFile), Path.GetFileName(csharpFile), structName, out found);

    public static string RenderSource(NativeManifest manifest, string nativeName, string csharpSource, string fileName, string? structName, out bool found)
    {
        found = false;
        var compilation = SourceCompilation.Create("LayoutReport", new[] { (csharpSource, fileName) });
        var type = FindStruct(compilation, nativeName, structName);
        if (type is null)
        {
            return "no struct " + (structName ?? "for '" + nativeName + "'") + " in " + fileName + "\n";
        }

        // The manifest goes in as the build hands it to the analyzers, so the struct's uses are found as ILNT003 finds them.
        var options = SourceCompilation.Options(new[] { new InMemoryText("report" + ManifestCache.FileSuffix, ManifestWriter.Write(manifest)) });
        var interop = InteropContext.Create(compilation, options, CancellationToken.None);
        var types = interop?.Types ?? InteropTypes.Create(compilation);
        var match = interop?.Structs.Find(type, CancellationToken.None);
        var modes = match != null ? StructLayoutAnalyzer.Modes(match, types) : StructLayoutAnalyzer.Modes(type, marshalled: false, inMemory: false, types);

        var sb = new StringBuilder();
        foreach (var mode in modes)
        {
            found |= RenderMode(sb, manifest, nativeName, type, fileName, mode, types);
        }

        return sb.ToString();
    }

    private static bool RenderMode(StringBuilder sb, NativeManifest manifest, string nativeName, INamedTypeSymbol type, string fileName, LayoutMode mode, InteropTypes types)
    {
        var columns = new List<(AbiManifest Abi, RecordDecl Record, ManagedLayout Layout)>();
        var notes = new StringBuilder();
        foreach (var abi in manifest.Abis)
        {
            var record = abi.Scanned ? abi.FindRecord(nativeName) : null;
            if (record is null)
            {
                notes.Append("  ").Append(abi.Target).Append(": not checked (").Append(abi.Scanned ? "not declared there" : "not scanned").Append(")\n");
                continue;
            }

            var layout = ManagedLayout.Compute(type, abi.Target, mode, types);
            if (layout.Unsupported != null)
            {
                notes.Append("  ").Append(abi.Target).Append(": C# layout unknown: ").Append(layout.Unsupported).Append('\n');
                continue;
            }

            columns.Add((abi, record, layout));
        }

        if (columns.Count == 0)
        {
            sb.Append("C '").Append(nativeName).Append("' is not declared for any ABI checked\n").Append(notes);
            return false;
        }

        var first = columns[0].Record;
        sb.Append("struct '").Append(type.Name).Append("' (").Append(fileName).Append(") next to C '").Append(nativeName).Append("' (")
            .Append(Path.GetFileName(first.File)).Append(':').Append(first.Line).Append(")\n")
            .Append("C# laid out ").Append(mode == LayoutMode.Memory ? "as in memory (sizeof; what native code sees through a pointer, and the marshaller's copy of a blittable struct)" : "as DllImport's marshaller copies it (Marshal.SizeOf)")
            .Append("; cells are offset (size); '!' marks a row that differs on some ABI, '*' the ABI\n\n");

        var rows = new List<string[]>();
        var header = new List<string> { "", "C field", "C# field" };
        foreach (var column in columns)
        {
            header.Add(column.Abi.Target + " C");
            header.Add("C#");
        }

        rows.Add(header.ToArray());
        foreach (var (nativeField, managedField) in PairRows(first, columns[0].Layout))
        {
            var row = new List<string> { "", nativeField?.Name ?? "", managedField ?? "" };
            var differs = false;
            foreach (var column in columns)
            {
                var c = nativeField is null ? null : column.Record.Fields.FirstOrDefault(f => f.Name == nativeField.Name);
                var m = managedField is null ? null : column.Layout.Fields.FirstOrDefault(f => f.Name == managedField);
                var here = c is null || m is null || c.Offset != m.Offset || (c.IsBitField ? m.Size * 8 < c.BitWidth : c.Type.Size != m.Size);
                differs |= here;
                row.Add(c is null ? "-" : Cell(c));
                row.Add((m is null ? "-" : m.Offset + " (" + m.Size + ")") + (here ? " *" : ""));
            }

            row[0] = differs ? "!" : "";
            rows.Add(row.ToArray());
        }

        var size = new List<string> { "", "size", "" };
        var sizeDiffers = false;
        foreach (var column in columns)
        {
            var here = column.Record.Size != column.Layout.Size;
            sizeDiffers |= here;
            size.Add(column.Record.Size.ToString());
            size.Add(column.Layout.Size + (here ? " *" : ""));
        }

        size[0] = sizeDiffers ? "!" : "";
        rows.Add(size.ToArray());
        WriteTable(sb, rows);

        sb.Append('\n');
        foreach (var column in columns)
        {
            var drift = LayoutComparer.Compare(column.Layout, column.Record, column.Abi);
            sb.Append("  ").Append(column.Abi.Target).Append(": ").Append(drift is null ? "matches" : drift.Describe(nativeName)).Append('\n');
        }

        sb.Append(notes);
        return true;
    }

    private static string Cell(FieldDecl field) =>
        field.IsBitField
            ? field.Offset + " (+" + field.OffsetBits % 8 + " bits, " + field.BitWidth + " bits)"
            : field.Offset + " (" + field.Type.Size + ")";

    /// <summary>C fields in order with the C# field of the same name (ignoring case and underscores) or, when no name matches, position; then unpaired C# fields.</summary>
    private static List<(FieldDecl? Native, string? Managed)> PairRows(RecordDecl record, ManagedLayout layout)
    {
        var managed = layout.Fields.Select(f => f.Name).ToList();
        var byName = record.Fields.Any(c => managed.Any(m => FieldPairing.SameName(c.Name, m)));
        var rows = new List<(FieldDecl?, string?)>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < record.Fields.Count; i++)
        {
            var c = record.Fields[i];
            var m = byName ? managed.FirstOrDefault(name => FieldPairing.SameName(c.Name, name)) : i < managed.Count ? managed[i] : null;
            if (m != null)
            {
                used.Add(m);
            }

            rows.Add((c, m));
        }

        foreach (var m in managed)
        {
            if (!used.Contains(m))
            {
                rows.Add((null, m));
            }
        }

        return rows;
    }

    private static void WriteTable(StringBuilder sb, List<string[]> rows)
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
            sb.Append(' ');
            for (var i = 0; i < row.Length; i++)
            {
                sb.Append(row[i].PadRight(widths[i])).Append(i == row.Length - 1 ? "" : i >= 3 && i % 2 == 0 ? " | " : "  ");
            }

            TrimEnd(sb);
            sb.Append('\n');
        }
    }

    private static void TrimEnd(StringBuilder sb)
    {
        while (sb.Length > 0 && sb[sb.Length - 1] == ' ')
        {
            sb.Length--;
        }
    }

    private static INamedTypeSymbol? FindStruct(Compilation compilation, string nativeName, string? structName)
    {
        var structs = new List<INamedTypeSymbol>();
        Collect(compilation.Assembly.GlobalNamespace, structs);
        if (structName != null)
        {
            return structs.FirstOrDefault(s => s.Name == structName || s.ToDisplayString() == structName);
        }

        return structs.FirstOrDefault(s => s.Name == nativeName)
            ?? structs.FirstOrDefault(s => FieldPairing.SameName(nativeName, s.Name))
            ?? (structs.Count == 1 ? structs[0] : null);
    }

    private static void Collect(INamespaceOrTypeSymbol container, List<INamedTypeSymbol> structs)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamedTypeSymbol type && type.TypeKind == TypeKind.Struct && !type.IsGenericType)
            {
                structs.Add(type);
            }

            if (member is INamespaceOrTypeSymbol nested)
            {
                Collect(nested, structs);
            }
        }
    }
}
