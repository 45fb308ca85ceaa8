using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// Per-compilation state every header-based rule needs: the native index, the interop types, each
    /// P/Invoke bound to its C function once (with its signature slots), and which structs stand for which
    /// C records. One instance serves every InteropLint analyzer of a compilation, so a P/Invoke's attributes
    /// are read, its C function looked up and its slots paired once, not once per rule.
    /// </summary>
    internal sealed class InteropContext
    {
        /// <summary>The context of each live compilation; dropped with the compilation.</summary>
        private static readonly ConditionalWeakTable<Compilation, Shared> PerCompilation = new ConditionalWeakTable<Compilation, Shared>();

        private readonly ConcurrentDictionary<IMethodSymbol, BoundPInvoke> _bound;
        private readonly Compilation _compilation;
        private StructMatches? _structs;

        private InteropContext(Compilation compilation, NativeIndex index, InteropTypes types)
        {
            _compilation = compilation;
            Index = index;
            Types = types;
            Marshalling = MarshallingInfoParser.For(compilation);

            // Sized for the header's functions (a binding rarely declares more), so the table is not regrown under the analyzers' threads.
            _bound = new ConcurrentDictionary<IMethodSymbol, BoundPInvoke>(4, Math.Min(index.FunctionCount, 1 << 16) + 31, SymbolEqualityComparer.Default);
        }

        public NativeIndex Index { get; }

        public InteropTypes Types { get; }

        /// <summary>How each parameter, return and field crosses (the one marshalling model), for the rules that ask.</summary>
        public MarshallingInfoParser Marshalling { get; }

        /// <summary>Which C# structs stand for which C records (ILNT003, and the fixes that must keep a struct's layout).</summary>
        public StructMatches Structs => LazyInitializer.EnsureInitialized(ref _structs, () => new StructMatches(_compilation, this))!;

        /// <summary>
        /// Null when the compilation has no manifest with declarations: header rules then have nothing to say.
        /// The same instance for every analyzer that asks with the same compilation and options.
        /// </summary>
        public static InteropContext? Create(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            var shared = PerCompilation.GetValue(compilation, c => new Shared(options, CreateNew(c, options, cancellationToken)));
            return ReferenceEquals(shared.Options, options) ? shared.Context : CreateNew(compilation, options, cancellationToken);
        }

        /// <summary>
        /// Registers <paramref name="start"/> for each compilation that has a manifest with declarations, with its
        /// context: the start of every rule that checks C# against the header.
        /// </summary>
        public static void RegisterStartAction(AnalysisContext context, Action<CompilationStartAnalysisContext, InteropContext> start) =>
            context.RegisterCompilationStartAction(c =>
            {
                var interop = Create(c.Compilation, c.Options, c.CancellationToken);
                if (interop != null)
                {
                    start(c, interop);
                }
            });

        /// <summary>The method as a P/Invoke bound to its C function, or null when it is not one or binds nothing.</summary>
        public BoundPInvoke? Bind(IMethodSymbol method)
        {
            if (!PInvokeMethod.CanBe(method))
            {
                return null; // most methods: decided from modifiers, without reading attributes or remembering them
            }

            if (_bound.TryGetValue(method, out var known))
            {
                return known.IsBound ? known : null;
            }

            var bound = BindNew(method);
            bound = _bound.GetOrAdd(method, bound);
            return bound.IsBound ? bound : null;
        }

        /// <summary>
        /// <see cref="Bind"/> for a rule that judges the declaration: null also when the user did not write it (generated
        /// code, see <see cref="UserCode"/>), so a LibraryImport's partial definition is judged and the generator's output is not.
        /// </summary>
        public BoundPInvoke? BindDeclaration(IMethodSymbol method, CancellationToken cancellationToken)
        {
            var bound = Bind(method);
            return bound != null && UserCode.IsUserWritten(method, Types, cancellationToken) ? bound : null;
        }

        private BoundPInvoke BindNew(IMethodSymbol method)
        {
            var pinvoke = PInvokeMethod.TryCreate(method, Types.LibraryImport);
            if (pinvoke is null || pinvoke.IsByOrdinal)
            {
                return BoundPInvoke.None;
            }

            var function = Index.FindFunction(pinvoke.Library, pinvoke.EntryPoint);
            if (function != null)
            {
                // A variant bound for some OSes ([SupportedOSPlatform]) is judged on their ABIs only.
                function = PlatformSupport.Restrict(function, method);
            }

            return function is null ? BoundPInvoke.None : new BoundPInvoke(pinvoke, function);
        }

        private static InteropContext? CreateNew(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            var index = NativeIndex.Create(options, cancellationToken);
            return index.HasDeclarations ? new InteropContext(compilation, index, InteropTypes.Create(compilation, options)) : null;
        }

        private sealed class Shared
        {
            public Shared(AnalyzerOptions options, InteropContext? context)
            {
                Options = options;
                Context = context;
            }

            public AnalyzerOptions Options { get; }

            public InteropContext? Context { get; }
        }
    }

    /// <summary>A P/Invoke and the C function it binds, with its signature slots paired once.</summary>
    internal sealed class BoundPInvoke
    {
        /// <summary>Remembers that a method binds nothing.</summary>
        public static readonly BoundPInvoke None = new BoundPInvoke(null!, null!);

        private IReadOnlyList<SignatureSlot>? _slots;

        public BoundPInvoke(PInvokeMethod pinvoke, NativeMatch<FunctionDecl> function)
        {
            PInvoke = pinvoke;
            Function = function;
        }

        public PInvokeMethod PInvoke { get; }

        public NativeMatch<FunctionDecl> Function { get; }

        public bool IsBound => PInvoke != null;

        /// <summary>The return value and each parameter next to the C types at the same position.</summary>
        public IReadOnlyList<SignatureSlot> Slots => LazyInitializer.EnsureInitialized(ref _slots, () => SignatureSlot.Pair(PInvoke, Function))!;
    }
}
