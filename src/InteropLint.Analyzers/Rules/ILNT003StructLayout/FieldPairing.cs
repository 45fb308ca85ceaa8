using System.Collections.Generic;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers.Infrastructure
{
    /// <summary>
    /// Which C# field stands for which C field: by name (ignoring case and underscores: <c>TotalIn</c> is
    /// <c>total_in</c>), else by position when both sides have as many fields and no name matches.
    /// </summary>
    internal static class FieldPairing
    {
        public static bool SameName(string native, string managed) =>
            native.Length > 0 && string.Equals(Normalize(native), Normalize(managed), System.StringComparison.Ordinal);

        /// <summary>The name as written: an auto-property's for its backing field.</summary>
        public static string NameOf(IFieldSymbol field) =>
            field.IsImplicitlyDeclared && field.AssociatedSymbol != null ? field.AssociatedSymbol.Name : field.Name;

        /// <summary>The struct's instance fields in declaration order (auto-property backing fields included: they take space).</summary>
        public static List<IFieldSymbol> InstanceFields(INamedTypeSymbol type)
        {
            var fields = new List<IFieldSymbol>();
            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol field && !field.IsStatic && !field.IsConst)
                {
                    fields.Add(field);
                }
            }

            return fields;
        }

        /// <summary>Pairs of (C# field, C field); C fields that are bit-fields or anonymous members take part only by position.</summary>
        public static List<KeyValuePair<IFieldSymbol, FieldDecl>> Pair(IReadOnlyList<IFieldSymbol> managed, IReadOnlyList<FieldDecl> native)
        {
            var pairs = new List<KeyValuePair<IFieldSymbol, FieldDecl>>();
            foreach (var field in managed)
            {
                foreach (var c in native)
                {
                    if (!c.IsBitField && SameName(c.Name, NameOf(field)))
                    {
                        pairs.Add(new KeyValuePair<IFieldSymbol, FieldDecl>(field, c));
                        break;
                    }
                }
            }

            if (pairs.Count == 0 && managed.Count == native.Count)
            {
                for (var i = 0; i < managed.Count; i++)
                {
                    pairs.Add(new KeyValuePair<IFieldSymbol, FieldDecl>(managed[i], native[i]));
                }
            }

            return pairs;
        }

        /// <summary>Lower case without underscores: <c>TotalIn</c> and <c>total_in</c> agree.</summary>
        public static string Normalize(string name)
        {
            var chars = new char[name.Length];
            var n = 0;
            foreach (var ch in name)
            {
                if (ch != '_')
                {
                    chars[n++] = char.ToLowerInvariant(ch);
                }
            }

            return new string(chars, 0, n);
        }
    }
}
