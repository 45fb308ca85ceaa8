using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// What one syntax tree says, by name, about where structs are used: the P/Invoke candidates (<c>extern</c>
    /// methods and bodiless partial methods with attributes) whose signatures mention a name, the structs
    /// whose instance fields mention it, and the names written where a type meets native code (see
    /// <see cref="ReachingNative"/>). Purely syntactic, so it is made once per tree and kept while the tree
    /// lives: an IDE edit re-indexes only the edited document. Semantics (which type a name means, whether a
    /// method binds a header) are decided afterwards, for the few candidates a name selects.
    /// </summary>
    internal sealed class StructUseIndex
    {
        private static readonly ConditionalWeakTable<SyntaxTree, StructUseIndex> PerTree = new ConditionalWeakTable<SyntaxTree, StructUseIndex>();

        private static readonly IReadOnlyList<MethodDeclarationSyntax> NoMethods = Array.Empty<MethodDeclarationSyntax>();

        private static readonly IReadOnlyList<TypeDeclarationSyntax> NoStructs = Array.Empty<TypeDeclarationSyntax>();

        private readonly Dictionary<string, List<MethodDeclarationSyntax>> _signatures = new Dictionary<string, List<MethodDeclarationSyntax>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<TypeDeclarationSyntax>> _fields = new Dictionary<string, List<TypeDeclarationSyntax>>(StringComparer.Ordinal);
        private readonly List<KeyValuePair<string, HashSet<string>>> _globalAliases = new List<KeyValuePair<string, HashSet<string>>>();
        private readonly HashSet<string> _declaredReaching = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<(SyntaxNode Member, Dictionary<string, HashSet<string>> Aliases)> _bodies = new List<(SyntaxNode, Dictionary<string, HashSet<string>>)>();
        private BodyUses? _bodyUses;

        private StructUseIndex(SyntaxTree tree)
        {
            if (!(tree.GetRoot() is CompilationUnitSyntax root))
            {
                return;
            }

            var aliases = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            CollectAliases(root.Usings, aliases);
            foreach (var member in root.Members)
            {
                Visit(member, aliases);
            }

            _declaredReaching.UnionWith(_signatures.Keys); // a P/Invoke's signature reaches native code whether or not a header binds it
        }

        /// <summary><c>global using Z = N.ZStream;</c>: alias name → the names its target mentions.</summary>
        public IReadOnlyList<KeyValuePair<string, HashSet<string>>> GlobalAliases => _globalAliases;

        /// <summary>
        /// Names the declarations show meeting native code, found without reading a body: a P/Invoke's or a delegate's
        /// signature, and a type declared with a layout for native code (<c>[StructLayout]</c>, <c>[NativeTypeName]</c>).
        /// </summary>
        public IReadOnlyCollection<string> DeclaredReachingNative => _declaredReaching;

        /// <summary>
        /// What the members' signatures and bodies show meeting native code: the names in a function pointer, a pointer
        /// type (casts, locals, <c>fixed</c>), <c>sizeof</c>, the type arguments and <c>typeof</c> arguments of the calls
        /// that reinterpret memory (<see cref="NativeMemoryCalls"/>); and the values whose type only the semantic model
        /// knows (such a call's arguments when it names no type, what a <c>void*</c>/<c>byte*</c> <c>fixed</c> pins). Read
        /// on first use: walking every body is the index's dear part, needed only for a struct the declarations do not settle.
        /// </summary>
        public BodyUses ReachingNativeInBodies => LazyInitializer.EnsureInitialized(ref _bodyUses, ReadBodies)!;

        /// <summary>Each field type name with the structs that hold a field of it (the reverse of a struct's fields).</summary>
        public IEnumerable<KeyValuePair<string, List<TypeDeclarationSyntax>>> FieldMentions => _fields;

        public static StructUseIndex For(SyntaxTree tree) => PerTree.GetValue(tree, t => new StructUseIndex(t));

        /// <summary>P/Invoke candidates whose return or parameter types mention <paramref name="name"/>.</summary>
        public IReadOnlyList<MethodDeclarationSyntax> SignaturesMentioning(string name) =>
            _signatures.TryGetValue(name, out var methods) ? methods : NoMethods;

        /// <summary>Structs with an instance field whose type mentions <paramref name="name"/>.</summary>
        public IReadOnlyList<TypeDeclarationSyntax> StructsWithFieldsMentioning(string name) =>
            _fields.TryGetValue(name, out var structs) ? structs : NoStructs;

        private void Visit(MemberDeclarationSyntax member, Dictionary<string, HashSet<string>> aliases)
        {
            switch (member)
            {
                case BaseNamespaceDeclarationSyntax ns:
                    var scoped = aliases;
                    if (HasAlias(ns.Usings))
                    {
                        scoped = new Dictionary<string, HashSet<string>>(aliases, StringComparer.Ordinal);
                        CollectAliases(ns.Usings, scoped);
                    }

                    foreach (var inner in ns.Members)
                    {
                        Visit(inner, scoped);
                    }

                    break;
                case DelegateDeclarationSyntax callback:
                    AddDelegate(callback, aliases);
                    break;
                case GlobalStatementSyntax _:
                    _bodies.Add((member, aliases));
                    break;
                case TypeDeclarationSyntax type:
                    // Classes with attributes may be formatted classes ([StructLayout(Sequential)] class), which hold structs inline when marshalled.
                    var isStruct = type.IsKind(SyntaxKind.StructDeclaration) || type.IsKind(SyntaxKind.RecordStructDeclaration)
                        || (type.IsKind(SyntaxKind.ClassDeclaration) && type.AttributeLists.Count > 0);
                    if (isStruct && DeclaresNativeLayout(type))
                    {
                        _declaredReaching.Add(type.Identifier.ValueText);
                    }

                    foreach (var inner in type.Members)
                    {
                        if (inner is DelegateDeclarationSyntax callback)
                        {
                            AddDelegate(callback, aliases);
                        }
                        else if (!(inner is BaseTypeDeclarationSyntax))
                        {
                            _bodies.Add((inner, aliases));
                        }

                        if (inner is MethodDeclarationSyntax method)
                        {
                            if (IsPInvokeCandidate(method))
                            {
                                var names = new List<string>();
                                SignatureMentions(method.ReturnType, method.ParameterList, aliases, names);
                                Add(_signatures, names, method);
                            }
                        }
                        else if (inner is FieldDeclarationSyntax field)
                        {
                            if (isStruct && !IsStaticOrConst(field.Modifiers))
                            {
                                var names = new List<string>();
                                Mentions(field.Declaration.Type, aliases, names);
                                Add(_fields, names, type);
                            }
                        }
                        else if (inner is TypeDeclarationSyntax)
                        {
                            Visit(inner, aliases);
                        }
                    }

                    break;
            }
        }

        private void AddDelegate(DelegateDeclarationSyntax callback, Dictionary<string, HashSet<string>> aliases)
        {
            var names = new List<string>();
            SignatureMentions(callback.ReturnType, callback.ParameterList, aliases, names);
            _declaredReaching.UnionWith(names);
        }

        private BodyUses ReadBodies()
        {
            var uses = new BodyUses();
            foreach (var (member, aliases) in _bodies)
            {
                CollectReaching(member, aliases, uses);
            }

            return uses;
        }

        /// <summary>The names in <paramref name="member"/> (its signature and body) written where a type meets native code.</summary>
        private static void CollectReaching(SyntaxNode member, Dictionary<string, HashSet<string>> aliases, BodyUses uses)
        {
            var names = new List<string>();
            foreach (var node in member.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case PointerTypeSyntax pointer:
                        Mentions(pointer.ElementType, aliases, names);
                        break;
                    case FunctionPointerTypeSyntax functionPointer:
                        Mentions(functionPointer, aliases, names);
                        break;
                    case SizeOfExpressionSyntax size:
                        Mentions(size.Type, aliases, names);
                        break;
                    case InvocationExpressionSyntax call when NativeMemoryCalls.Reinterprets(call, out var typeArguments):
                        CollectReaching(call, typeArguments, aliases, names, uses.Values);
                        break;
                    case FixedStatementSyntax pin when pin.Declaration.Type is PointerTypeSyntax pinned && pinned.ElementType is PredefinedTypeSyntax:
                        foreach (var variable in pin.Declaration.Variables)
                        {
                            if (variable.Initializer != null)
                            {
                                uses.Values.Add(variable.Initializer.Value);
                            }
                        }

                        break;
                }
            }

            uses.Names.UnionWith(names);
        }

        /// <summary>A reinterpreting call: the types it names, or (naming none) its arguments for the semantic model.</summary>
        private static void CollectReaching(InvocationExpressionSyntax call, TypeArgumentListSyntax? typeArguments, Dictionary<string, HashSet<string>> aliases, List<string> names, List<ExpressionSyntax> values)
        {
            var namesType = typeArguments != null;
            if (typeArguments != null)
            {
                foreach (var argument in typeArguments.Arguments)
                {
                    Mentions(argument, aliases, names);
                }
            }

            foreach (var argument in call.ArgumentList.Arguments)
            {
                if (argument.Expression is TypeOfExpressionSyntax typeOf)
                {
                    Mentions(typeOf.Type, aliases, names);
                    namesType = true;
                }
            }

            if (namesType)
            {
                return;
            }

            foreach (var argument in call.ArgumentList.Arguments)
            {
                values.Add(argument.Expression);
            }
        }

        /// <summary><c>[StructLayout]</c> or a generator's <c>[NativeTypeName]</c>: the author laid the type out for native code.</summary>
        private static bool DeclaresNativeLayout(TypeDeclarationSyntax type)
        {
            foreach (var list in type.AttributeLists)
            {
                foreach (var attribute in list.Attributes)
                {
                    var name = attribute.Name is QualifiedNameSyntax qualified ? qualified.Right.Identifier.ValueText
                        : attribute.Name is AliasQualifiedNameSyntax aliased ? aliased.Name.Identifier.ValueText
                        : attribute.Name is SimpleNameSyntax simple ? simple.Identifier.ValueText
                        : string.Empty;
                    if (name == "StructLayout" || name == "StructLayoutAttribute" || StructMatches.IsNativeTypeNameAttribute(name))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary><c>static extern</c> (DllImport), or a partial method without a body (LibraryImport); with attributes.</summary>
        private static bool IsPInvokeCandidate(MethodDeclarationSyntax method)
        {
            if (method.AttributeLists.Count == 0)
            {
                return false;
            }

            foreach (var modifier in method.Modifiers)
            {
                if (modifier.IsKind(SyntaxKind.ExternKeyword))
                {
                    return true;
                }

                if (modifier.IsKind(SyntaxKind.PartialKeyword) && method.Body is null && method.ExpressionBody is null)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsStaticOrConst(SyntaxTokenList modifiers)
        {
            foreach (var modifier in modifiers)
            {
                if (modifier.IsKind(SyntaxKind.StaticKeyword) || modifier.IsKind(SyntaxKind.ConstKeyword))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Every simple name in a signature's return and parameter types.</summary>
        private static void SignatureMentions(TypeSyntax returnType, ParameterListSyntax parameters, Dictionary<string, HashSet<string>> aliases, List<string> names)
        {
            Mentions(returnType, aliases, names);
            foreach (var parameter in parameters.Parameters)
            {
                Mentions(parameter.Type, aliases, names);
            }
        }

        /// <summary>Every simple name in a type (<c>ZStream</c> in <c>ZStream*</c>, <c>N.ZStream[]</c>), with what local aliases stand for.</summary>
        private static void Mentions(TypeSyntax? type, Dictionary<string, HashSet<string>> aliases, List<string> names)
        {
            switch (type)
            {
                case null:
                case PredefinedTypeSyntax _:
                    return;
                case SimpleNameSyntax simple:
                    var name = simple.Identifier.ValueText;
                    names.Add(name);
                    if (aliases.Count > 0 && aliases.TryGetValue(name, out var target))
                    {
                        names.AddRange(target);
                    }

                    if (simple is GenericNameSyntax generic)
                    {
                        foreach (var argument in generic.TypeArgumentList.Arguments)
                        {
                            Mentions(argument, aliases, names);
                        }
                    }

                    return;
                case QualifiedNameSyntax qualified:
                    Mentions(qualified.Left, aliases, names);
                    Mentions(qualified.Right, aliases, names);
                    return;
                case AliasQualifiedNameSyntax aliasQualified:
                    Mentions(aliasQualified.Name, aliases, names);
                    return;
                case PointerTypeSyntax pointer:
                    Mentions(pointer.ElementType, aliases, names);
                    return;
                case ArrayTypeSyntax array:
                    Mentions(array.ElementType, aliases, names);
                    return;
                case NullableTypeSyntax nullable:
                    Mentions(nullable.ElementType, aliases, names);
                    return;
                case RefTypeSyntax reference:
                    Mentions(reference.Type, aliases, names);
                    return;
                default:
                    // tuples, function pointers and whatever C# adds later: every name in them
                    foreach (var node in type.DescendantNodes())
                    {
                        if (node is SimpleNameSyntax inner)
                        {
                            Mentions(inner, aliases, names);
                        }
                    }

                    return;
            }
        }

        private static bool HasAlias(SyntaxList<UsingDirectiveSyntax> usings)
        {
            foreach (var directive in usings)
            {
                if (directive.Alias != null)
                {
                    return true;
                }
            }

            return false;
        }

        private void CollectAliases(SyntaxList<UsingDirectiveSyntax> usings, Dictionary<string, HashSet<string>> aliases)
        {
            foreach (var directive in usings)
            {
                if (directive.Alias is null)
                {
                    continue;
                }

                var target = new HashSet<string>(StringComparer.Ordinal);
                foreach (var node in directive.DescendantNodes())
                {
                    if (node is SimpleNameSyntax simple && !(node.Parent is NameEqualsSyntax))
                    {
                        target.Add(simple.Identifier.ValueText);
                    }
                }

                var alias = directive.Alias.Name.Identifier.ValueText;
                aliases[alias] = target;
                if (directive.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword))
                {
                    _globalAliases.Add(new KeyValuePair<string, HashSet<string>>(alias, target));
                }
            }
        }

        private static void Add<T>(Dictionary<string, List<T>> index, List<string> names, T declaration)
            where T : class
        {
            foreach (var name in names)
            {
                if (!index.TryGetValue(name, out var list))
                {
                    index[name] = list = new List<T>(1);
                }

                if (list.Count == 0 || !ReferenceEquals(list[list.Count - 1], declaration))
                {
                    list.Add(declaration); // once per declaration, however often its signature names the type
                }
            }
        }
    }

    /// <summary>What a tree's bodies show meeting native code (<see cref="StructUseIndex.ReachingNativeInBodies"/>).</summary>
    internal sealed class BodyUses
    {
        public HashSet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal);

        public List<ExpressionSyntax> Values { get; } = new List<ExpressionSyntax>();
    }
}
