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

    public static void Add(TranslationUnit unit, Cursor function, ISet<string> into)
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

        var unexposed = false;
        foreach (var attribute in function.Attributes)
        {
            if (attribute.Kind == CXCursorKind.UnexposedAttr && FromAttributeTokens(unit, attribute) == null)
            {
                unexposed = true;
                continue;
            }

            var name = attribute.Kind switch
            {
                CXCursorKind.PackedAttr => "packed",
                CXCursorKind.PureAttr => "pure",
                CXCursorKind.ConstAttr => "const",
                CXCursorKind.DllExport => "dllexport",
                CXCursorKind.DllImport => "dllimport",
                CXCursorKind.WarnUnusedResultAttr => "warn_unused_result",
                CXCursorKind.UnexposedAttr => FromAttributeTokens(unit, attribute),
                _ => null,
            };
            if (name != null)
            {
                into.Add(name);
            }
        }

        if (unexposed)
        {
            FromDeclarationTokens(unit, function, into);
        }
    }

    /// <summary>The attribute's own first token, when libclang can tokenize its extent (it is in a file, not in a macro body).</summary>
    private static string? FromAttributeTokens(TranslationUnit unit, Cursor attribute)
    {
        foreach (var token in unit.Tokenize(attribute))
        {
            if (token.Kind is CXTokenKind.Identifier or CXTokenKind.Keyword)
            {
                var name = Normalize(token.Spelling);
                return Known.Contains(name) ? name : null;
            }
        }

        return null;
    }

    /// <summary>
    /// An unexposed attribute written through a macro has an extent inside the macro's definition, which
    /// libclang will not tokenize; so the names are read from the declaration's own tokens after the
    /// parameter list: <c>__attribute__((__malloc__))</c>, <c>__attribute_malloc__</c>, <c>__nonnull ((1))</c>.
    /// </summary>
    private static void FromDeclarationTokens(TranslationUnit unit, Cursor function, ISet<string> into)
    {
        var tokens = unit.Tokenize(function);
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
