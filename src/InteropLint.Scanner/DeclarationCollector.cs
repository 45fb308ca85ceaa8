using System;
using System.Collections.Generic;
using System.Linq;
using InteropLint.Clang;
using InteropLint.Clang.Native;
using InteropLint.Manifest;

namespace InteropLint.Scanner;

/// <summary>What one translation unit (one header for one ABI) declared.</summary>
internal sealed class UnitResult
{
    public List<FunctionDecl> Functions { get; } = new();

    public List<RecordDecl> Records { get; } = new();

    public List<TypedefDecl> Typedefs { get; } = new();

    public List<EnumDecl> Enums { get; } = new();

    public List<ConstantDecl> Constants { get; } = new();

    public List<MacroAliasDecl> MacroAliases { get; } = new();

    public List<ScanDiagnostic> Diagnostics { get; } = new();

    public List<string> InputFiles { get; } = new();
}

/// <summary>
/// Walks one translation unit and fills a <see cref="UnitResult"/>. Declarations from every file the unit
/// includes are kept (so libc's <c>strdup</c> is there when <c>string.h</c> is the header), one per name.
/// </summary>
internal sealed class DeclarationCollector
{
    private readonly TranslationUnit _unit;
    private readonly int _header;
    private readonly DeclarationNames _names = new();
    private readonly TypeConverter _types;
    private readonly UnitResult _result = new();
    private readonly Dictionary<string, List<string>> _aliases = new(StringComparer.Ordinal);

    private DeclarationCollector(TranslationUnit unit, int header)
    {
        _unit = unit;
        _header = header;
        _types = new TypeConverter(_names);
    }

    public static UnitResult Collect(TranslationUnit unit, int header)
    {
        var collector = new DeclarationCollector(unit, header);
        collector.Run();
        return collector._result;
    }

    private void Run()
    {
        var functions = new List<Cursor>();
        var records = new List<Cursor>();
        var typedefs = new List<Cursor>();
        var enums = new List<Cursor>();
        var macros = new List<Cursor>();
        foreach (var cursor in _unit.Cursor.Children())
        {
            switch (cursor.Kind)
            {
                case CXCursorKind.FunctionDecl: functions.Add(cursor); break;
                case CXCursorKind.StructDecl:
                case CXCursorKind.UnionDecl: records.Add(cursor); break;
                case CXCursorKind.TypedefDecl: typedefs.Add(cursor); break;
                case CXCursorKind.EnumDecl: enums.Add(cursor); break;
                case CXCursorKind.MacroDefinition: macros.Add(cursor); break;
            }
        }

        NameTaglessDeclarationsByTypedef(typedefs);
        CollectRecords(records);
        CollectEnums(enums);
        CollectTypedefs(typedefs);
        CollectFunctions(functions);
        MacroCollector.Collect(_unit, macros, _result, (cursor, name) => NewDeclaration<MacroAliasDecl>(cursor, name), (cursor, name) => NewDeclaration<ConstantDecl>(cursor, name));

        foreach (var d in _unit.Diagnostics)
        {
            if (d.Severity >= CXDiagnosticSeverity.Warning)
            {
                _result.Diagnostics.Add(new ScanDiagnostic
                {
                    Severity = d.Severity switch
                    {
                        CXDiagnosticSeverity.Warning => ScanSeverity.Warning,
                        CXDiagnosticSeverity.Error => ScanSeverity.Error,
                        _ => ScanSeverity.Fatal,
                    },
                    File = d.File,
                    Line = d.Line,
                    Column = d.Column,
                    Message = d.Message,
                });
            }
        }

        _result.InputFiles.AddRange(_unit.IncludedFiles());
    }

    /// <summary><c>typedef struct { … } foo;</c>: the record is <c>foo</c>. Also gathers typedef aliases of records and enums.</summary>
    private void NameTaglessDeclarationsByTypedef(List<Cursor> typedefs)
    {
        foreach (var typedef in typedefs)
        {
            var underlying = typedef.TypedefUnderlyingType;
            while (underlying.Kind == CXTypeKind.Elaborated)
            {
                underlying = underlying.NamedType;
            }

            if (underlying.Kind != CXTypeKind.Record && underlying.Kind != CXTypeKind.Enum)
            {
                continue;
            }

            var declaration = underlying.Declaration;
            var name = typedef.Spelling;
            if (DeclarationNames.IsTagless(declaration) && !_names.IsAssigned(declaration))
            {
                _names.Assign(declaration, name);
            }

            var target = _names.NameOf(declaration);
            if (target != name)
            {
                if (!_aliases.TryGetValue(target, out var list))
                {
                    _aliases[target] = list = new List<string>();
                }

                if (!list.Contains(name))
                {
                    list.Add(name);
                }
            }
        }
    }

