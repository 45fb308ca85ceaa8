using System.Globalization;
using System.Text;
using InteropLint.Manifest;

namespace InteropLint.Tests.Sweep;

/// <summary>A generated binding of one header set in one style.</summary>
public sealed record GeneratedBinding(SweepHeaderSet Set, BindingStyle Style, string Source, int Functions, int Records, int Enums, IReadOnlyList<SkippedDeclaration> Skipped)
{
    /// <summary>The C names of the records skipped (the second pass writes pointers to them as <c>void*</c>).</summary>
    internal HashSet<string> SkippedRecordKeys { get; init; } = new(StringComparer.Ordinal);

    public string Path => Set.SourcePath(Style.ToString());
}

/// <summary>
/// Writes a correct C# binding of a header set's own functions, records and enums from the host ABI's facts, the way a
/// careful person would by reading the header (types by meaning, see <see cref="CTypeMeaning"/>). What no C# can express
/// right on every ABI, and what P/Invoke cannot call (variadic, static inline), is skipped with the reason.
/// </summary>
public static class BindingGenerator
{
    /// <param name="sweptTogether">
    /// The scans analysed in the same compilation: records are found by name across all of them (a record is no
    /// library's), so a struct another set declares differently on an ABI (winsock's <c>linger</c>, reached through
    /// SDL's <c>windows.h</c> on win-x64) has no one C# declaration either.
    /// </param>
    public static GeneratedBinding Generate(SweepScan scan, BindingStyle style, IEnumerable<SweepScan>? sweptTogether = null)
    {
        var recordAbis = (sweptTogether ?? new[] { scan }).Append(scan).Distinct()
            .SelectMany(s => s.Manifest.Abis).Where(a => a != scan.Host && a.Scanned).ToList();

        // Two passes: a record found unbindable late (after a pointer to it was written) is a void* in the second.
        var first = GenerateOnce(scan, style, new HashSet<string>(StringComparer.Ordinal), recordAbis);
        return GenerateOnce(scan, style, first.SkippedRecordKeys, recordAbis);
    }

