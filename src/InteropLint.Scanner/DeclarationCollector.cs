using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using InteropLint.Clang;
using InteropLint.Clang.Native;
using InteropLint.Manifest;

namespace InteropLint.Scanner;

/// <summary>The ABI a unit is parsed for, and with which system headers.</summary>
/// <param name="LibraryFolders">The folders of the header item's own library (its folder unless that is a system
/// root such as /usr/include, and its include paths): where skipped preprocessor blocks are read for declarations.</param>
internal sealed record TargetContext(string Rid, SystemHeaders System, string HeaderPath = "", IReadOnlyList<string>? LibraryFolders = null);

/// <summary>What one translation unit (one header for one ABI) declared.</summary>
internal sealed class UnitResult
{
    public List<FunctionDecl> Functions { get; } = new();

    public List<RecordDecl> Records { get; } = new();

    public List<TypedefDecl> Typedefs { get; } = new();

    public List<EnumDecl> Enums { get; } = new();

    public List<ConstantDecl> Constants { get; } = new();

    public List<MacroAliasDecl> MacroAliases { get; } = new();

    public List<ElsewhereDecl> Elsewhere { get; } = new();

    public List<ScanDiagnostic> Diagnostics { get; } = new();

    public List<string> InputFiles { get; } = new();

    /// <summary>The library folders read for sibling headers: a <c>.h</c> file that appears in one changes the result.</summary>
    public List<string> SiblingFolders { get; } = new();
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
    private readonly UnresolvedFacts _unresolved = new();
    private readonly TrailingComments _trailingComments = new();
    private readonly UnitResult _result = new();
    private readonly Dictionary<string, List<string>> _aliases = new(StringComparer.Ordinal);

    private readonly TargetContext? _target;

    private DeclarationCollector(TranslationUnit unit, int header, TargetContext? target)
    {
        _unit = unit;
        _header = header;
        _target = target;
        var enumsAreInt = target?.System.EnumsAreInt == true;
        _types = new TypeConverter(_names, enumsAreInt);
        _unresolved.EnumsAreInt = enumsAreInt;
    }