    private void CollectRecords(List<Cursor> cursors)
    {
        var byName = new Dictionary<string, RecordDecl>(StringComparer.Ordinal);
        var queue = new Queue<Cursor>(cursors);
        while (queue.Count > 0)
        {
            var cursor = queue.Dequeue();
            var name = _names.NameOf(cursor);
            byName.TryGetValue(name, out var existing);
            if (!cursor.IsDefinition)
            {
                // An opaque struct (declared, never defined here) is still worth knowing: handles point to it.
                if (existing == null)
                {
                    var opaque = NewDeclaration<RecordDecl>(cursor, name);
                    opaque.Kind = cursor.Kind == CXCursorKind.UnionDecl ? CTypeKind.Union : CTypeKind.Struct;
                    opaque.Aliases = AliasesOf(name);
                    byName[name] = opaque;
                    _result.Records.Add(opaque);
                }

                continue;
            }

            if (existing != null && existing.Size >= 0)
            {
                continue;
            }

            var record = BuildRecord(cursor, name, queue);
            if (existing != null)
            {
                _result.Records[_result.Records.IndexOf(existing)] = record;
            }
            else
            {
                _result.Records.Add(record);
            }

            byName[name] = record;
        }
    }

    private RecordDecl BuildRecord(Cursor cursor, string name, Queue<Cursor> queue)
    {
        var record = NewDeclaration<RecordDecl>(cursor, name);
        var type = cursor.Type;
        record.Kind = cursor.Kind == CXCursorKind.UnionDecl ? CTypeKind.Union : CTypeKind.Struct;
        record.Size = type.Size;
        record.Align = type.Align;
        record.Aliases = AliasesOf(name);

        var children = cursor.Children();

        // Name nested tagless records before any field type mentions them.
        var anonymousIndex = 0;
        for (var i = 0; i < children.Count; i++)
        {
            var child = children[i];
            if (child.Kind != CXCursorKind.StructDecl && child.Kind != CXCursorKind.UnionDecl)
            {
                continue;
            }

            if (DeclarationNames.IsTagless(child))
            {
                var field = NextField(children, i);
                var fieldType = field?.Type.Canonical;
                while (fieldType is { Kind: CXTypeKind.ConstantArray or CXTypeKind.IncompleteArray })
                {
                    fieldType = fieldType.Value.ArrayElement.Canonical;
                }

                var named = !child.IsAnonymousRecordMember && field != null && fieldType is { Kind: CXTypeKind.Record } && fieldType.Value.Declaration.IsSameAs(child);
                _names.Assign(child, named ? name + "." + field!.Value.Spelling : name + ".__anon" + anonymousIndex++);
            }

            queue.Enqueue(child);
        }

        var fields = new List<FieldDecl>();
        var packed = false;
        foreach (var child in children)
        {
            if (child.Kind == CXCursorKind.PackedAttr)
            {
                packed = true;
            }
            else if (child.Kind == CXCursorKind.FieldDecl)
            {
                var field = new FieldDecl
                {
                    Name = child.Spelling,
                    Type = _types.Convert(child.Type),
                    OffsetBits = child.FieldOffsetBits,
                    BitWidth = child.BitFieldWidth,
                };
                fields.Add(field);
                packed |= !field.IsBitField && field.Type.Align > 0 && field.OffsetBits % (field.Type.Align * 8) != 0;
            }
            else if ((child.Kind == CXCursorKind.StructDecl || child.Kind == CXCursorKind.UnionDecl) && child.IsAnonymousRecordMember)
            {
                fields.Add(AnonymousMember(type, child));
            }
        }

        // #pragma pack shows as a record aligned below its most aligned member.
        var widest = WidestAlignment(fields);
        record.IsPacked = packed || (record.Align > 0 && record.Align < widest);
        record.Fields = fields;
        return record;
    }

    /// <summary>The largest alignment among the fields that are not bit-fields; 1 when there are none.</summary>
    private static long WidestAlignment(List<FieldDecl> fields)
    {
        long widest = 0;
        var any = false;
        foreach (var field in fields)
        {
            if (!field.IsBitField)
            {
                widest = any ? Math.Max(widest, field.Type.Align) : field.Type.Align;
                any = true;
            }
        }

        return any ? widest : 1;
    }

