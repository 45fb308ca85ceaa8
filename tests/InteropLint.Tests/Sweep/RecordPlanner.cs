using InteropLint.Manifest;

namespace InteropLint.Tests.Sweep;

/// <summary>How one C record becomes a C# struct, decided from the host's facts.</summary>
public sealed class RecordPlan
{
    public RecordPlan(RecordDecl record, string csharpName)
    {
        Record = record;
        CSharpName = csharpName;
    }

    public RecordDecl Record { get; }

    public string CSharpName { get; }

    /// <summary>Null when the record is bound; otherwise why not.</summary>
    public string? SkipReason { get; set; }

    /// <summary>Explicit layout at the host's offsets (unions, bit-fields, over-aligned records); otherwise sequential.</summary>
    public bool Explicit { get; set; }

    /// <summary>Explicit layout's total size, when the fields do not imply it (bit-field storage, trailing alignment).</summary>
    public long? ExplicitSize { get; set; }

    /// <summary>Sequential layout's <c>Pack</c> (packed records).</summary>
    public int? Pack { get; set; }

    public List<string> Lines { get; } = new();
}

/// <summary>
/// Decides the C# struct of each C record a binding needs, and writes its fields. A record whose layout no single C#
/// struct expresses on every ABI (bit-fields next to a <c>long</c>, a member with no portable type) is skipped with the reason.
/// </summary>
public sealed class RecordPlanner
{
    private readonly AbiManifest _host;
    private readonly BindingStyle _style;
    private readonly CSharpNames _typeNames;
    private readonly Dictionary<RecordDecl, RecordPlan> _plans = new();
    private readonly HashSet<RecordDecl> _inProgress = new();

    private readonly HashSet<string> _knownSkipped;

    public RecordPlanner(AbiManifest host, BindingStyle style, CSharpNames typeNames, TypeWriter types, HashSet<string> knownSkipped)
    {
        _knownSkipped = knownSkipped;
        _host = host;
        _style = style;
        _typeNames = typeNames;
        Types = types;
    }

    public TypeWriter Types { get; }

    /// <summary>The scan's other ABIs: a record the header declares differently there has no one C# declaration.</summary>
    public IReadOnlyList<AbiManifest> OtherAbis { get; init; } = Array.Empty<AbiManifest>();

    public IEnumerable<RecordPlan> Plans => _plans.Values;

    /// <summary>Skipped by an earlier pass: a pointer to it is written <c>void*</c> before its plan is known.</summary>
    public bool IsKnownSkipped(RecordDecl record) => _knownSkipped.Contains(record.Name);

    /// <summary>The plan of a record (planning it, and what it holds by value, on first use).</summary>
    public RecordPlan Plan(RecordDecl record)
    {
        if (_plans.TryGetValue(record, out var plan))
        {
            return plan;
        }

        var name = record.Name.Length > 0 && !record.Name.Contains('.') ? record.Name : record.Aliases.FirstOrDefault(a => a.Length > 0) ?? record.Name;
        plan = new RecordPlan(record, _typeNames.Claim(name, "anonymous_record"));
        _plans[record] = plan;
        if (!_inProgress.Add(record))
        {
            plan.SkipReason = "holds itself by value";
            return plan;
        }

        try
        {
            Decide(plan);
        }
        finally
        {
            _inProgress.Remove(record);
        }

        return plan;
    }

