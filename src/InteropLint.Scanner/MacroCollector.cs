using System;
using System.Collections.Generic;
using System.Linq;
using InteropLint.Clang;
using InteropLint.Clang.Native;
using InteropLint.Manifest;

namespace InteropLint.Scanner;

/// <summary>
/// Macro definitions: object-like ones whose replacement is an integer constant expression become
/// constants (evaluated in definition order, so later ones may use earlier ones); macros whose replacement
/// starts with a declared function's name become aliases of it (zlib's <c>deflateInit</c> → <c>deflateInit_</c>).
/// </summary>
internal static class MacroCollector
{
    public static void Collect(
        TranslationUnit unit,
        List<Cursor> cursors,
        UnitResult result,
        Func<Cursor, string, MacroAliasDecl> newAlias,
        Func<Cursor, string, ConstantDecl> newConstant)
    {
        var functionNames = new HashSet<string>(result.Functions.Select(f => f.Name), StringComparer.Ordinal);
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        var seenConstants = new HashSet<string>(StringComparer.Ordinal);
        var seenAliases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cursor in cursors)
        {
            // Builtin and predefined macros (__x86_64__, linux…) and -D options have no file: they are not the header's.
            if (cursor.IsMacroBuiltin || cursor.Location.File.Length == 0)
            {
                continue;
            }

            var functionLike = cursor.IsMacroFunctionLike;
            var body = unit.MacroReplacement(cursor, functionLike, out var name);
            if (body.Count == 0)
            {
                continue;
            }

            var first = body[0];
            if (first.Kind == CXTokenKind.Identifier && functionNames.Contains(first.Spelling)
                && first.Spelling != name && !functionNames.Contains(name) && seenAliases.Add(name))
            {
                var alias = newAlias(cursor, name);
                alias.Target = first.Spelling;
                result.MacroAliases.Add(alias);
            }

            if (!functionLike && MacroEvaluator.TryEvaluate(body, values, out var value))
            {
                values[name] = value;
                if (seenConstants.Add(name))
                {
                    var constant = newConstant(cursor, name);
                    constant.Value = value;
                    constant.Text = MacroEvaluator.Text(body);
                    result.Constants.Add(constant);
                }
            }
        }
    }
}
