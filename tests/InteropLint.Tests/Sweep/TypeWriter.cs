using InteropLint.Manifest;

namespace InteropLint.Tests.Sweep;

/// <summary>Spells a C type (host facts) as the C# a careful person writes for it in the chosen <see cref="BindingStyle"/>.</summary>
public sealed class TypeWriter
{
    private readonly AbiManifest _host;
    private readonly BindingStyle _style;
    private readonly CSharpNames _typeNames;
    private readonly Dictionary<EnumDecl, string?> _enums = new();

    public TypeWriter(AbiManifest host, BindingStyle style, CSharpNames typeNames)
    {
        _host = host;
        _style = style;
        _typeNames = typeNames;
    }

    /// <summary>The scan's other ABIs, where a typedef may be declared with another width (see <see cref="CTypeMeaning.WidthDiffers"/>).</summary>
    public IReadOnlyList<AbiManifest> OtherAbis { get; init; } = Array.Empty<AbiManifest>();

    /// <summary>Set once the record planner exists (the two refer to each other: records hold pointers, pointers name records).</summary>
    public RecordPlanner? Records { get; set; }

    /// <summary>The enums written so far, with their C# names.</summary>
    public IEnumerable<(EnumDecl Enum, string Name)> Enums => _enums.Where(e => e.Value != null).Select(e => (e.Key, e.Value!));

    public BindingStyle Style => _style;

    public AbiManifest Host => _host;

    public string? Field(CType type, out string why) => Spell(type, TypeUse.Field, out why);

    public string? Parameter(CType type, out string why) => Spell(type, TypeUse.Parameter, out why);

    public string? Return(CType type, out string why) => Spell(type, TypeUse.Return, out why);

    /// <summary>The underlying C# integer type of an enum as the host stores it.</summary>
    public string? EnumUnderlying(EnumDecl decl, out string why)
    {
        var underlying = CTypeMeaning.Scalar(decl.IntegerType, _host, out why);
        if (underlying is "byte" or "sbyte" or "short" or "ushort" or "int" or "uint" or "long" or "ulong")
        {
            return underlying;
        }

        why = "enum stored as '" + decl.IntegerType.Spelling + "'" + (why.Length > 0 ? ": " + why : " (no C# enum base type is right on every ABI)");
        return null;
    }

    private string? Spell(CType type, TypeUse use, out string why)
    {
        why = "";
        switch (type.Kind)
        {
            case CTypeKind.Void:
                if (use == TypeUse.Return || use == TypeUse.Pointee)
                {
                    return "void";
                }

                why = "void value";
                return null;
            case CTypeKind.Bool:
                if (_style == BindingStyle.IntPtrEverywhere && use == TypeUse.Parameter)
                {
                    return "[MarshalAs(UnmanagedType.U1)] bool";
                }

                return "byte";
            case CTypeKind.Char:
            case CTypeKind.Integer:
            case CTypeKind.Float:
                return Scalar(type, out why);
            case CTypeKind.Enum:
                return EnumType(type, out why);
            case CTypeKind.Struct:
            case CTypeKind.Union:
                return RecordType(type, out why);
            case CTypeKind.Pointer:
                return PointerType(type, out why);
            case CTypeKind.Array when use is TypeUse.Parameter or TypeUse.Return && type.Element is not null:
                // An array parameter is a pointer to its first element.
                return PointerTo(type.Element, out why);
            default:
                why = "no C# type for a " + type.Kind + " value ('" + type.Spelling + "')";
                return null;
        }
    }

    /// <summary>A scalar's C# type, or null when none has its width on every ABI (<see cref="CTypeMeaning.WidthDiffers"/>).</summary>
    private string? Scalar(CType type, out string why)
    {
        var meaning = CTypeMeaning.Scalar(type, _host, out why);
        if (meaning is not null && CTypeMeaning.WidthDiffers(type, meaning, _host, OtherAbis) is { } differs)
        {
            why = differs;
            return null;
        }

        return meaning;
    }

    private string? EnumType(CType type, out string why)
    {
        why = "";
        var decl = type.DeclName is { } name ? _host.FindEnum(name) : null;
        if (decl is null)
        {
            why = "enum '" + type.Spelling + "' not in the host manifest";
            return null;
        }

        if (!_enums.TryGetValue(decl, out var csharp))
        {
            var cName = decl.Name.Length > 0 && !decl.Name.Contains(' ') ? decl.Name : decl.Aliases.FirstOrDefault(a => a.Length > 0) ?? "";
            csharp = cName.Length > 0 && EnumUnderlying(decl, out _) != null ? _typeNames.Claim(cName, "anonymous_enum") : null;
            _enums[decl] = csharp;
        }

        if (csharp != null)
        {
            return csharp;
        }

        // An enum C# cannot name (anonymous, or stored in a type no enum base is) is its integer.
        return CTypeMeaning.Scalar(decl.IntegerType, _host, out why);
    }

    private string? RecordType(CType type, out string why)
    {
        why = "";
        var decl = type.DeclName is { } name ? _host.FindRecord(name) : null;
        if (decl is null || Records is null)
        {
            why = "record '" + type.Spelling + "' not in the host manifest";
            return null;
        }

        var plan = Records.Plan(decl);
        if (plan.SkipReason is { } reason)
        {
            why = "record '" + plan.CSharpName + "' skipped: " + reason;
            return null;
        }

        return plan.CSharpName;
    }

    private string? PointerType(CType type, out string why)
    {
        why = "";
        if (_style == BindingStyle.IntPtrEverywhere)
        {
            return "IntPtr";
        }

        return type.Pointee is null ? "void*" : PointerTo(type.Pointee, out why);
    }

    /// <summary><c>T*</c> for a pointee (typed-pointer style); an untypable pointee is <c>void*</c>, which is always right for a pointer.</summary>
    private string PointerTo(CType pointee, out string why)
    {
        why = "";
        if (_style == BindingStyle.IntPtrEverywhere)
        {
            return "IntPtr";
        }

        if (pointee.Kind == CTypeKind.Function)
        {
            return FunctionPointer(pointee) ?? "void*";
        }

        if (pointee.Kind is CTypeKind.Struct or CTypeKind.Union)
        {
            var decl = pointee.DeclName is { } name ? _host.FindRecord(name) : null;
            if (decl is null || Records is null || decl.Size <= 0 || Records.IsKnownSkipped(decl))
            {
                return "void*"; // an opaque handle
            }

            // Planned lazily: a pointer inside the record itself must not re-enter its plan.
            var plan = Records.Plan(decl);
            return plan.SkipReason is null ? plan.CSharpName + "*" : "void*";
        }

        if (pointee.Kind == CTypeKind.Array)
        {
            return "void*";
        }

        var inner = Spell(pointee, TypeUse.Pointee, out _);
        return inner is null || inner.Contains('[') ? "void*" : inner + "*";
    }

    private string? FunctionPointer(CType function)
    {
        if (function.IsVariadic || function.Return is null)
        {
            return null;
        }

        var parts = new List<string>();
        foreach (var parameter in function.Parameters)
        {
            var p = Spell(parameter, TypeUse.Parameter, out _);
            if (p is null)
            {
                return null;
            }

            parts.Add(p);
        }

        var r = Spell(function.Return, TypeUse.Return, out _);
        if (r is null)
        {
            return null;
        }

        parts.Add(r);
        return "delegate* unmanaged[Cdecl]<" + string.Join(", ", parts) + ">";
    }
}
