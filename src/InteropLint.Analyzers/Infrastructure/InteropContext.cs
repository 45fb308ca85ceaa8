using System.Threading;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Analyzers.Infrastructure
{
    /// <summary>Per-compilation state every header-based rule needs: the native index and the interop types.</summary>
    internal sealed class InteropContext
    {
        private InteropContext(NativeIndex index, InteropTypes types)
        {
            Index = index;
            Types = types;
        }

        public NativeIndex Index { get; }

        public InteropTypes Types { get; }

        /// <summary>Null when the compilation has no manifest with declarations: header rules then have nothing to say.</summary>
        public static InteropContext? Create(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            var index = NativeIndex.Create(options, cancellationToken);
            return index.HasDeclarations ? new InteropContext(index, InteropTypes.Create(compilation)) : null;
        }

        /// <summary>The P/Invoke facts of a method and the C function it binds, when both exist.</summary>
        public bool TryBind(IMethodSymbol method, out PInvokeMethod pinvoke, out NativeMatch<FunctionDecl> match, CancellationToken cancellationToken = default)
        {
            pinvoke = null!;
            match = null!;
            var p = PInvokeMethod.TryCreate(method, Types.LibraryImport);
            if (p is null || p.IsByOrdinal)
            {
                return false;
            }

            var m = Index.FindFunction(p.Library, p.EntryPoint);
            if (m is null)
            {
                return false;
            }

            pinvoke = p;
            match = m;
            return true;
        }
    }
}
