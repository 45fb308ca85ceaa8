using System;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace InteropLint.Analyzers
{
    /// <summary>The interop facts of one <c>[DllImport]</c> or <c>[LibraryImport]</c> method.</summary>
    internal sealed class PInvokeMethod
    {
        private PInvokeMethod(IMethodSymbol method, string library, string entryPoint, bool isLibraryImport, CharSet charSet, int stringMarshalling)
        {
            Method = method;
            Library = library;
            EntryPoint = entryPoint;
            IsLibraryImport = isLibraryImport;
            CharSet = charSet;
            StringMarshalling = stringMarshalling;
            Marshalling = new MarshallingInfo?[method.Parameters.Length + 1];
        }

        public IMethodSymbol Method { get; }

        /// <summary>The library name as written (<c>"z"</c>, <c>"libz.so.1"</c>).</summary>
        public string Library { get; }

        /// <summary>The C function's name: <c>EntryPoint</c>, else the method's name.</summary>
        public string EntryPoint { get; }

        public bool IsLibraryImport { get; }

        /// <summary>DllImport's CharSet (Ansi by default); for LibraryImport, <see cref="CharSet.None"/>.</summary>
        public CharSet CharSet { get; }

        /// <summary>LibraryImport's StringMarshalling: 0 Custom, 1 Utf8, 2 Utf16; -1 when not given.</summary>
        public int StringMarshalling { get; }

        /// <summary>
        /// How each slot crosses (the return value at 0, parameter <c>i</c> at <c>i + 1</c>), filled by
        /// <see cref="MarshallingInfoParser"/> on first use: kept with the P/Invoke, so each rule that asks reads its
        /// attributes once without a compilation-wide table to fill, lock and grow for every P/Invoke.
        /// </summary>
        internal MarshallingInfo?[] Marshalling { get; }

        /// <summary>Entry points given by ordinal (<c>#12</c>) cannot be matched to a declaration.</summary>
        public bool IsByOrdinal => EntryPoint.Length > 0 && EntryPoint[0] == '#';

        /// <summary>
        /// Whether the method can be a P/Invoke at all, from its kind and modifiers alone: a <c>[DllImport]</c> method is
        /// <c>extern</c>, a <c>[LibraryImport]</c> one a partial definition. Cheap; reads no attribute.
        /// </summary>
        public static bool CanBe(IMethodSymbol method) =>
            method.MethodKind == MethodKind.Ordinary && (method.IsExtern || method.IsPartialDefinition);

        /// <summary>
        /// The invocation an <c>InvocationExpression</c> node makes when the method it calls <see cref="CanBe"/> a
        /// P/Invoke (and, when given, passes <paramref name="worthChecking"/>: a rule's own test on the signature, such as
        /// "takes a delegate"); null otherwise. The called name is checked first (<see cref="PInvokeNames"/>), then the
        /// symbol, so most calls never get a symbol bound and only the calls a rule checks get an operation made for them.
        /// </summary>
        public static IInvocationOperation? InvocationAt(SyntaxNodeAnalysisContext context, NativeIndex? index = null, Func<IMethodSymbol, bool>? worthChecking = null)
        {
            if (context.Node is InvocationExpressionSyntax syntax && !PInvokeNames.MayCall(context.SemanticModel.Compilation, syntax, index))
            {
                return null;
            }

            if (!(context.SemanticModel.GetSymbolInfo(context.Node, context.CancellationToken).Symbol is IMethodSymbol method && CanBe(method))
                || (worthChecking != null && !worthChecking(method)))
            {
                return null;
            }

            WorkCounters.CountOperationTree(context.SemanticModel.Compilation);
            return context.SemanticModel.GetOperation(context.Node, context.CancellationToken) as IInvocationOperation;
        }

        public static PInvokeMethod? TryCreate(IMethodSymbol method, INamedTypeSymbol? libraryImportAttribute)
        {
            if (!CanBe(method))
            {
                return null;
            }

            var dllImport = method.GetDllImportData();
            if (dllImport != null)
            {
                var library = dllImport.ModuleName ?? "";
                return new PInvokeMethod(method, library, dllImport.EntryPointName ?? method.Name, false, dllImport.CharacterSet, -1);
            }

            // [LibraryImport] goes on a partial method without a body; anything else is not a P/Invoke, and
            // asking for its attributes would bind them for every method of the compilation.
            if (libraryImportAttribute is null || !method.IsPartialDefinition)
            {
                return null;
            }

            foreach (var attribute in method.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, libraryImportAttribute))
                {
                    continue;
                }

                var library = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string s ? s : "";
                var entryPoint = method.Name;
                var marshalling = -1;
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "EntryPoint" && named.Value.Value is string e && e.Length > 0)
                    {
                        entryPoint = e;
                    }
                    else if (named.Key == "StringMarshalling" && named.Value.Value is int m)
                    {
                        marshalling = m;
                    }
                }

                return new PInvokeMethod(method, library, entryPoint, true, CharSet.None, marshalling);
            }

            return null;
        }
    }
}