    /// <summary>
    /// Why no one P/Invoke is right on every ABI: the header declares the function with other parameters on another
    /// (SDL_CreateThread takes the C runtime's thread functions on Windows).
    /// </summary>
    private static string? DeclaredDifferently(FunctionDecl function, AbiManifest host, IReadOnlyList<AbiManifest> others)
    {
        foreach (var abi in others)
        {
            foreach (var other in abi.FindFunctions(function.Name))
            {
                if (other.IsResolved && (other.Parameters.Count != function.Parameters.Count || other.IsVariadic != function.IsVariadic))
                {
                    return "declared with " + other.Parameters.Count + " parameters on " + abi.Target + ", " + function.Parameters.Count + " on " + SweepHeaderSet.HostTarget + ": one P/Invoke per OS";
                }

                if (other.IsResolved && WidthDiffers(function.Return, other.Return, host, abi) is { } returns)
                {
                    return "return " + returns;
                }

                for (var i = 0; other.IsResolved && i < function.Parameters.Count; i++)
                {
                    if (WidthDiffers(function.Parameters[i].Type, other.Parameters[i].Type, host, abi) is { } parameter)
                    {
                        return "parameter " + (i + 1) + " " + parameter;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>A scalar the host's meaning would bind with a width the same declaration does not have on another ABI.</summary>
    private static string? WidthDiffers(CType mine, CType theirs, AbiManifest host, AbiManifest abi) =>
        mine.Kind is CTypeKind.Integer or CTypeKind.Char or CTypeKind.Float && CTypeMeaning.Scalar(mine, host, out _) is { } meaning
            ? CTypeMeaning.WidthDiffersThere(mine, meaning, theirs, abi.Target)
            : null;

    private static GeneratedBinding GenerateOnce(SweepScan scan, BindingStyle style, HashSet<string> knownSkipped, IReadOnlyList<AbiManifest> recordAbis)
    {
        var host = scan.Host;
        var set = scan.Set;
        var typeNames = new CSharpNames("NativeMethods");
        var others = scan.Manifest.Abis.Where(a => a != host && a.Scanned).ToList();
        var types = new TypeWriter(host, style, typeNames) { OtherAbis = others };
        var records = new RecordPlanner(host, style, typeNames, types, knownSkipped) { OtherAbis = recordAbis };
        types.Records = records;
        var skipped = new List<SkippedDeclaration>();

        var methods = new StringBuilder();
        var methodNames = new CSharpNames("NativeMethods");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var functions = 0;
        foreach (var function in host.Functions.Where(f => set.Owns(f.File)).OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            if (!seen.Add(function.Name))
            {
                continue; // declared again by another header item of the set
            }

            var reason = DeclaredDifferently(function, host, others) ?? Bind(function, types, methodNames, methods);
            if (reason != null)
            {
                skipped.Add(new SkippedDeclaration(set.Name, "function", function.Name, reason));
            }
            else
            {
                functions++;
            }
        }

        // The library's own records and enums are bound even when no function takes them (users read them from memory).
        foreach (var record in host.Records.Where(r => set.Owns(r.File)))
        {
            records.Plan(record);
        }

        foreach (var e in host.Enums.Where(e => set.Owns(e.File)))
        {
            types.Parameter(new CType { Kind = CTypeKind.Enum, DeclName = e.Name.Length > 0 ? e.Name : e.Aliases.FirstOrDefault(), Spelling = e.Name }, out _);
        }

        var source = new StringBuilder();
        source.AppendLine("// Written by the InteropLint real-header sweep from the " + SweepHeaderSet.HostTarget + " facts (not marked generated: analyzers skip generated code).");
        source.AppendLine("#pragma warning disable CS0169, CS0649, CS8981");
        source.AppendLine("using System;");
        source.AppendLine("using System.Runtime.CompilerServices;");
        source.AppendLine("using System.Runtime.InteropServices;");
        source.AppendLine();
        source.AppendLine("namespace " + set.Namespace + ";");
        source.AppendLine();

        var boundRecords = 0;
        foreach (var plan in records.Plans.OrderBy(p => p.CSharpName, StringComparer.Ordinal))
        {
            if (plan.SkipReason != null)
            {
                skipped.Add(new SkippedDeclaration(set.Name, "record", plan.CSharpName, plan.SkipReason));
                continue;
            }

            boundRecords++;
            var layout = plan.Explicit
                ? "LayoutKind.Explicit" + (plan.ExplicitSize is { } size ? ", Size = " + size.ToString(CultureInfo.InvariantCulture) : "")
                : "LayoutKind.Sequential" + (plan.Pack is { } pack ? ", Pack = " + pack.ToString(CultureInfo.InvariantCulture) : "");
            source.AppendLine("// " + plan.Record.Kind.ToString().ToLowerInvariant() + " " + plan.Record.Name + " (" + plan.Record.Location + ")");
            source.AppendLine("[StructLayout(" + layout + ")]");
            source.AppendLine("public unsafe struct " + plan.CSharpName);
            source.AppendLine("{");
            foreach (var line in plan.Lines)
            {
                source.AppendLine("    " + line);
            }

            source.AppendLine("}");
            source.AppendLine();
        }

        var enums = 0;
        foreach (var (decl, name) in types.Enums.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var underlying = types.EnumUnderlying(decl, out _)!;
            enums++;
            source.AppendLine("public enum " + name + " : " + underlying);
            source.AppendLine("{");
            var members = new CSharpNames(name);
            foreach (var item in decl.Enumerators)
            {
                source.AppendLine("    " + members.Claim(item.Name, "member") + " = unchecked((" + underlying + ")(" + item.Value.ToString(CultureInfo.InvariantCulture) + "L)),");
            }

            source.AppendLine("}");
            source.AppendLine();
        }

        source.AppendLine("public static unsafe partial class NativeMethods");
        source.AppendLine("{");
        source.AppendLine("    public const string Library = \"" + set.Library + "\";");
        source.AppendLine();
        source.Append(methods);
        source.AppendLine("}");
        return new GeneratedBinding(set, style, source.ToString(), functions, boundRecords, enums, skipped)
        {
            SkippedRecordKeys = records.Plans.Where(p => p.SkipReason != null).Select(p => p.Record.Name).ToHashSet(StringComparer.Ordinal),
        };
    }

    /// <summary>Appends the P/Invoke of <paramref name="function"/>, or returns why it cannot be bound.</summary>
    private static string? Bind(FunctionDecl function, TypeWriter types, CSharpNames names, StringBuilder methods)
    {
        if (function.IsVariadic)
        {
            return "variadic";
        }

        if (function.HasAttribute("inline") || function.HasAttribute("static"))
        {
            return "static inline (not exported)";
        }

        var returns = types.Return(function.Return, out var why);
        if (returns is null)
        {
            return "return: " + why;
        }

        var parameters = new List<string>();
        var parameterNames = new CSharpNames();
        for (var i = 0; i < function.Parameters.Count; i++)
        {
            var parameter = function.Parameters[i];
            var type = types.Style == BindingStyle.LibraryImportSpans
                ? LibraryImportParameters.Spell(parameter.Type, types, out why)
                : types.Parameter(parameter.Type, out why);
            if (type is null)
            {
                return "parameter " + (i + 1) + ": " + why;
            }

            if (types.Style == BindingStyle.IntPtrEverywhere && IsConstCharPointer(parameter.Type, types.Host))
            {
                type = "[MarshalAs(UnmanagedType.LPUTF8Str)] string";
            }

            parameters.Add(type + " " + parameterNames.Claim(parameter.Name, "arg" + i));
        }

        var returnAttribute = "";
        if (function.Return.Kind == CTypeKind.Bool && types.Style != BindingStyle.TypedPointers)
        {
            returns = "bool";
            returnAttribute = "    [return: MarshalAs(UnmanagedType.U1)]\n";
        }

        methods.AppendLine("    // " + function.Location);
        if (types.Style == BindingStyle.LibraryImportSpans)
        {
            methods.AppendLine("    [LibraryImport(Library, EntryPoint = \"" + function.Name + "\", StringMarshalling = StringMarshalling.Utf8)]");
            methods.AppendLine("    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]");
            methods.Append(returnAttribute);
            methods.AppendLine("    public static partial " + returns + " " + names.Claim(function.Name, "function") + "(" + string.Join(", ", parameters) + ");");
            return null;
        }

        methods.AppendLine("    [DllImport(Library, EntryPoint = \"" + function.Name + "\", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]");
        methods.Append(returnAttribute);
        methods.AppendLine("    public static extern " + returns + " " + names.Claim(function.Name, "function") + "(" + string.Join(", ", parameters) + ");");
        return null;
    }

    private static bool IsConstCharPointer(CType type, AbiManifest host) =>
        type.Kind == CTypeKind.Pointer && type.Pointee is { } pointee && LibraryImportParameters.IsConstPlainChar(pointee, host);
}
