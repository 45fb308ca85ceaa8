using System;
using System.Collections.Generic;
using System.Text;
using InteropLint.Manifest;

namespace InteropLint.Analyzers.Infrastructure
{
    /// <summary>One integer constant of a header on one ABI: a <c>#define</c> or an enumerator.</summary>
    internal sealed class NativeConstant
    {
        public NativeConstant(string target, string name, long value, Declaration where, EnumDecl? owner, string? text)
        {
            Target = target;
            Name = name;
            Value = value;
            Where = where;
            Owner = owner;
            Text = text;
        }

        public string Target { get; }

        public string Name { get; }

        public long Value { get; }

        /// <summary>The <c>#define</c>, or the enum that declares the enumerator.</summary>
        public Declaration Where { get; }

        /// <summary>The C enum for an enumerator; null for a <c>#define</c>.</summary>
        public EnumDecl? Owner { get; }

        /// <summary>The macro's replacement text, for messages.</summary>
        public string? Text { get; }
    }

    /// <summary>
    /// Every integer constant and enumerator of the manifests by name, and every C enum by a normalized name
    /// (<c>democolor</c> for <c>demo_color</c>), so a C# enum <c>DemoColor</c> can be matched to it. Built once per compilation.
    /// </summary>
    internal sealed class NativeConstants
    {
        private readonly Dictionary<string, List<NativeConstant>> _byName = new Dictionary<string, List<NativeConstant>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<(string Target, EnumDecl Enum)>> _enumsByNormalizedName = new Dictionary<string, List<(string, EnumDecl)>>(StringComparer.Ordinal);

        private NativeConstants(NativeIndex index)
        {
            foreach (var (_, abi) in index.Abis)
            {
                if (!abi.Scanned)
                {
                    continue;
                }

                foreach (var constant in abi.Constants)
                {
                    Add(new NativeConstant(abi.Target, constant.Name, constant.Value, constant, null, constant.Text));
                }

                foreach (var e in abi.Enums)
                {
                    foreach (var enumerator in e.Enumerators)
                    {
                        Add(new NativeConstant(abi.Target, enumerator.Name, enumerator.Value, e, e, null));
                    }

                    AddEnumName(e.Name, abi.Target, e);
                    foreach (var alias in e.Aliases)
                    {
                        AddEnumName(alias, abi.Target, e);
                    }
                }
            }
        }

        public static NativeConstants Create(NativeIndex index) => new NativeConstants(index);

        public IReadOnlyList<NativeConstant> Find(string name) =>
            _byName.TryGetValue(name, out var list) ? list : (IReadOnlyList<NativeConstant>)Array.Empty<NativeConstant>();

        /// <summary>The C enum (per ABI) whose name is the C# enum's name up to case and underscores (and a <c>_t</c>/<c>_e</c> suffix).</summary>
        public IReadOnlyList<(string Target, EnumDecl Enum)> FindEnum(string managedName) =>
            _enumsByNormalizedName.TryGetValue(Normalize(managedName), out var list) ? list : (IReadOnlyList<(string, EnumDecl)>)Array.Empty<(string, EnumDecl)>();

        /// <summary>Lower case without underscores: <c>DEMO_RED</c>, <c>demo_red</c> and <c>DemoRed</c> all become <c>demored</c>.</summary>
        public static string Normalize(string name)
        {
            var sb = new StringBuilder(name.Length);
            foreach (var ch in name)
            {
                if (ch != '_')
                {
                    sb.Append(char.ToLowerInvariant(ch));
                }
            }

            return sb.ToString();
        }

        /// <summary>
        /// The enumerators' common prefix, cut back to an underscore: <c>DEMO_</c> for <c>DEMO_RED</c>, <c>DEMO_GREEN</c>.
        /// Empty when they share none.
        /// </summary>
        public static string CommonPrefix(EnumDecl e)
        {
            if (e.Enumerators.Count == 0)
            {
                return "";
            }

            var prefix = e.Enumerators[0].Name;
            foreach (var enumerator in e.Enumerators)
            {
                var n = 0;
                while (n < prefix.Length && n < enumerator.Name.Length && prefix[n] == enumerator.Name[n])
                {
                    n++;
                }

                prefix = prefix.Substring(0, n);
            }

            var underscore = prefix.LastIndexOf('_');
            return underscore < 0 ? "" : prefix.Substring(0, underscore + 1);
        }

        private void Add(NativeConstant constant)
        {
            if (!_byName.TryGetValue(constant.Name, out var list))
            {
                _byName[constant.Name] = list = new List<NativeConstant>(1);
            }

            list.Add(constant);
        }

        private void AddEnumName(string name, string target, EnumDecl e)
        {
            foreach (var key in Keys(name))
            {
                if (!_enumsByNormalizedName.TryGetValue(key, out var list))
                {
                    _enumsByNormalizedName[key] = list = new List<(string, EnumDecl)>(1);
                }

                var present = false;
                foreach (var (t, existing) in list)
                {
                    present |= t == target && ReferenceEquals(existing, e);
                }

                if (!present)
                {
                    list.Add((target, e));
                }
            }
        }

        private static IEnumerable<string> Keys(string name)
        {
            yield return Normalize(name);
            if (name.EndsWith("_t", StringComparison.Ordinal) || name.EndsWith("_e", StringComparison.Ordinal))
            {
                yield return Normalize(name.Substring(0, name.Length - 2));
            }
        }
    }
}
