using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// The members a compilation declares in source, found by name (issue 19). <c>Compilation.GetSymbolsWithName(name)</c>
    /// checks every member of each type that declares the name, so looking up each called name of a binding library
    /// that way is quadratic: every <c>NativeMethods.pb_fn_N</c> looked at all 400 P/Invokes of its class. Here the
    /// source types are listed once per compilation, keyed by the member names their declarations carry (no member
    /// symbol made), and a name costs a dictionary lookup plus <c>GetMembers(name)</c> on the few types that declare it.
    /// </summary>
    internal sealed class SourceMembers
    {
        private static readonly ConditionalWeakTable<Compilation, SourceMembers> PerCompilation = new ConditionalWeakTable<Compilation, SourceMembers>();

        private readonly Dictionary<string, List<INamedTypeSymbol>> _typesByMemberName = new Dictionary<string, List<INamedTypeSymbol>>(StringComparer.Ordinal);

        private SourceMembers(Compilation compilation)
        {
            var namespaces = new Stack<INamespaceSymbol>();
            namespaces.Push(compilation.SourceModule.GlobalNamespace);
            while (namespaces.Count > 0)
            {
                var current = namespaces.Pop();
                foreach (var child in current.GetNamespaceMembers())
                {
                    namespaces.Push(child);
                }

                foreach (var type in current.GetTypeMembers())
                {
                    Add(type);
                }
            }
        }

        /// <summary>The table of <paramref name="compilation"/> (made once, then shared by every rule and thread).</summary>
        public static SourceMembers Of(Compilation compilation) => PerCompilation.GetValue(compilation, c => new SourceMembers(c));

        /// <summary>Whether some source type declares a member called <paramref name="name"/>: most called names (<c>Append</c>, <c>Where</c>) are not.</summary>
        public bool Declares(string name) => _typesByMemberName.ContainsKey(name);

        /// <summary>The source methods called <paramref name="name"/>, in every type that declares one.</summary>
        public IEnumerable<IMethodSymbol> Methods(string name)
        {
            if (!_typesByMemberName.TryGetValue(name, out var types))
            {
                yield break;
            }

            foreach (var type in types)
            {
                foreach (var member in type.GetMembers(name))
                {
                    if (member is IMethodSymbol method)
                    {
                        yield return method;
                    }
                }
            }
        }

        private void Add(INamedTypeSymbol type)
        {
            foreach (var name in type.MemberNames)
            {
                if (!_typesByMemberName.TryGetValue(name, out var types))
                {
                    _typesByMemberName[name] = types = new List<INamedTypeSymbol>(1);
                }

                types.Add(type);
            }

            foreach (var nested in type.GetTypeMembers())
            {
                Add(nested);
            }
        }
    }
}