    private void Decide(RecordPlan plan)
    {
        var record = plan.Record;
        if (CTypeMeaning.OsSpecificRecord(record) is { } osSpecific)
        {
            plan.SkipReason = osSpecific;
            return;
        }

        if (DeclaredDifferently(record) is { } differs)
        {
            plan.SkipReason = differs;
            return;
        }

        if (record.Size <= 0 || record.Align <= 0)
        {
            plan.SkipReason = "opaque (no layout in the header; pointers to it are void*)";
            return;
        }

        var fields = record.Fields.ToList();
        if (fields.Count == 0)
        {
            plan.SkipReason = "no fields";
            return;
        }

        var flexible = fields.Count > 0 && fields[^1].Type.Kind == CTypeKind.Array && fields[^1].Type.ArrayLength <= 0;
        if (flexible)
        {
            fields.RemoveAt(fields.Count - 1);
        }

        var bitFields = fields.Any(f => f.IsBitField);
        if (bitFields && BitFieldLayoutDiffersOnMsvc(record, fields) is { } msvc)
        {
            plan.SkipReason = msvc;
            return;
        }

        var naturalAlign = fields.Where(f => !f.IsBitField).Select(f => Math.Max(1, f.Type.Align)).DefaultIfEmpty(1).Max();
        var overAligned = !record.IsPacked && record.Align > naturalAlign && !bitFields;
        var fixedOffsets = bitFields || overAligned || flexible;
        if (record.Kind == CTypeKind.Union)
        {
            plan.Explicit = true;
            if (fixedOffsets)
            {
                plan.ExplicitSize = record.Size;
            }
        }
        else if (fixedOffsets)
        {
            plan.Explicit = true;
            plan.ExplicitSize = record.Size;
        }
        else if (record.IsPacked)
        {
            plan.Pack = (int)record.Align;
        }

        var names = new CSharpNames(plan.CSharpName);
        var anonymous = 0;
        foreach (var field in fields)
        {
            if (field.IsBitField)
            {
                continue; // its storage is covered by the explicit size; no C# field can hold a bit-field
            }

            var fieldName = names.Claim(field.Name, "__anonymous" + anonymous++);
            long? offset = plan.Explicit ? (record.Kind == CTypeKind.Union ? 0 : field.Offset) : null;
            if (!WriteField(plan, field.Type, fieldName, offset, names, out var why))
            {
                plan.SkipReason = "field '" + (field.Name.Length == 0 ? "(anonymous)" : field.Name) + "': " + why;
                return;
            }
        }

        if (fixedOffsets && DependsOnAbi(record, new HashSet<RecordDecl>(), out var varying))
        {
            // Fixed offsets are the host's; a member whose width differs between ABIs moves them elsewhere.
            plan.SkipReason = (bitFields ? "bit-fields" : overAligned ? "over-aligned record" : "flexible array member") + " next to " + varying + ": no single explicit layout is right on every ABI";
        }
    }

    /// <summary>
    /// Why one C# struct cannot be right on every ABI because the header declares the record differently on another
    /// (glibc's arch-specific <c>__pthread_mutex_s</c>, winsock's <c>linger</c>, SDL_RWops' Windows-only member): other
    /// fields, or a field of another C type. A width a typedef changes (<c>long</c>) has the same spelling and stays.
    /// </summary>
    private string? DeclaredDifferently(RecordDecl record)
    {
        if (record.Name.Length == 0)
        {
            return null;
        }

        foreach (var abi in OtherAbis)
        {
            var other = abi.FindRecord(record.Name);
            if (other is null || !other.IsResolved || other.Size <= 0)
            {
                continue;
            }

            if (other.Fields.Count != record.Fields.Count)
            {
                return "declared with " + other.Fields.Count + " fields on " + abi.Target + ", " + record.Fields.Count + " on " + SweepHeaderSet.HostTarget + ": one struct per OS";
            }

            for (var i = 0; i < other.Fields.Count; i++)
            {
                var (mine, theirs) = (record.Fields[i], other.Fields[i]);
                if (mine.Name != theirs.Name || mine.Type.Spelling != theirs.Type.Spelling || mine.IsBitField != theirs.IsBitField)
                {
                    return "field " + i + " is '" + theirs.Type.Spelling + " " + theirs.Name + "' on " + abi.Target + ", '" + mine.Type.Spelling + " " + mine.Name + "' on " + SweepHeaderSet.HostTarget + ": one struct per OS";
                }
            }
        }

        return null;
    }

