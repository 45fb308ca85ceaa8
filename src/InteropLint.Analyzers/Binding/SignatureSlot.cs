using System.Collections.Generic;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// One position of a P/Invoke's signature (the return value or a parameter) next to the C type
    /// at the same position on every ABI where the function is declared.
    /// </summary>
    internal sealed class SignatureSlot
    {
        public const int ReturnIndex = -1;

        private readonly SyntaxNode _typeSyntax;
        private Location? _location;

        private SignatureSlot(int index, string name, ITypeSymbol type, RefKind refKind, IParameterSymbol? parameter, IReadOnlyList<(string Target, CType Type, AbiManifest Abi)> native, SyntaxNode typeSyntax)
        {
            Index = index;
            Name = name;
            Type = type;
            RefKind = refKind;
            Parameter = parameter;
            Native = native;
            _typeSyntax = typeSyntax;
        }

        /// <summary>Parameter index, or <see cref="ReturnIndex"/>.</summary>
        public int Index { get; }

        public bool IsReturn => Index == ReturnIndex;

        public string Name { get; }

        public ITypeSymbol Type { get; }

        public RefKind RefKind { get; }

        public IParameterSymbol? Parameter { get; }

        /// <summary>The C type at this position on each ABI that declares it.</summary>
        public IReadOnlyList<(string Target, CType Type, AbiManifest Abi)> Native { get; }

        /// <summary>The C# type as written (the parameter's or the return type's syntax); made only when a rule reports.</summary>
        public Location Location => _location ??= _typeSyntax.GetLocation();

        /// <summary>How the slot reads in a message: <c>parameter 'crc'</c> or <c>the return value</c>.</summary>
        public string Describe() => IsReturn ? "the return value" : "parameter '" + Name + "'";

        /// <summary>The C# type as the user wrote it, with <c>ref</c>/<c>out</c>/<c>in</c>.</summary>
        public string ManagedDisplay() => ManagedDisplay(Type, RefKind);

        /// <summary>A C# type as a message shows it, with <c>ref</c>/<c>out</c>/<c>in</c> (one level down too, where a rule looks behind a pointer).</summary>
        public static string ManagedDisplay(ITypeSymbol type, RefKind refKind)
        {
            var text = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            return refKind switch
            {
                RefKind.Ref => "ref " + text,
                RefKind.Out => "out " + text,
                RefKind.In => "in " + text,
                _ => text,
            };
        }

        /// <summary>
        /// The return value and each parameter of a P/Invoke next to the C function's. Made once per P/Invoke
        /// and compilation (<see cref="BoundPInvoke.Slots"/>), shared by every rule.
        /// </summary>
        public static IReadOnlyList<SignatureSlot> Pair(PInvokeMethod pinvoke, NativeMatch<FunctionDecl> match)
        {
            var method = pinvoke.Method;
            MethodDeclarationSyntax? syntax = null;
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is MethodDeclarationSyntax m)
                {
                    syntax = m;
                    break;
                }
            }

            if (syntax is null)
            {
                return System.Array.Empty<SignatureSlot>();
            }

            var found = match.Found;
            var returns = new (string, CType, AbiManifest)[found.Count];
            for (var f = 0; f < found.Count; f++)
            {
                returns[f] = (found[f].Target, found[f].Declaration.Return, found[f].Abi);
            }

            var slots = new List<SignatureSlot>(method.Parameters.Length + 1)
            {
                new SignatureSlot(ReturnIndex, method.Name, method.ReturnType, method.RefKind, null, returns, syntax.ReturnType),
            };

            var parameters = syntax.ParameterList.Parameters;
            for (var i = 0; i < method.Parameters.Length && i < parameters.Count; i++)
            {
                var native = new List<(string, CType, AbiManifest)>(found.Count);
                for (var f = 0; f < found.Count; f++)
                {
                    var cParameters = found[f].Declaration.Parameters;
                    if (i < cParameters.Count)
                    {
                        native.Add((found[f].Target, cParameters[i].Type, found[f].Abi));
                    }
                }

                if (native.Count == 0 || parameters[i].Type is null)
                {
                    continue;
                }

                var parameter = method.Parameters[i];
                slots.Add(new SignatureSlot(i, parameter.Name, parameter.Type, parameter.RefKind, parameter, native, parameters[i].Type!));
            }

            return slots;
        }
    }
}