    /// <summary>A C11 anonymous struct/union member: a field without a name whose offset is where its first named field lands.</summary>
    private FieldDecl AnonymousMember(ClangType parent, Cursor member)
    {
        var inner = member.Children().FirstOrDefault(c => c.Kind == CXCursorKind.FieldDecl && c.Spelling.Length > 0);
        long offset = 0;
        if (inner.Unit != null)
        {
            var inParent = parent.OffsetOf(inner.Spelling);
            var inMember = member.Type.OffsetOf(inner.Spelling);
            offset = inParent >= 0 && inMember >= 0 ? inParent - inMember : 0;
        }

        return new FieldDecl { Name = "", Type = _types.Convert(member.Type), OffsetBits = offset };
    }

    private static Cursor? NextField(List<Cursor> children, int index)
    {
        for (var i = index + 1; i < children.Count; i++)
        {
            if (children[i].Kind == CXCursorKind.FieldDecl)
            {
                return children[i];
            }

            if (children[i].Kind is CXCursorKind.StructDecl or CXCursorKind.UnionDecl)
            {
                return null;
            }
        }

        return null;
    }

    private void CollectEnums(List<Cursor> cursors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cursor in cursors)
        {
            if (!cursor.IsDefinition)
            {
                continue;
            }

            var name = _names.NameOf(cursor);
            if (!seen.Add(name))
            {
                continue;
            }

            var integerType = cursor.EnumIntegerType;
            var unsigned = !TypeConverter.IsSigned(integerType.Canonical);
            var decl = NewDeclaration<EnumDecl>(cursor, name);
            decl.IntegerType = _types.Convert(integerType);
            decl.Aliases = AliasesOf(name);
            decl.Enumerators = cursor.Children()
                .Where(c => c.Kind == CXCursorKind.EnumConstantDecl)
                .Select(c => new EnumeratorDecl { Name = c.Spelling, Value = unsigned ? unchecked((long)c.EnumConstantUnsignedValue) : c.EnumConstantValue })
                .ToList();
            _result.Enums.Add(decl);
        }
    }

    private void CollectTypedefs(List<Cursor> cursors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cursor in cursors)
        {
            var name = cursor.Spelling;
            if (!seen.Add(name))
            {
                continue;
            }

            var decl = NewDeclaration<TypedefDecl>(cursor, name);
            decl.Type = _types.Convert(cursor.TypedefUnderlyingType);
            _result.Typedefs.Add(decl);
        }
    }

    private void CollectFunctions(List<Cursor> cursors)
    {
        var byName = new Dictionary<string, FunctionDecl>(StringComparer.Ordinal);

        // One set for all functions (cleared for each declaration) instead of one per function.
        var attributes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var cursor in cursors)
        {
            var name = cursor.Spelling;
            if (!byName.TryGetValue(name, out var function))
            {
                var decl = NewDeclaration<FunctionDecl>(cursor, name);
                var type = cursor.Type;
                decl.Return = _types.Convert(cursor.ResultType);
                var count = Math.Max(0, cursor.ArgumentCount);
                var parameters = new List<ParameterDecl>(count);
                for (var i = 0; i < count; i++)
                {
                    var argument = cursor.Argument(i);
                    parameters.Add(new ParameterDecl { Name = argument.Spelling, Type = _types.Convert(argument.Type) });
                }

                decl.Parameters = parameters;
                decl.IsVariadic = type.Kind == CXTypeKind.FunctionProto && type.IsVariadic;
                decl.CallingConvention = TypeConverter.CallingConventionName(type.CallingConvention);
                function = decl;
                byName[name] = decl;
                _result.Functions.Add(decl);
            }

            if (function.DocComment.Length == 0)
            {
                // the first declaration that has one; clang attaches no plain comment that trails the declaration
                function.DocComment = cursor.RawComment;
                if (function.DocComment.Length == 0)
                {
                    function.DocComment = TrailingComments.On(function.File, function.Line, name);
                }
            }

            // Redeclarations may add attributes (a later `__attribute__((deprecated))` prototype, say): the
            // function keeps the sorted union of all its declarations' attributes.
            attributes.Clear();
            attributes.UnionWith(function.Attributes);
            FunctionAttributes.Add(_unit, cursor, attributes);
            function.Attributes = attributes.Count == 0 ? Array.Empty<string>() : attributes.ToArray();
        }
    }

    private IReadOnlyList<string> AliasesOf(string name) =>
        _aliases.TryGetValue(name, out var list) ? list.ToArray() : Array.Empty<string>();

    private T NewDeclaration<T>(Cursor cursor, string name)
        where T : Declaration, new()
    {
        var location = cursor.Location;
        return new T { Name = name, File = location.File, Line = location.Line, Header = _header };
    }
}