    private bool WriteField(RecordPlan plan, CType type, string name, long? offset, CSharpNames names, out string why)
    {
        why = "";
        static string At(long? at) => at is { } o ? $"[FieldOffset({o})] " : "";
        if (type.Kind == CTypeKind.Array)
        {
            var element = type;
            long count = 1;
            while (element.Kind == CTypeKind.Array)
            {
                if (element.ArrayLength <= 0)
                {
                    why = "array of unknown length";
                    return false;
                }

                count *= element.ArrayLength;
                element = element.Element!;
            }

            var elementType = Types.Field(element, out why);
            if (elementType is null)
            {
                return false;
            }

            if (elementType is "byte" or "sbyte" or "short" or "ushort" or "int" or "uint" or "long" or "ulong" or "float" or "double" or "char")
            {
                plan.Lines.Add($"{At(offset)}public fixed {elementType} {name}[{count}];");
                return true;
            }

            if (count > 256)
            {
                why = $"array of {count} '{element.Spelling}' (no fixed buffer of that type; too long to spell out)";
                return false;
            }

            var elementSize = Math.Max(1, element.Size);
            for (var i = 0; i < count; i++)
            {
                plan.Lines.Add($"{At(offset + (i * elementSize))}public {elementType} {(i == 0 ? name : names.Claim(name.TrimStart('@') + "_" + i, "x"))};");
            }

            return true;
        }

        var csharp = Types.Field(type, out why);
        if (csharp is null)
        {
            return false;
        }

        plan.Lines.Add($"{At(offset)}public {csharp} {name};");
        return true;
    }

    /// <summary>
    /// MSVC gives each run of bit-fields whole storage units of the declared type and starts a new unit when the type's
    /// size changes; GCC and Clang on SysV/AAPCS pack bits across them and put the next member in the unit's spare bytes.
    /// The two agree only when every run has one declared size, starts on a unit boundary, and what follows starts past
    /// its last unit: then the host's offsets are every ABI's. Otherwise the reason the layouts can differ.
    /// </summary>
    private static string? BitFieldLayoutDiffersOnMsvc(RecordDecl record, List<FieldDecl> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (!fields[i].IsBitField)
            {
                continue;
            }

            var unitBytes = fields[i].Type.Size;
            var start = fields[i].OffsetBits;
            var j = i;
            while (j < fields.Count && fields[j].IsBitField)
            {
                if (fields[j].Type.Size != unitBytes)
                {
                    return "bit-fields of different sizes ('" + fields[i].Name + "', '" + fields[j].Name + "'): MSVC starts a new unit where GCC/Clang pack";
                }

                j++;
            }

            if (unitBytes <= 0 || start % (unitBytes * 8) != 0)
            {
                return "bit-field '" + fields[i].Name + "' does not start a storage unit: MSVC and GCC/Clang place it differently";
            }

            var lastEnd = fields[j - 1].OffsetBits + fields[j - 1].BitWidth;
            var unitsEnd = start + (((lastEnd - start + (unitBytes * 8) - 1) / (unitBytes * 8)) * unitBytes * 8);
            var next = j < fields.Count ? fields[j].OffsetBits : record.Size * 8;
            if (next < unitsEnd)
            {
                return (j < fields.Count ? "'" + fields[j].Name + "'" : "the record's end") + " lies inside the storage unit of bit-field '" + fields[i].Name + "': MSVC would start it after the unit";
            }

            i = j - 1;
        }

        return null;
    }

    /// <summary>Whether a member's width differs between the checked ABIs (C long, wchar_t), looking into records held by value.</summary>
    private bool DependsOnAbi(RecordDecl record, HashSet<RecordDecl> seen, out string what)
    {
        what = "";
        if (!seen.Add(record))
        {
            return false;
        }

        foreach (var field in record.Fields)
        {
            var type = field.Type;
            while (type.Kind == CTypeKind.Array && type.Element is not null)
            {
                type = type.Element;
            }

            if (type.IsInteger && type.Kind != CTypeKind.Enum)
            {
                var meaning = CTypeMeaning.Scalar(type, _host, out _);
                if (meaning is "CLong" or "CULong" or null)
                {
                    what = "'" + field.Name + "' (" + type.Spelling + ")";
                    return true;
                }
            }
            else if ((type.Kind == CTypeKind.Struct || type.Kind == CTypeKind.Union) && type.DeclName is { } inner && _host.FindRecord(inner) is { } held && DependsOnAbi(held, seen, out what))
            {
                return true;
            }
        }

        return false;
    }
}
