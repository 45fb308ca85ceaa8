using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using InteropLint.Clang.Native;

namespace InteropLint.Clang;

/// <summary>One clang diagnostic, located at its expansion point.</summary>
public sealed record ClangDiagnostic(CXDiagnosticSeverity Severity, string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Severity.ToString().ToLowerInvariant()}: {Message}";
}

/// <summary>A <c>CXTranslationUnit</c>. Cursors and types taken from it are valid until it is disposed.</summary>
public sealed class TranslationUnit : IDisposable
{
    private readonly Dictionary<nint, string> _fileNames = new();
    private nint _handle;

    internal TranslationUnit(nint handle)
    {
        _handle = handle;
    }

    internal nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(TranslationUnit));

    public Cursor Cursor => new(Libclang.clang_getTranslationUnitCursor(Handle), this);

    public IReadOnlyList<ClangDiagnostic> Diagnostics
    {
        get
        {
            var count = Libclang.clang_getNumDiagnostics(Handle);
            var result = new List<ClangDiagnostic>((int)count);
            for (uint i = 0; i < count; i++)
            {
                var diagnostic = Libclang.clang_getDiagnostic(Handle, i);
                try
                {
                    var location = SourceLocation.Expansion(Libclang.clang_getDiagnosticLocation(diagnostic), this);
                    result.Add(new ClangDiagnostic(
                        Libclang.clang_getDiagnosticSeverity(diagnostic),
                        location.File,
                        location.Line,
                        location.Column,
                        ClangString.Take(Libclang.clang_getDiagnosticSpelling(diagnostic))));
                }
                finally
                {
                    Libclang.clang_disposeDiagnostic(diagnostic);
                }
            }

            return result;
        }
    }

    /// <summary>Every file the translation unit read (the main file and all it included), as libclang names them.</summary>
    public unsafe IReadOnlyList<string> IncludedFiles()
    {
        var files = new List<string>();
        var handle = GCHandle.Alloc(files);
        try
        {
            Libclang.clang_getInclusions(Handle, &VisitInclusion, (void*)GCHandle.ToIntPtr(handle));
        }
        finally
        {
            handle.Free();
        }

        return files;
    }

    /// <summary>Every file the unit read, with the file whose <c>#include</c> brought it in ("" for the main file).</summary>
    public unsafe IReadOnlyList<(string File, string Includer, int Line)> Inclusions()
    {
        var state = new InclusionState(this);
        var handle = GCHandle.Alloc(state);
        try
        {
            Libclang.clang_getInclusions(Handle, &VisitInclusionWithIncluder, (void*)GCHandle.ToIntPtr(handle));
        }
        finally
        {
            handle.Free();
        }

        return state.Files;
    }

    [UnmanagedCallersOnly]
    private static unsafe void VisitInclusionWithIncluder(nint file, CXSourceLocation* stack, uint depth, void* clientData)
    {
        var state = (InclusionState)GCHandle.FromIntPtr((nint)clientData).Target!;
        var includer = depth > 0 ? SourceLocation.Expansion(stack[0], state.Unit) : default;
        state.Files.Add((state.Unit.FileName(file), includer.File ?? "", includer.Line));
    }

    private sealed class InclusionState
    {
        public InclusionState(TranslationUnit unit)
        {
            Unit = unit;
        }

        public TranslationUnit Unit { get; }

        public List<(string File, string Includer, int Line)> Files { get; } = new();
    }

    [UnmanagedCallersOnly]
    private static unsafe void VisitInclusion(nint file, CXSourceLocation* stack, uint depth, void* clientData)
    {
        var files = (List<string>)GCHandle.FromIntPtr((nint)clientData).Target!;
        var real = ClangString.Take(Libclang.clang_File_tryGetRealPathName(file));
        files.Add(real.Length > 0 ? real : ClangString.Take(Libclang.clang_getFileName(file)));
    }

    /// <summary>The tokens of a cursor's extent, e.g. a macro definition's name and replacement list.</summary>
    public IReadOnlyList<Token> Tokenize(Cursor cursor)
    {
        using var tokens = new TokenBuffer(this, Libclang.clang_getCursorExtent(cursor.Raw));
        return tokens.Spelled(0, tokens.Count);
    }

    /// <summary>
    /// A macro definition's name and replacement list, from one tokenization of its extent: for a function-like macro
    /// (<paramref name="functionLike"/>) only the first replacement token, the rest not spelled (windows.h defines
    /// thousands whose bodies nobody reads). Empty, with an empty name, when the definition has no replacement.
    /// </summary>
    public IReadOnlyList<Token> MacroReplacement(Cursor cursor, bool functionLike, out string name)
    {
        name = "";
        using var tokens = new TokenBuffer(this, Libclang.clang_getCursorExtent(cursor.Raw));
        if (tokens.Count < 2)
        {
            return Array.Empty<Token>();
        }

        var bodyStart = 1;
        if (functionLike)
        {
            // the parameter list ends at the first ")": only punctuation is worth spelling to find it
            while (bodyStart < tokens.Count && !(tokens.Kind(bodyStart) == CXTokenKind.Punctuation && tokens.Spelling(bodyStart) == ")"))
            {
                bodyStart++;
            }

            bodyStart++;
        }

        if (bodyStart >= tokens.Count)
        {
            return Array.Empty<Token>();
        }

        name = tokens.Spelling(0);
        return tokens.Spelled(bodyStart, functionLike ? bodyStart + 1 : tokens.Count);
    }

    /// <summary>One <c>clang_tokenize</c> result, spelled on demand and disposed with the buffer.</summary>
    private readonly unsafe ref struct TokenBuffer
    {
        private readonly TranslationUnit _unit;
        private readonly CXToken* _tokens;
        private readonly uint _count;

        public TokenBuffer(TranslationUnit unit, CXSourceRange range)
        {
            _unit = unit;
            CXToken* tokens = null;
            uint count = 0;
            Libclang.clang_tokenize(unit.Handle, range, &tokens, &count);
            _tokens = tokens;
            _count = tokens == null ? 0 : count;
        }

        public int Count => (int)_count;

        public CXTokenKind Kind(int index) => Libclang.clang_getTokenKind(_tokens[index]);

        public string Spelling(int index) => ClangString.Take(Libclang.clang_getTokenSpelling(_unit.Handle, _tokens[index]));

        /// <summary>Tokens <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive), with kind and spelling.</summary>
        public Token[] Spelled(int start, int end)
        {
            var result = new Token[end - start];
            for (var i = start; i < end; i++)
            {
                result[i - start] = new Token(Kind(i), Spelling(i));
            }

            return result;
        }

        public void Dispose()
        {
            if (_tokens != null)
            {
                Libclang.clang_disposeTokens(_unit.Handle, _tokens, _count);
            }
        }
    }

    /// <summary>
    /// The tokens of a cursor's extent when it begins and ends in one file within <paramref name="maxBytes"/>;
    /// none otherwise (an extent that runs from a macro's definition to its use would cost the whole file between).
    /// </summary>
    public unsafe IReadOnlyList<Token> TokenizeLocal(Cursor cursor, int maxBytes)
    {
        var extent = Libclang.clang_getCursorExtent(cursor.Raw);
        nint startFile, endFile;
        uint line, column, startOffset, endOffset;
        Libclang.clang_getSpellingLocation(Libclang.clang_getRangeStart(extent), &startFile, &line, &column, &startOffset);
        Libclang.clang_getSpellingLocation(Libclang.clang_getRangeEnd(extent), &endFile, &line, &column, &endOffset);
        if (startFile == 0 || startFile != endFile || endOffset < startOffset || endOffset - startOffset > maxBytes)
        {
            return Array.Empty<Token>();
        }

        return Tokenize(cursor);
    }

    /// <summary>
    /// The identifier written where a cursor's extent begins, read from the file's text without tokenizing:
    /// an attribute written through a macro has an extent that runs from the macro's <c>#define</c> to its use,
    /// and tokenizing that costs as much as the file between them, for every such attribute.
    /// </summary>
    public string IdentifierAtStart(Cursor cursor)
    {
        // A range from the start to itself: clang_tokenize lexes one token at the start's spelling location
        // (inside the #define when the attribute came from a macro), however far the extent's end is.
        var start = Libclang.clang_getRangeStart(Libclang.clang_getCursorExtent(cursor.Raw));
        using var tokens = new TokenBuffer(this, Libclang.clang_getRange(start, start));
        return tokens.Count > 0 && tokens.Kind(0) is CXTokenKind.Identifier or CXTokenKind.Keyword ? tokens.Spelling(0) : "";
    }

    /// <summary>
    /// Names written as a call or prototype (<c>name (</c>) in the blocks the preprocessor skipped (<c>#ifdef
    /// __ANDROID__</c> on Linux…), outside preprocessor lines, in the files <paramref name="include"/> accepts:
    /// functions a platform outside this parse declares.
    /// </summary>
    public unsafe IReadOnlyList<(string File, int Line, string Name)> NamesCalledInSkippedBlocks(Func<string, bool> include)
    {
        var result = new List<(string, int, string)>();
        var list = Libclang.clang_getAllSkippedRanges(Handle);
        if (list == null)
        {
            return result;
        }

        try
        {
            for (var i = 0; i < list->Count; i++)
            {
                var range = list->Ranges[i];
                var file = SourceLocation.Spelling(Libclang.clang_getRangeStart(range), this).File;
                if (file.Length > 0 && include(file))
                {
                    CollectCalls(range, file, result);
                }
            }
        }
        finally
        {
            Libclang.clang_disposeSourceRangeList(list);
        }

        return result;
    }

    private unsafe void CollectCalls(CXSourceRange range, string file, List<(string, int, string)> into)
    {
        CXToken* tokens = null;
        uint count = 0;
        Libclang.clang_tokenize(Handle, range, &tokens, &count);
        if (tokens == null)
        {
            return;
        }

        try
        {
            var directiveLine = -1;
            for (var i = 0; i < count; i++)
            {
                var kind = Libclang.clang_getTokenKind(tokens[i]);
                if (kind == CXTokenKind.Punctuation && IsHash(tokens[i]))
                {
                    directiveLine = LineOf(tokens[i]); // a #define, #if or #include line of the block: not a declaration
                    continue;
                }

                if (kind != CXTokenKind.Identifier || i + 1 >= count
                    || Libclang.clang_getTokenKind(tokens[i + 1]) != CXTokenKind.Punctuation
                    || ClangString.Take(Libclang.clang_getTokenSpelling(Handle, tokens[i + 1])) != "(")
                {
                    continue;
                }

                var line = LineOf(tokens[i]);
                if (line != directiveLine)
                {
                    into.Add((file, line, ClangString.Take(Libclang.clang_getTokenSpelling(Handle, tokens[i]))));
                }
            }
        }
        finally
        {
            Libclang.clang_disposeTokens(Handle, tokens, count);
        }
    }

    private int LineOf(CXToken token) => SourceLocation.Spelling(Libclang.clang_getTokenLocation(Handle, token), this).Line;

    private unsafe bool IsHash(CXToken token) => ClangString.Take(Libclang.clang_getTokenSpelling(Handle, token)) == "#";

    /// <summary>A <c>CXFile</c>'s name, asked of libclang once per file: every declaration of a header names the same file.</summary>
    internal string FileName(nint file)
    {
        if (!_fileNames.TryGetValue(file, out var name))
        {
            name = ClangString.Take(Libclang.clang_getFileName(file));
            _fileNames[file] = name;
        }

        return name;
    }

    public void Dispose()
    {
        if (_handle != 0)
        {
            Libclang.clang_disposeTranslationUnit(_handle);
            _handle = 0;
        }
    }
}

public readonly record struct Token(CXTokenKind Kind, string Spelling);

/// <summary>A file position resolved to a path, line and column.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    internal static unsafe SourceLocation Expansion(CXSourceLocation location, TranslationUnit unit)
    {
        nint file;
        uint line, column, offset;
        Libclang.clang_getExpansionLocation(location, &file, &line, &column, &offset);
        var name = file == 0 ? "" : unit.FileName(file);
        return new SourceLocation(name, (int)line, (int)column);
    }

    internal static unsafe SourceLocation Spelling(CXSourceLocation location, TranslationUnit unit)
    {
        nint file;
        uint line, column, offset;
        Libclang.clang_getSpellingLocation(location, &file, &line, &column, &offset);
        var name = file == 0 ? "" : unit.FileName(file);
        return new SourceLocation(name, (int)line, (int)column);
    }
}
