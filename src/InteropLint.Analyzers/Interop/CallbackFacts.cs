using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using InteropLint.Manifest;

namespace InteropLint.Analyzers
{
    /// <summary>What the scanner judged about functions that take callbacks: keeps the pointer or not, and why.</summary>
    internal static class CallbackFacts
    {
        private static readonly ConditionalWeakTable<AbiManifest, Dictionary<string, CallbackRegistration>> ByFunction =
            new ConditionalWeakTable<AbiManifest, Dictionary<string, CallbackRegistration>>();

        /// <summary>The first ABI's judgement of <paramref name="function"/>; null when the header gave no evidence.</summary>
        public static CallbackRegistration? Find(string function, IReadOnlyList<AbiDeclaration<FunctionDecl>> declarations)
        {
            foreach (var declaration in declarations)
            {
                if (ByFunction.GetValue(declaration.Abi, Build).TryGetValue(function, out var judged))
                {
                    return judged;
                }
            }

            return null;
        }

        /// <summary>The evidence as a message reads it: <c>the header pairs it with libvlc_event_detach at libvlc.h:350</c>.</summary>
        public static string Describe(CallbackRegistration judged)
        {
            switch (judged.Reason)
            {
                case RegistrationReason.UnregisterPair: return "the header pairs it with " + judged.Evidence;
                case RegistrationReason.DocComment: return "its doc comment says the library keeps it";
                case RegistrationReason.Setter: return "a setter: it " + judged.Evidence;
                case RegistrationReason.StoredInStruct: return judged.Evidence;
                default: return ManifestSpelling.Of(judged.Reason) + ": " + judged.Evidence;
            }
        }

        private static Dictionary<string, CallbackRegistration> Build(AbiManifest abi)
        {
            var map = new Dictionary<string, CallbackRegistration>(StringComparer.Ordinal);
            foreach (var judged in abi.Registrations)
            {
                if (!map.ContainsKey(judged.Function))
                {
                    map.Add(judged.Function, judged);
                }
            }

            return map;
        }
    }
}
