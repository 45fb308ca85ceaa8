using System;
using System.Collections.Generic;
using InteropLint.Clang;
using InteropLint.Clang.Native;

namespace InteropLint.Scanner;

/// <summary>
/// The attributes of a function declaration that matter to interop. libclang exposes a few attribute
/// kinds (packed, dllimport, …); the rest (malloc, alloc_size, nonnull, …) come as "unexposed" attributes
/// whose first token is the attribute name, or the macro that expands to it (glibc's <c>__attribute_malloc__</c>).
/// Only names recognised here are recorded; nothing is guessed from unknown macros.
/// </summary>
internal static class FunctionAttributes
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "malloc", "alloc_size", "alloc_align", "deprecated", "unavailable", "nonnull", "returns_nonnull", "noreturn",
        "format", "ownership_returns", "ownership_takes", "ownership_holds", "warn_unused_result", "nothrow",
        "pure", "const", "dllimport", "dllexport", "cdecl", "stdcall", "fastcall",
    };

    /// <summary>Adds the names of <paramref name="function"/>'s attributes (<paramref name="attributes"/>: its attribute cursors, <see cref="Cursor.Attributes"/>).</summary>
    public static void Add(TranslationUnit unit, Cursor function, IReadOnlyList<Cursor> attributes, ISet<string> into)
    {
        if (function.IsInlined)
        {
            into.Add("inline");
        }

        if (function.StorageClass == CXStorageClass.Static)
        {
            into.Add("static");
        }

        var availability = function.Availability;
        if (availability == CXAvailabilityKind.Deprecated)
        {
            into.Add("deprecated");
        }
        else if (availability == CXAvailabilityKind.NotAvailable)
        {
            into.Add("unavailable");
        }

        var unreadable = false;
        foreach (var attribute in attributes)
        {
            var name = attribute.Kind switch
            {
                CXCursorKind.PackedAttr => "packed",
                CXCursorKind.PureAttr => "pure",
                CXCursorKind.ConstAttr => "const",
                CXCursorKind.DllExport => "dllexport",
                CXCursorKind.DllImport => "dllimport",
                CXCursorKind.WarnUnusedResultAttr => "warn_unused_result",
                CXCursorKind.UnexposedAttr => FromAttributeName(unit, attribute, ref unreadable),
                _ => null,
            };
            if (name != null)
            {
                into.Add(name);
            }
        }

        if (unreadable)
        {
            FromDeclarationTokens(unit, function, into);
        }
    }

    /// <summary>
    /// The exported symbol an asm label (among the function's <paramref name="attributes"/>) gives the function (glibc's <c>__REDIRECT</c>: <c>strerror_r</c> is
    /// <c>__xpg_strerror_r</c>), or null when it has none.
    /// </summary>
    public static string? AsmLabel(IReadOnlyList<Cursor> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Kind == CXCursorKind.AsmLabelAttr)
            {
                var label = attribute.Spelling;
                return label.Length > 0 ? label : null;
            }
        }

        return null;
    }

    /// <summary>
    /// The attribute's name, read where its extent begins (<see cref="TranslationUnit.IdentifierAtStart"/>: once,
    /// without tokenizing). Null for a name not recognised here; <paramref name="unreadable"/> is set when no name
    /// could be read at all, so the declaration's own tokens are read instead.
    /// </summary>
    private static string? FromAttributeName(TranslationUnit unit, Cursor attribute, ref bool unreadable)
    {
        var spelling = unit.IdentifierAtStart(attribute);
        if (spelling.Length == 0)
        {
            unreadable = true;
            return null;
        }

        var name = Normalize(spelling);
        return Known.Contains(name) ? name : null;
    }

    /// <summary>
    /// An unexposed attribute written through a macro has an extent inside the macro's definition, which
    /// libclang will not tokenize; so the names are read from the declaration's own tokens after the
    /// parameter list: <c>__attribute__((__malloc__))</c>, <c>__attribute_malloc__</c>, <c>__nonnull ((1))</c>.
    /// </summary>
    private static void FromDeclarationTokens(TranslationUnit unit, Cursor function, ISet<string> into)
    {
        var tokens = unit.TokenizeLocal(function, MaxDeclarationBytes);
        var name = function.Spelling;
        var i = 0;
        while (i < tokens.Count && tokens[i].Spelling != name)
        {
            i++;
        }

        while (i < tokens.Count && tokens[i].Spelling != "(")
        {
            i++;
        }

        var depth = 0;
        for (; i < tokens.Count; i++)
        {
            depth += tokens[i].Spelling == "(" ? 1 : tokens[i].Spelling == ")" ? -1 : 0;
            if (depth == 0)
            {
                break;
            }
        }

        for (i++; i < tokens.Count && tokens[i].Spelling != "{" && tokens[i].Spelling != ";"; i++)
        {
            if (tokens[i].Kind is CXTokenKind.Identifier or CXTokenKind.Keyword)
            {
                var attribute = Normalize(tokens[i].Spelling);
                if (Known.Contains(attribute))
                {
                    into.Add(attribute);
                }
            }
        }
    }

    /// <summary>A prototype is a few hundred bytes; an extent longer than this spans a macro definition or a body.</summary>
    private const int MaxDeclarationBytes = 4096;

    /// <summary><c>__malloc__</c>, <c>__attribute_malloc__</c> and <c>malloc</c> all mean <c>malloc</c>.</summary>
    internal static string Normalize(string spelling)
    {
        var name = spelling.Trim('_');
        if (name.StartsWith("attribute_", StringComparison.Ordinal))
        {
            name = name.Substring("attribute_".Length);
        }

        return name.Trim('_');
    }
}
