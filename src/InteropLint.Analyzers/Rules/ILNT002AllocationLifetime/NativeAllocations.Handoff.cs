using System;
using System.Collections.Concurrent;
using System.Threading;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>What a call does with a pointer it is given, and on what grounds.</summary>
    internal enum Handoff
    {
        /// <summary>It keeps or takes the pointer (or we cannot see into it): the value escapes there.</summary>
        Keeps,

        /// <summary>It only reads the pointer during the call, by what we know of the API or what the header says.</summary>
        Borrows,

        /// <summary>A P/Invoke nothing in the header judges: its name has no word that says it keeps the pointer.</summary>
        BorrowsByName,
    }

    internal sealed partial class NativeAllocations
    {
        /// <summary>Words in a C function's name that say it takes or keeps a pointer: the judgement of last resort.</summary>
        /// <summary>Per method: the <see cref="Handoff"/> + 1 of its receiver (slot 0) and of each parameter; 0 when not judged yet.</summary>
        private readonly ConcurrentDictionary<IMethodSymbol, int[]> _handoffs = new ConcurrentDictionary<IMethodSymbol, int[]>(SymbolEqualityComparer.Default);

        private static readonly string[] KeepingWords =
            { "take", "adopt", "attach", "transfer", "steal", "give", "register", "install", "insert", "push", "set_", "_set", "add_", "_add" };

        /// <summary>
        /// Whether <paramref name="method"/> keeps the pointer passed as <paramref name="parameter"/>. The interop helpers
        /// (<c>Marshal.*</c>, <c>NativeMemory.*</c>, spans, <c>Buffer</c>) borrow it. For a P/Invoke the header's evidence
        /// decides first: clang's <c>ownership_takes</c>/<c>ownership_holds</c> on that parameter or a deallocator of an
        /// ownership pair (keeps), the scanner's registration judgement of a function taking a callback (it keeps its
        /// user data when it keeps the callback; a synchronous one such as <c>qsort</c> borrows). With no evidence, the
        /// name decides (<c>take</c>, <c>attach</c>, <c>set</c>, <c>register</c>, …), and the message says so. Any other
        /// method is one we cannot see into: the pointer escapes there.
        /// </summary>
        public Handoff JudgeHandoff(IMethodSymbol method, IParameterSymbol? parameter)
        {
            // Judged once per method and parameter: the graph asks at every visit of every call an allocation reaches.
            var judged = _handoffs.GetOrAdd(method, m => new int[m.Parameters.Length + 1]);
            var slot = parameter is null ? 0 : parameter.Ordinal + 1;
            if (slot >= judged.Length)
            {
                return Judge(method, parameter);
            }

            var known = Volatile.Read(ref judged[slot]);
            if (known == 0)
            {
                known = 1 + (int)Judge(method, parameter);
                Volatile.Write(ref judged[slot], known);
            }

            return (Handoff)(known - 1);
        }

        private Handoff Judge(IMethodSymbol method, IParameterSymbol? parameter)
        {
            var type = method.ContainingType;
            if (type is null)
            {
                return Handoff.Keeps;
            }

            if (SymbolEqualityComparer.Default.Equals(type, _types.Marshal) || SymbolEqualityComparer.Default.Equals(type, _types.NativeMemory))
            {
                return Handoff.Borrows;
            }

            var name = type.ToDisplayString();
            if (name == "System.Buffer" || name.StartsWith("System.Span<", StringComparison.Ordinal) || name.StartsWith("System.ReadOnlySpan<", StringComparison.Ordinal)
                || name == "System.IntPtr" || name == "System.UIntPtr" || name == "System.GC")
            {
                return Handoff.Borrows;
            }

            var pinvoke = PInvokeOf(method);
            if (pinvoke is null)
            {
                return Handoff.Keeps;
            }

            var match = _interop?.Bind(method)?.Function;
            if (match != null)
            {
                var declaration = match.First;
                if ((parameter != null && TakesByAttribute(declaration.Attributes, parameter.Ordinal)) || OwnershipFacts.IsDeallocator(declaration.Name, match.Found))
                {
                    return Handoff.Keeps;
                }

                var judged = CallbackFacts.Find(declaration.Name, match.Found);
                if (judged != null)
                {
                    // "name": the scanner's own word list (foreach, visit, sort…) said synchronous: still a judgement by name
                    return judged.Keeps ? Handoff.Keeps : judged.Reason == RegistrationReason.Name ? Handoff.BorrowsByName : Handoff.Borrows;
                }
            }

            return KeepsByName(pinvoke.EntryPoint) ? Handoff.Keeps : Handoff.BorrowsByName;
        }

        /// <summary>
        /// Whether <paramref name="parameter"/> of the P/Invoke <paramref name="method"/> has, in the header, the very C type
        /// the allocation was returned as (<c>BZFILE *</c> to <c>BZ2_bzRead</c>): the function operates on the object, as
        /// the header's types say, rather than being judged by its name. The deallocator and attributes are judged before.
        /// </summary>
        public bool OperatesOnOwnType(IMethodSymbol method, IParameterSymbol? parameter, string? nativeType)
        {
            if (parameter is null || string.IsNullOrEmpty(nativeType))
            {
                return false;
            }

            var match = _interop?.Bind(method)?.Function;
            return match != null && parameter.Ordinal < match.First.Parameters.Count
                && match.First.Parameters[parameter.Ordinal].Type.Spelling == nativeType;
        }

        /// <summary>clang's <c>ownership_takes(M, n)</c> / <c>ownership_holds(M, n)</c> naming this parameter (1-based).</summary>
        private static bool TakesByAttribute(System.Collections.Generic.IReadOnlyList<string> attributes, int ordinal)
        {
            foreach (var attribute in attributes)
            {
                if (!(attribute.StartsWith("ownership_takes(", StringComparison.Ordinal) || attribute.StartsWith("ownership_holds(", StringComparison.Ordinal)))
                {
                    continue;
                }

                var open = attribute.IndexOf('(');
                var parts = attribute.Substring(open + 1, attribute.Length - open - 2).Split(',');
                for (var i = 1; i < parts.Length; i++)
                {
                    if (int.TryParse(parts[i].Trim(), out var index) && index == ordinal + 1)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool KeepsByName(string entryPoint)
        {
            var lower = entryPoint.ToLowerInvariant();
            foreach (var word in KeepingWords)
            {
                if (lower.Contains(word))
                {
                    return true;
                }
            }

            return lower.StartsWith("set", StringComparison.Ordinal) || lower.StartsWith("add", StringComparison.Ordinal);
        }
    }
}
