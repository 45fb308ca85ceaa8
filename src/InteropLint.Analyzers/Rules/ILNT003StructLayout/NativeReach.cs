using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// The names of the types of a compilation that can reach native code, and the types of the fields of such structs,
    /// transitively. Asked in two steps, so a binding pays only for the first: what the declarations show (each tree's
    /// <see cref="StructUseIndex.DeclaredReachingNative"/>: P/Invoke and delegate signatures, <c>[StructLayout]</c>), made
    /// once per compilation; then, only for a name the declarations do not settle, what the bodies show (each tree's
    /// <see cref="StructUseIndex.ReachingNativeInBodies"/>, whose values are asked of the semantic model), also once.
    /// By name: a managed struct that merely shares a name with one that reaches native code is kept, which costs a
    /// check, never a finding the layout does not earn.
    /// </summary>
    internal sealed class NativeReach
    {
        /// <summary>How deep "a field of a struct that is a field of a struct …" is followed.</summary>
        private const int MaxNesting = 8;

        private readonly Compilation _compilation;
        private readonly IReadOnlyList<(SyntaxTree Tree, StructUseIndex Index)> _trees;
        private readonly HashSet<string> _declared = new HashSet<string>(StringComparer.Ordinal);
        private readonly object _bodiesLock = new object();
        private HashSet<string>? _withBodies;

        public NativeReach(Compilation compilation, IReadOnlyList<(SyntaxTree Tree, StructUseIndex Index)> trees)
        {
            _compilation = compilation;
            _trees = trees;
            foreach (var (_, index) in trees)
            {
                _declared.UnionWith(index.DeclaredReachingNative);
            }

            AddFieldsOfReachingStructs(_declared);
        }

        /// <summary>Whether any of the names a struct goes by (its own, its global aliases) can reach native code.</summary>
        public bool Reaches(IEnumerable<string> names, CancellationToken cancellationToken) =>
            ContainsAny(_declared, names) || ContainsAny(WithBodies(cancellationToken), names);

        private static bool ContainsAny(HashSet<string> set, IEnumerable<string> names)
        {
            foreach (var name in names)
            {
                if (set.Contains(name))
                {
                    return true;
                }
            }

            return false;
        }

        private HashSet<string> WithBodies(CancellationToken cancellationToken)
        {
            var known = Volatile.Read(ref _withBodies);
            if (known != null)
            {
                return known;
            }

            lock (_bodiesLock)
            {
                if (_withBodies != null)
                {
                    return _withBodies;
                }

                var names = new HashSet<string>(_declared, StringComparer.Ordinal);
                foreach (var (tree, index) in _trees)
                {
                    var uses = index.ReachingNativeInBodies;
                    names.UnionWith(uses.Names);
                    if (uses.Values.Count == 0)
                    {
                        continue;
                    }

                    var model = _compilation.GetSemanticModel(tree);
                    foreach (var value in uses.Values)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        AddNames(model.GetTypeInfo(value, cancellationToken).Type, names, 0);
                    }
                }

                AddFieldsOfReachingStructs(names);
                Volatile.Write(ref _withBodies, names);
                return names;
            }
        }

        /// <summary>"A field of a struct that reaches native code reaches it too", to a fixed point (or <see cref="MaxNesting"/> steps).</summary>
        private void AddFieldsOfReachingStructs(HashSet<string> names)
        {
            for (var depth = 0; depth < MaxNesting; depth++)
            {
                var added = new List<string>();
                foreach (var (_, index) in _trees)
                {
                    foreach (var mention in index.FieldMentions)
                    {
                        if (names.Contains(mention.Key))
                        {
                            continue;
                        }

                        foreach (var outer in mention.Value)
                        {
                            if (names.Contains(outer.Identifier.ValueText))
                            {
                                added.Add(mention.Key);
                                break;
                            }
                        }
                    }
                }

                if (added.Count == 0)
                {
                    return;
                }

                names.UnionWith(added);
            }
        }

        /// <summary>The type's name and those of its elements, pointees and type arguments (<c>Span&lt;wire&gt;</c> → wire).</summary>
        private static void AddNames(ITypeSymbol? type, HashSet<string> names, int depth)
        {
            if (type is null || depth > MaxNesting)
            {
                return;
            }

            switch (type)
            {
                case IPointerTypeSymbol pointer:
                    AddNames(pointer.PointedAtType, names, depth + 1);
                    break;
                case IArrayTypeSymbol array:
                    AddNames(array.ElementType, names, depth + 1);
                    break;
                case INamedTypeSymbol named:
                    names.Add(named.Name);
                    foreach (var argument in named.TypeArguments)
                    {
                        AddNames(argument, names, depth + 1);
                    }

                    break;
            }
        }
    }
}
