using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Analyzers
{
    /// <summary>One declaration as seen on one target ABI.</summary>
    internal readonly struct AbiDeclaration<T>
        where T : class
    {
        public AbiDeclaration(string target, AbiManifest abi, T declaration)
        {
            Target = target;
            Abi = abi;
            Declaration = declaration;
        }

        public string Target { get; }

        public AbiManifest Abi { get; }

        public T Declaration { get; }
    }

    /// <summary>A name looked up on every ABI: where it was found, and where it could not be checked and why.</summary>
    internal sealed class NativeMatch<T>
        where T : class
    {
        public NativeMatch(IReadOnlyList<AbiDeclaration<T>> found, IReadOnlyList<KeyValuePair<string, string>> notChecked)
        {
            Found = found;
            NotChecked = notChecked;
        }

        public IReadOnlyList<AbiDeclaration<T>> Found { get; }

        /// <summary>Target → why it was not checked there: not declared, not scanned, or facts clang could not resolve ("header errors (file:line)").</summary>
        public IReadOnlyList<KeyValuePair<string, string>> NotChecked { get; }

        public T First => Found[0].Declaration;
    }

    /// <summary>
    /// What the compilation knows of C: every manifest among the AdditionalFiles, indexed for
    /// lookups by library and name. Built once per compilation from cached manifests.
    /// </summary>
    internal sealed class NativeIndex
    {
        private static readonly NativeIndex Empty = new NativeIndex(Array.Empty<LoadedManifest>());

        /// <summary>
        /// The index of a parsed manifest, kept while the manifest is: the IDE makes a compilation per keystroke,
        /// and the tables rules derive from the headers (constants, declared names) need not be rebuilt for each.
        /// </summary>
        private static readonly ConditionalWeakTable<NativeManifest, NativeIndex> PerManifest = new ConditionalWeakTable<NativeManifest, NativeIndex>();

        private readonly ConcurrentDictionary<string, DeclaredNames> _declaredNames = new ConcurrentDictionary<string, DeclaredNames>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<(string Library, string Name), NativeMatch<FunctionDecl>?> _functions =
            new ConcurrentDictionary<(string, string), NativeMatch<FunctionDecl>?>();

        private NativeConstants? _constants;
        private HashSet<string>? _allocators;

        private readonly List<(NativeManifest Manifest, AbiManifest Abi)> _abis = new List<(NativeManifest, AbiManifest)>();

        /// <summary>Scanned ABIs where one header item's scan failed or timed out (ILNT902): only these need the per-header check on a miss.</summary>
        private readonly HashSet<AbiManifest> _partlyScanned = new HashSet<AbiManifest>();

        private NativeIndex(IReadOnlyList<LoadedManifest> files)
        {
            Files = files;
            var targets = new List<string>();
            foreach (var file in files)
            {
                if (file.Manifest is null)
                {
                    continue;
                }

                foreach (var abi in file.Manifest.Abis)
                {
                    _abis.Add((file.Manifest, abi));
                    if (abi.Scanned && abi.Diagnostics.Any(d => d.Code == ToolCode.ScanFailed && d.Header >= 0))
                    {
                        _partlyScanned.Add(abi);
                    }
                    if (!targets.Contains(abi.Target))
                    {
                        targets.Add(abi.Target);
                    }
                }
            }

            var known = AbiTargets.All.ToList();
            Targets = targets.OrderBy(t => known.IndexOf(t) < 0 ? int.MaxValue : known.IndexOf(t)).ThenBy(t => t, StringComparer.Ordinal).ToList();
        }

        public IReadOnlyList<LoadedManifest> Files { get; }

        /// <summary>The ABIs the manifests describe, in a stable order.</summary>
        public IReadOnlyList<string> Targets { get; }

        public bool HasDeclarations => _abis.Count > 0;

        /// <summary>The most functions one ABI declares: how many P/Invokes a binding of these headers may have.</summary>
        public int FunctionCount
        {
            get
            {
                var most = 0;
                foreach (var (_, abi) in _abis)
                {
                    most = Math.Max(most, abi.Functions.Count);
                }

                return most;
            }
        }

        public static NativeIndex Create(AnalyzerOptions options, CancellationToken cancellationToken)
        {
            List<LoadedManifest>? files = null;
            foreach (var file in options.AdditionalFiles)
            {
                if (ManifestCache.IsManifest(file))
                {
                    (files ??= new List<LoadedManifest>()).Add(ManifestCache.Load(file, cancellationToken));
                }
            }

            if (files is null)
            {
                return Empty;
            }

            if (files.Count == 1 && files[0].Manifest is NativeManifest only)
            {
                // The common case, one manifest: shared by every compilation that sees the same parsed manifest at the same path.
                var shared = PerManifest.GetValue(only, _ => new NativeIndex(files));
                if (shared.Files[0].Path == files[0].Path)
                {
                    return shared;
                }
            }

            return new NativeIndex(files);
        }

        /// <summary>The headers' #define constants and enumerators, indexed once per manifest.</summary>
        public NativeConstants Constants => LazyInitializer.EnsureInitialized(ref _constants, () => NativeConstants.Create(this))!;

        /// <summary>
        /// The allocators of the headers' ownership pairs on every ABI, collected once per manifest (not per compilation:
        /// the IDE makes one per edit). Read only.
        /// </summary>
        public HashSet<string> Allocators => LazyInitializer.EnsureInitialized(ref _allocators, () =>
        {
            var allocators = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (_, abi) in _abis)
            {
                foreach (var pair in abi.Ownership)
                {
                    allocators.Add(pair.Allocator);
                }
            }

            return allocators;
        })!;

        /// <summary>The names the headers serving <paramref name="library"/> declare (for "did you mean"), collected once per manifest.</summary>
        public DeclaredNames DeclaredNamesFor(string library) => _declaredNames.GetOrAdd(library, l => DeclaredNames.Collect(this, l));

        /// <summary>
        /// The C function a P/Invoke binds, on every ABI where a header serving <paramref name="library"/> declares it.
        /// Remembered per library and name for as long as the index lives (the manifest's, shared by the IDE's compilations
        /// while the manifest is unchanged): the answer depends on the manifest alone, and an edit that makes a new
        /// compilation need not look up the functions of every P/Invoke of the edited document again.
        /// </summary>
        public NativeMatch<FunctionDecl>? FindFunction(string library, string name) =>
            _functions.GetOrAdd((library, name), key => FindFunctionNew(key.Library, key.Name));

        private NativeMatch<FunctionDecl>? FindFunctionNew(string library, string name) =>
            Find(name, header => header.ServesLibrary(library), (m, abi) =>
            {
                foreach (var f in abi.FindFunctions(name))
                {
                    if (f.Header >= 0 && f.Header < m.Headers.Count && m.Headers[f.Header].ServesLibrary(library))
                    {
                        return f;
                    }
                }

                // The exported symbol of an asm label (glibc's __REDIRECT): the prototype describes that symbol.
                foreach (var f in abi.FindFunctionsBySymbol(name))
                {
                    if (f.Header >= 0 && f.Header < m.Headers.Count && m.Headers[f.Header].ServesLibrary(library))
                    {
                        return f;
                    }
                }

                return null;
            });

        /// <summary>A struct or union by tag or typedef name on every ABI.</summary>
        public NativeMatch<RecordDecl>? FindRecord(string name) => Find(name, AnyHeader, (_, abi) => abi.FindRecord(name));

        public NativeMatch<EnumDecl>? FindEnum(string name) => Find(name, AnyHeader, (_, abi) => abi.FindEnum(name));

        public NativeMatch<TypedefDecl>? FindTypedef(string name) => Find(name, AnyHeader, (_, abi) => abi.FindTypedef(name));

        /// <summary>Whether any header in the manifests serves this library name.</summary>
        public bool ServesLibrary(string library)
        {
            foreach (var file in Files)
            {
                if (file.Manifest is null)
                {
                    continue;
                }

                foreach (var header in file.Manifest.Headers)
                {
                    if (header.ServesLibrary(library))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Every ABI manifest, for rules that scan all declarations (constants, enumerators, names).</summary>
        public IEnumerable<(NativeManifest Manifest, AbiManifest Abi)> Abis => _abis;

        private static readonly Func<ManifestHeader, bool> AnyHeader = _ => true;

        /// <param name="mayDeclare">Which header items could declare the name: only their failed scans make it "not scanned".</param>
        private NativeMatch<T>? Find<T>(string name, Func<ManifestHeader, bool> mayDeclare, Func<NativeManifest, AbiManifest, T?> lookup)
            where T : class
        {
            if (_abis.Count == 0 || string.IsNullOrEmpty(name))
            {
                return null;
            }

            List<AbiDeclaration<T>>? found = null;
            List<KeyValuePair<string, string>>? missing = null;
            foreach (var target in Targets)
            {
                T? hit = null;
                AbiManifest? hitAbi = null;
                string? reason = null;
                foreach (var (manifest, abi) in _abis)
                {
                    if (abi.Target != target)
                    {
                        continue;
                    }

                    // Only a failed scan of a header that could declare the name leaves it unknown: SDL.h timing out
                    // says nothing of glibc's sigsuspend in another manifest, or in another header item of this one.
                    if (!abi.Scanned)
                    {
                        reason ??= NotScannedReason(manifest, abi, mayDeclare);
                        continue;
                    }

                    hit = lookup(manifest, abi);
                    if (hit is Declaration { IsResolved: false } unresolved)
                    {
                        // Facts clang guessed while recovering from an error are no facts: no rule judges them.
                        reason = unresolved.Unresolved;
                        hit = null;
                        continue;
                    }

                    if (hit is FunctionDecl { Symbol.Length: > 0 } renamed && renamed.Symbol != name)
                    {
                        // The header's prototype is that of another symbol; what the C name exports is not described.
                        reason = "the header binds '" + name + "' to the symbol '" + renamed.Symbol + "', another function";
                        hit = null;
                        continue;
                    }

                    if (hit != null)
                    {
                        hitAbi = abi;
                        break;
                    }

                    if (reason is null && _partlyScanned.Contains(abi))
                    {
                        reason = NotScannedReason(manifest, abi, mayDeclare);
                    }
                }

                if (hit != null)
                {
                    (found ??= new List<AbiDeclaration<T>>()).Add(new AbiDeclaration<T>(target, hitAbi!, hit));
                }
                else
                {
                    (missing ??= new List<KeyValuePair<string, string>>()).Add(new KeyValuePair<string, string>(target, reason ?? "not declared there"));
                }
            }

            // Declared but unresolved on every ABI: nothing to judge, and no rule may call it undeclared either.
            return found is null
                ? null
                : new NativeMatch<T>(found, (IReadOnlyList<KeyValuePair<string, string>>?)missing ?? Array.Empty<KeyValuePair<string, string>>());
        }

        /// <summary>
        /// Why a header item that could declare the name was not scanned on this ABI, or null when every such item was:
        /// the whole ABI failed, or one item's scan failed or timed out (ILNT902, which names its header).
        /// </summary>
        private static string? NotScannedReason(NativeManifest manifest, AbiManifest abi, Func<ManifestHeader, bool> mayDeclare)
        {
            bool Concerns(int header) =>
                header < 0 || header >= manifest.Headers.Count ? manifest.Headers.Count == 0 || manifest.Headers.Any(mayDeclare) : mayDeclare(manifest.Headers[header]);

            if (!abi.Scanned)
            {
                if (manifest.Headers.Count > 0 && !manifest.Headers.Any(mayDeclare))
                {
                    return null;
                }

                foreach (var d in abi.Diagnostics)
                {
                    if (d.Severity >= ScanSeverity.Error && Concerns(d.Header))
                    {
                        return "not scanned: " + d.Message;
                    }
                }

                return "not scanned";
            }

            foreach (var d in abi.Diagnostics)
            {
                if (d.Code == ToolCode.ScanFailed && d.Header >= 0 && Concerns(d.Header))
                {
                    return "not scanned: " + d.Message;
                }
            }

            return null;
        }
    }
}
