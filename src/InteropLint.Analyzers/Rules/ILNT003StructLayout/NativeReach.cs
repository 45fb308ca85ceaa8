using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// The names of the types of a compilation that can reach native code: written where a type meets native
    /// code (each tree's <see cref="StructUseIndex.ReachingNative"/>), the types of the values handed to native
    /// memory (the few <see cref="StructUseIndex.ReachingNativeValues"/>, asked of the semantic model), and the
    /// types of the fields of such structs, transitively. Made once per compilation, in one pass over the trees'
    /// indexes. By name: a managed struct that merely shares a name with one that reaches native code is kept,
    /// which costs a check, never a finding the layout does not earn.
    /// </summary>
    internal sealed class NativeReach
    {
        /// <summary>How deep "a field of a struct that is a field of a struct …" is followed.</summary>
        private const int MaxNesting = 8;

        private readonly HashSet<string> _names = new HashSet<string>(StringComparer.Ordinal);

        public NativeReach(Compilation compilation, IReadOnlyList<(SyntaxTree Tree, StructUseIndex Index)> trees, CancellationToken cancellationToken)
        {
            foreach (var (tree, index) in trees)
            {
                _names.UnionWith(index.ReachingNative);
                if (index.ReachingNativeValues.Count == 0)
                {
                    continue;
                }

                var model = compilation.GetSemanticModel(tree);
                foreach (var value in index.ReachingNativeValues)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    AddNames(model.GetTypeInfo(value, cancellationToken).Type, 0);
                }
            }

            for (var depth = 0; depth < MaxNesting && AddFieldsOfReachingStructs(trees); depth++)
            {
            }
        }

        /// <summary>Whether any of the names a struct goes by (its own, its global aliases) can reach native code.</summary>
        public bool Reaches(IEnumerable<string> names)
        {
            foreach (var name in names)
            {
                if (_names.Contains(name))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>One step of "a field of a struct that reaches native code reaches it too"; false when nothing was added.</summary>
        private bool AddFieldsOfReachingStructs(IReadOnlyList<(SyntaxTree Tree, StructUseIndex Index)> trees)
        {
            var added = new List<string>();
            foreach (var (_, index) in trees)
            {
                foreach (var mention in index.FieldMentions)
                {
                    if (_names.Contains(mention.Key))
                    {
                        continue;
                    }

                    foreach (var outer in mention.Value)
                    {
                        if (_names.Contains(outer.Identifier.ValueText))
                        {
                            added.Add(mention.Key);
                            break;
                        }
                    }
                }
            }

            _names.UnionWith(added);
            return added.Count > 0;
        }

        /// <summary>The type's name and those of its elements, pointees and type arguments (<c>Span&lt;wire&gt;</c> → wire).</summary>
        private void AddNames(ITypeSymbol? type, int depth)
        {
            if (type is null || depth > MaxNesting)
            {
                return;
            }

            switch (type)
            {
                case IPointerTypeSymbol pointer:
                    AddNames(pointer.PointedAtType, depth + 1);
                    break;
                case IArrayTypeSymbol array:
                    AddNames(array.ElementType, depth + 1);
                    break;
                case INamedTypeSymbol named:
                    _names.Add(named.Name);
                    foreach (var argument in named.TypeArguments)
                    {
                        AddNames(argument, depth + 1);
                    }

                    break;
            }
        }
    }
}