    public static UnitResult Collect(TranslationUnit unit, int header, TargetContext? target = null)
    {
        var collector = new DeclarationCollector(unit, header, target);
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
        var walk = ScanTimings.Phase("walk: top-level cursors");
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

        walk.Dispose();
        var hostLibc = HostLibcFiles();
        _unresolved.UntrustedFiles = hostLibc;
        _unresolved.StandInReason = _target is { System.Kind: SystemHeaderKind.Freestanding } freestanding ? freestanding.System.StandInReason : null;
        using (ScanTimings.Phase("collect: name tagless"))
        {
            NameTaglessDeclarationsByTypedef(typedefs);
        }

        using (ScanTimings.Phase("collect: records"))
        {
            CollectRecords(records);
        }

        using (ScanTimings.Phase("collect: enums"))
        {
            CollectEnums(enums);
        }

        using (ScanTimings.Phase("collect: typedefs"))
        {
            CollectTypedefs(typedefs);
        }

        using (ScanTimings.Phase("collect: functions"))
        {
            CollectFunctions(functions);
        }

        using (ScanTimings.Phase("collect: skipped blocks"))
        {
            CollectSkippedDeclarations();
        }

        using (ScanTimings.Phase("collect: sibling headers"))
        {
            CollectSiblingDeclarations();
        }

        using (ScanTimings.Phase("collect: macros"))
        {
            MacroCollector.Collect(_unit, macros, _result, (cursor, name) => NewDeclaration<MacroAliasDecl>(cursor, name), (cursor, name) => NewDeclaration<ConstantDecl>(cursor, name));
        }

        using var diagnostics = ScanTimings.Phase("collect: diagnostics and input files");
        ScanDiagnostic? missingHeader = null;
        var pending = false;
        var followed = 0;
        foreach (var d in _unit.Diagnostics)
        {
            if (d.Severity < CXDiagnosticSeverity.Warning || (missingHeader != null && d.Severity < CXDiagnosticSeverity.Error))
            {
                continue;
            }

            var message = d.Message;
            var file = d.File;
            var line = d.Line;
            var column = d.Column;
            if (hostLibc.Count > 0 && hostLibc.TryGetValue(d.File, out var includer))
            {
                if (!message.Contains(ShimHeaders.HostLibcGuardMessage))
                {
                    continue; // what follows a stopped host libc header only repeats that it is missing
                }

                // Reported once per header, at the #include that wanted it, naming it and the remedy.
                (file, line, column, message) = GuardReport(d.File, includer);
            }
            else if (missingHeader != null)
            {
                followed++;
                continue; // the consequences of a missing system header, not news: its declarations are unresolved
            }
            else if (_target is { } target && target.System.Kind != SystemHeaderKind.Host && message.EndsWith("file not found", StringComparison.Ordinal))
            {
                var advice = target.System.Kind == SystemHeaderKind.Freestanding
                    ? target.System.MissingHeaderAdvice
                    : "install " + target.Rid + "'s build of the library's headers or add their folder to the header's IncludePaths";
                message += " for " + target.Rid + " (system headers: " + SystemHeaderText(target) + "): " + advice + "; declarations that need it are not checked there";
                pending = true;
            }

            var added = new ScanDiagnostic
            {
                Severity = d.Severity switch
                {
                    CXDiagnosticSeverity.Warning => ScanSeverity.Warning,
                    CXDiagnosticSeverity.Error => ScanSeverity.Error,
                    _ => ScanSeverity.Fatal,
                },
                File = file,
                Line = line,
                Column = column,
                Message = message,
            };
            _result.Diagnostics.Add(added);
            if (pending)
            {
                missingHeader = added;
                pending = false;
            }
        }

        foreach (var copy in _hostCopies)
        {
            var (file, line, column, message) = GuardReport(copy, copy, "so what it declares is not trusted");
            _result.Diagnostics.Add(new ScanDiagnostic
            {
                Severity = ScanSeverity.Error,
                File = file,
                Line = line,
                Column = column,
                Message = message,
            });
        }

        if (missingHeader != null && followed > 0)
        {
            missingHeader.Message += " (" + followed + " more errors followed from it)";
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
        // each name's record and its place in the result: a definition replaces the opaque declaration seen before it
        var byName = new Dictionary<string, (RecordDecl Record, int Index)>(StringComparer.Ordinal);
        var queue = new Queue<Cursor>(cursors);
        while (queue.Count > 0)
        {
            var cursor = queue.Dequeue();
            var name = _names.NameOf(cursor);
            var known = byName.TryGetValue(name, out var existing);
            if (!cursor.IsDefinition)
            {
                // An opaque struct (declared, never defined here) is still worth knowing: handles point to it.
                if (!known)
                {
                    var opaque = NewDeclaration<RecordDecl>(cursor, name);
                    opaque.Kind = cursor.Kind == CXCursorKind.UnionDecl ? CTypeKind.Union : CTypeKind.Struct;
                    opaque.Aliases = AliasesOf(name);
                    opaque.Unresolved = _unresolved.OfRecord(cursor);
                    byName[name] = (opaque, _result.Records.Count);
                    _result.Records.Add(opaque);
                }

                continue;
            }

            if (known && existing.Record.Size >= 0)
            {
                continue;
            }

            var record = BuildRecord(cursor, name, queue);
            if (known)
            {
                _result.Records[existing.Index] = record;
                byName[name] = (record, existing.Index);
            }
            else
            {
                byName[name] = (record, _result.Records.Count);
                _result.Records.Add(record);
            }
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
        record.Unresolved = _unresolved.OfRecord(cursor);

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
            decl.IntegerType = TypeConverter.IsWidenedEnum(cursor.Type.Canonical, _target?.System.EnumsAreInt == true)
                ? new CType { Kind = CTypeKind.Integer, Spelling = "int", Size = 4, Align = 4, IsSigned = true } // MSVC: every C enum is int
                : _types.Convert(integerType);
            decl.Aliases = AliasesOf(name);
            decl.Unresolved = _unresolved.OfDeclaration(cursor, integerType);
            var enumerators = cursor.Children().Where(c => c.Kind == CXCursorKind.EnumConstantDecl).ToList();
            decl.Enumerators = enumerators
                .Select(c => new EnumeratorDecl { Name = c.Spelling, Value = unsigned ? unchecked((long)c.EnumConstantUnsignedValue) : c.EnumConstantValue })
                .ToList();
            if (decl.IsResolved && enumerators.FirstOrDefault(c => c.IsInvalidDeclaration) is { Unit: not null } invalid)
            {
                decl.Unresolved = _unresolved.OfDeclaration(invalid, invalid.Type);
            }
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
            decl.Unresolved = _unresolved.OfDeclaration(cursor, cursor.TypedefUnderlyingType);
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
            // A static function has no symbol a P/Invoke could bind: clang's intrinsics headers hold thousands.
            if (cursor.StorageClass == CXStorageClass.Static)
            {
                continue;
            }

            var name = cursor.Spelling;
            if (!byName.TryGetValue(name, out var function))
            {
                function = NewDeclaration<FunctionDecl>(cursor, name);
                DescribeSignature(function, cursor);
                byName[name] = function;
                _result.Functions.Add(function);
            }
            else if (function.Unresolved == UnresolvedFacts.NoPrototype && cursor.Type.Kind == CXTypeKind.FunctionProto)
            {
                // `int f();` then `int f(int);`: the prototype is what C callers (and a P/Invoke) must match.
                var location = cursor.Location;
                (function.File, function.Line) = (location.File, location.Line);
                DescribeSignature(function, cursor);
            }

            if (function.DocComment.Length == 0)
            {
                // the first declaration that has one; clang attaches no plain comment that trails the declaration
                function.DocComment = cursor.RawComment;
                if (function.DocComment.Length == 0)
                {
                    function.DocComment = _trailingComments.On(function.File, function.Line, name);
                }
            }

            // Redeclarations may add attributes (a later `__attribute__((deprecated))` prototype, say): the
            // function keeps the sorted union of all its declarations' attributes.
            var attributeCursors = cursor.Attributes;
            if (function.Symbol.Length == 0 && FunctionAttributes.AsmLabel(attributeCursors) is { } symbol && symbol != name)
            {
                function.Symbol = symbol;
            }

            attributes.Clear();
            attributes.UnionWith(function.Attributes);
            FunctionAttributes.Add(_unit, cursor, attributeCursors, attributes);
            function.Attributes = attributes.Count == 0 ? Array.Empty<string>() : attributes.ToArray();
        }
    }

    private void DescribeSignature(FunctionDecl function, Cursor cursor)
    {
        var type = cursor.Type;
        function.Return = _types.Convert(cursor.ResultType);
        var count = Math.Max(0, cursor.ArgumentCount);
        var parameters = new List<ParameterDecl>(count);
        for (var i = 0; i < count; i++)
        {
            var argument = cursor.Argument(i);
            parameters.Add(new ParameterDecl { Name = argument.Spelling, Type = _types.Convert(TransparentUnionMember(argument.Type) ?? argument.Type) });
        }

        function.Parameters = parameters;
        function.IsVariadic = type.Kind == CXTypeKind.FunctionProto && type.IsVariadic;
        function.CallingConvention = TypeConverter.CallingConventionName(type.CallingConvention);
        function.Unresolved = _unresolved.OfFunction(cursor);
    }

    /// <summary>
    /// Names the library writes as <c>name(</c> in blocks the preprocessor skipped for this ABI (functions of
    /// another platform, <c>#ifdef __ANDROID__</c>), in the library's own files: so a P/Invoke to one of them is
    /// not called undeclared. Names this unit declares are left out.
    /// </summary>
    private void CollectSkippedDeclarations()
    {
        if (_target is not { } target || (target.HeaderPath.Length == 0 && (target.LibraryFolders is null || target.LibraryFolders.Count == 0)))
        {
            return;
        }

        var folders = (target.LibraryFolders ?? Array.Empty<string>()).Select(f => f.TrimEnd('/') + "/").ToList();
        bool InLibrary(string file) => file == target.HeaderPath || folders.Any(f => file.StartsWith(f, StringComparison.Ordinal));

        var declared = new HashSet<string>(_result.Functions.Select(f => f.Name), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (file, line, name) in _unit.NamesCalledInSkippedBlocks(InLibrary))
        {
            if (!declared.Contains(name) && seen.Add(name))
            {
                _result.Elsewhere.Add(new ElsewhereDecl { Name = name, File = file, Line = line, Header = _header, Where = ElsewhereKind.Skipped });
            }
        }
    }

    /// <summary>
    /// Names the library writes as <c>name(</c> in headers of its own folders that this unit did not read (see
    /// <see cref="SiblingHeaders"/>): a P/Invoke to one of them is not called undeclared, and ILNT006 says where it is.
    /// Names this unit declares, or found in a skipped block, are left out.
    /// </summary>
    private void CollectSiblingDeclarations()
    {
        if (_target is not { } target || target.HeaderPath.Length == 0)
        {
            return;
        }

        var inclusions = _unit.Inclusions();
        var folders = SiblingHeaders.Folders(target.HeaderPath, target.LibraryFolders ?? Array.Empty<string>(), inclusions);
        if (folders.Count == 0)
        {
            return;
        }

        var read = new HashSet<string>(inclusions.Select(i => SiblingHeaders.Normalize(i.File)), StringComparer.Ordinal);
        var known = new HashSet<string>(_result.Functions.Select(f => f.Name).Concat(_result.Elsewhere.Select(e => e.Name)), StringComparer.Ordinal);
        foreach (var (name, file, line) in SiblingHeaders.NamesOutside(folders, read, _result.InputFiles, _result.SiblingFolders))
        {
            if (known.Add(name))
            {
                _result.Elsewhere.Add(new ElsewhereDecl { Name = name, File = file, Line = line, Header = _header, Where = ElsewhereKind.Sibling });
            }
        }
    }

    /// <summary>
    /// The host C library headers the guard stopped (file → the file that included the guard's features.h), with
    /// every file they went on to include: nothing in them describes the target.
    /// </summary>
    private Dictionary<string, string> HostLibcFiles()
    {
        var untrusted = new Dictionary<string, string>(StringComparer.Ordinal);
        var hostCopies = HostMultiarchCopiesOfTargetFolders();
        if (_target is not { System.GuardHostLibc: true } && hostCopies is null)
        {
            return untrusted;
        }

        var inclusions = _unit.Inclusions();
        var guard = ShimHeaders.HostLibcGuardFolder + "/features.h";
        foreach (var (file, includer, _) in inclusions)
        {
            if (file.Replace('\\', '/').EndsWith(guard, StringComparison.Ordinal) && includer.Length > 0)
            {
                untrusted[includer] = includer;
                untrusted[file] = includer;
            }
            else if (hostCopies != null && !untrusted.ContainsKey(file) && hostCopies(file))
            {
                untrusted[file] = file;
                _hostCopies.Add(file);
            }
        }

        // Inclusions come in the order the preprocessor met them: one pass carries "stopped" down to the host files they
        // included (the target's own headers and clang's stay trusted, whoever reached them first).
        var hostFolders = _target!.System.AfterDirectories.Select(d => d.TrimEnd('/') + "/").ToList();
        foreach (var (file, includer, _) in inclusions)
        {
            if (includer.Length > 0 && !untrusted.ContainsKey(file) && untrusted.TryGetValue(includer, out var root)
                && hostFolders.Any(folder => file.StartsWith(folder, StringComparison.Ordinal)))
            {
                untrusted[file] = root;
            }
        }

        return untrusted;
    }

    /// <summary>
    /// For a target with its own C library (a cross sysroot) that may read library headers from the host's multiarch
    /// folder: whether a file there sits in a folder, or has a name, that the target's C library has (bits/, sys/, asm/,
    /// fpu_control.h). The target's copy would have been found first, so this is the host's glibc filling a gap, and it
    /// describes the host. Null when the target reads nothing from the host's multiarch folder.
    /// </summary>
    private Func<string, bool>? HostMultiarchCopiesOfTargetFolders()
    {
        if (_target is not { System: { Kind: SystemHeaderKind.Sysroot, GuardHostLibc: false, IncludeDirectory: { } own } system }
            || TargetArguments.HostMultiarchDirectory is not { } multiarch || !system.AfterDirectories.Contains(multiarch))
        {
            return null;
        }

        var prefix = multiarch.TrimEnd('/') + "/";
        return file =>
        {
            if (!file.StartsWith(prefix, StringComparison.Ordinal))
            {
                return false;
            }

            var relative = file.Substring(prefix.Length);
            var slash = relative.IndexOf('/');
            var first = Path.Combine(own, slash < 0 ? relative : relative.Substring(0, slash));
            return slash < 0 ? File.Exists(first) : Directory.Exists(first);
        };
    }

    /// <summary>Host multiarch files read for a cross target in the place of its C library's (see <see cref="HostMultiarchCopiesOfTargetFolders"/>).</summary>
    private readonly List<string> _hostCopies = new();

    private (string File, int Line, int Column, string Message) GuardReport(string guardFile, string stoppedHeader, string consequence = "so it was not read")
    {
        var target = _target!;
        string wantedBy = "", name = Path.GetFileName(stoppedHeader);
        _ = guardFile;
        int line = 0, column = 0;
        foreach (var (file, includer, at) in _unit.Inclusions())
        {
            if (file == stoppedHeader && includer.Length > 0)
            {
                wantedBy = includer;
                line = at;
                column = 1;
                break;
            }
        }

        var message = "'" + name + "' is not among " + target.Rid + "'s system headers (" + SystemHeaderText(target) + "); the host's copy ("
            + stoppedHeader + ") describes the host, not " + target.Rid + ", " + consequence + ": " + target.System.MissingHeaderAdvice
            + "; declarations that need it are not checked there";
        return (wantedBy.Length > 0 ? wantedBy : stoppedHeader, line, column, message);
    }

    private static string SystemHeaderText(TargetContext target) =>
        target.System.IncludeDirectory ?? target.System.Root ?? "none on this machine; parsed with clang's builtin headers and a small shim";

    /// <summary>
    /// A <c>__attribute__((transparent_union))</c> parameter is passed as its first member (glibc's
    /// <c>__CONST_SOCKADDR_ARG</c> is a pointer): that member's type, or null for any other parameter.
    /// </summary>
    private ClangType? TransparentUnionMember(ClangType type)
    {
        var canonical = type.Canonical;
        if (canonical.Kind != CXTypeKind.Record)
        {
            return null;
        }

        var union = canonical.Declaration.Definition;
        if (union.IsNull || union.Kind != CXCursorKind.UnionDecl || !union.HasAttributes)
        {
            return null;
        }

        Cursor? first = null;
        var transparent = false;
        foreach (var child in union.Children())
        {
            if (child.Kind == CXCursorKind.UnexposedAttr && FunctionAttributes.Normalize(_unit.IdentifierAtStart(child)) == "transparent_union")
            {
                transparent = true;
            }
            else if (child.Kind == CXCursorKind.FieldDecl && first is null)
            {
                first = child;
            }
        }

        return transparent && first is { } member ? member.Type : null;
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
