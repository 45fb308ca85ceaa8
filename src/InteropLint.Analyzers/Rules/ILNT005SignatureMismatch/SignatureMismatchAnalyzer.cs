using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// ILNT005: a P/Invoke whose shape differs from the C prototype — parameter count, float versus double,
    /// integer versus floating point, struct by value versus pointer, pointer depth, return kind, and callbacks
    /// whose signature or calling convention differs from the C function-pointer type. One diagnostic per
    /// declaration, listing every difference; the fix rewrites the declaration from the prototype.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1001", Justification = "Runs this rule alone (tests); the compiler host runs it through PInvokeSignatureAnalyzer, which carries the attribute")]
    public sealed class SignatureMismatchAnalyzer : PInvokeRuleAnalyzer
    {
        public SignatureMismatchAnalyzer()
            : base(Rule)
        {
        }

        /// <summary>
        /// Diagnostic property: the rewrite, one line per C parameter (<c>K\ti</c> keep C# parameter i,
        /// <c>T\ti\ttype</c> retype it, <c>N\tname\ttype</c> add one), plus <c>R\ttype</c> for a new return type.
        /// Absent when no rewrite is safe.
        /// </summary>
        public const string PlanProperty = "Plan";

        /// <summary>ILNT005's check; <see cref="PInvokeSignatureAnalyzer"/> runs it with the other signature rules on each P/Invoke bound once.</summary>
        internal static readonly PInvokeRule Rule = new PInvokeRule(
            Descriptors.ILNT005,
            (compilation, interop) => (c, method, bound) => AnalyzeMethod(c, interop, bound!));

        private static void AnalyzeMethod(SymbolAnalysisContext context, InteropContext interop, BoundPInvoke bound)
        {
            var method = (IMethodSymbol)context.Symbol;
            var pinvoke = bound.PInvoke;
            var match = bound.Function;

            if (!pinvoke.IsLibraryImport && (method.MethodImplementationFlags & System.Reflection.MethodImplAttributes.PreserveSig) == 0)
            {
                return; // HRESULT-returning shape: the last C parameter is the C# return value
            }

            var dropped = DroppedReturn.Describe(bound);
            if (dropped != null && bound.Slots.Count > 0 && bound.Slots[0].IsReturn)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT005, bound.Slots[0].Location, DiagnosticSeverity.Info, null, null, dropped));
            }

            var problems = new List<(Location Location, string Text)>();
            var c = match.First;
            var countWrong = new List<string>();
            var wrongCounts = new List<int>();
            foreach (var found in match.Found)
            {
                var fixedCount = found.Declaration.Parameters.Count;
                if (method.Parameters.Length < fixedCount || (method.Parameters.Length > fixedCount && !found.Declaration.IsVariadic))
                {
                    countWrong.Add(found.Target);
                    if (!wrongCounts.Contains(fixedCount))
                    {
                        wrongCounts.Add(fixedCount);
                    }
                }
            }

            var plan = new List<string>();
            var fixable = true;
            if (countWrong.Count > 0)
            {
                problems.Add((SyntaxLocations.MethodIdentifier(method, context.CancellationToken),
                    // The count of the ABIs where it is wrong (SDL_CreateThread takes 5 on Windows, 3 elsewhere), not the first ABI's.
                    "C takes " + string.Join(" or ", wrongCounts.Select(Parameters)) + " but the P/Invoke declares " + method.Parameters.Length.ToString(CultureInfo.InvariantCulture) + On(countWrong, match)));
                // A count that differs per ABI (or is right on some) has no single rewrite.
                fixable &= countWrong.Count == match.Found.Count && SameCountEverywhere(match);
            }

            var retyped = new Dictionary<int, string>();
            foreach (var slot in bound.Slots)
            {
                var groups = new List<(string Text, List<string> Targets)>();
                foreach (var (target, type, _) in slot.Native)
                {
                    var text = slot.IsReturn ? CompareReturn(slot, type, target, interop.Types) : SignatureComparison.Compare(slot.Type, slot.RefKind, type, target, interop.Types);
                    if (text is null)
                    {
                        continue;
                    }

                    var group = groups.FindIndex(g => g.Text == text);
                    if (group < 0)
                    {
                        groups.Add((text, new List<string> { target }));
                    }
                    else
                    {
                        groups[group].Targets.Add(target);
                    }
                }

                if (groups.Count == 0)
                {
                    continue;
                }

                var sb = new StringBuilder(slot.Describe());
                for (var i = 0; i < groups.Count; i++)
                {
                    sb.Append(i == 0 ? " " : ", and ").Append(groups[i].Text).Append(On(groups[i].Targets, slot.Native.Count));
                }

                problems.Add((slot.Location, sb.ToString()));
                var replacement = Replacement(slot, interop.Types);
                if (replacement is null)
                {
                    fixable = false;
                }
                else
                {
                    retyped[slot.Index] = replacement;
                }
            }

            string? convention = null;
            var conventionProblem = CompareCallingConvention(pinvoke, match, interop.Types);
            if (conventionProblem != null)
            {
                problems.Add((SyntaxLocations.MethodIdentifier(method, context.CancellationToken), conventionProblem.Value.Text));
                convention = conventionProblem.Value.Fix;
                fixable &= convention != null;
            }

            if (problems.Count == 0)
            {
                return;
            }

            if (fixable)
            {
                fixable = Plan(method, c, match, retyped, interop.Types, plan);
                if (convention != null)
                {
                    plan.Add("C\t" + convention);
                }
            }

            var message = new StringBuilder();
            message.Append('\'').Append(c.Name).Append("' does not match its C prototype (").Append(MessageText.Where(c)).Append(": ")
                .Append(ValueShapes.Prototype(c)).Append("): ");
            for (var i = 0; i < problems.Count; i++)
            {
                message.Append(i == 0 ? "" : "; ").Append(problems[i].Text);
            }

            message.Append(fixable ? "" : "; no rewrite is right on every ABI checked").Append(MessageText.NotChecked(match.NotChecked));
            var properties = ImmutableDictionary<string, string?>.Empty;
            if (fixable)
            {
                properties = properties.Add(PlanProperty, string.Join("\n", plan));
            }

            var additional = new List<Location>();
            for (var i = 1; i < problems.Count; i++)
            {
                additional.Add(problems[i].Location);
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT005, problems[0].Location, additional, properties, message.ToString()));
        }

        private static string? CompareReturn(SignatureSlot slot, CType c, string target, InteropTypes types)
        {
            var managedVoid = slot.Type.SpecialType == SpecialType.System_Void;
            if (managedVoid && c.Kind != CTypeKind.Void)
            {
                return SignatureComparison.IgnoringIsHarmless(c)
                    ? null
                    : "is 'void' but C returns '" + c.Spelling + "' (" + ValueShapes.Describe(ValueShapes.Of(c), c) + "), which it writes through a hidden pointer the P/Invoke does not pass";
            }

            if (!managedVoid && c.Kind == CTypeKind.Void)
            {
                return "is '" + slot.ManagedDisplay() + "' but C returns nothing (void): the value read is garbage";
            }

            return SignatureComparison.Compare(slot.Type, slot.RefKind, c, target, types);
        }

        /// <summary>The C# type (with ref/out/in) that fits the C type at this slot on every ABI, keeping the user's struct types; null when none.</summary>
        private static string? Replacement(SignatureSlot slot, InteropTypes types)
        {
            var c = slot.Native[0].Type;
            var n = ValueShapes.Of(c);
            var m = ValueShapes.Of(slot.Type, slot.RefKind, types);
            if (n == ValueShape.Function && m == ValueShape.Function)
            {
                return null; // the delegate or function pointer type itself must change: no safe rewrite here
            }

            if (n == ValueShape.Record)
            {
                var pointee = ValueShapes.ManagedPointee(slot.Type, slot.RefKind);
                return pointee != null && pointee.IsValueType && ValueShapes.Of(pointee, RefKind.None, types) == ValueShape.Record && !slot.IsReturn
                    ? FullName(pointee)
                    : null;
            }

            if (n == ValueShape.Pointer && !slot.IsReturn && !IsVaListOnSomeAbi(slot))
            {
                var cPointee = ValueShapes.Pointee(c);
                if (m == ValueShape.Record && cPointee != null && ValueShapes.Of(cPointee) == ValueShape.Record)
                {
                    return (cPointee.IsConst ? "in " : "ref ") + FullName(slot.Type);
                }

                if (slot.RefKind != RefKind.None && cPointee != null)
                {
                    var pointees = new List<(string, CType, AbiManifest)>();
                    foreach (var (target, type, abi) in slot.Native)
                    {
                        var p = ValueShapes.Pointee(type);
                        if (p is null)
                        {
                            return null;
                        }

                        pointees.Add((target, p, abi));
                    }

                    var inner = PortableManagedType.Spell(pointees, types);
                    if (inner != null && inner != "void")
                    {
                        return (slot.RefKind == RefKind.Out ? "out " : slot.RefKind == RefKind.In ? "in " : "ref ") + inner;
                    }
                }
            }

            return PortableManagedType.Spell(slot.Native, types);
        }

        /// <summary>
        /// A <c>va_list</c>: an address whose pointee differs by ABI (a decayed array of records, <c>char</c>, AAPCS64's
        /// record), so no <c>ref</c> to a user's struct fits every ABI: the rewrite is the portable pointer-sized integer.
        /// </summary>
        private static bool IsVaListOnSomeAbi(SignatureSlot slot)
        {
            foreach (var (_, type, _) in slot.Native)
            {
                if (ValueShapes.IsVaList(type))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Fills the rewrite plan; false when a parameter C adds has no C# type that fits every ABI.</summary>
        private static bool Plan(IMethodSymbol method, FunctionDecl c, NativeMatch<FunctionDecl> match, Dictionary<int, string> retyped, InteropTypes types, List<string> plan)
        {
            if (retyped.TryGetValue(SignatureSlot.ReturnIndex, out var newReturn))
            {
                plan.Add("R\t" + newReturn);
            }

            var count = c.IsVariadic ? System.Math.Max(c.Parameters.Count, method.Parameters.Length) : c.Parameters.Count;
            for (var i = 0; i < count; i++)
            {
                var index = i.ToString(CultureInfo.InvariantCulture);
                if (i < method.Parameters.Length)
                {
                    plan.Add(retyped.TryGetValue(i, out var type) ? "T\t" + index + "\t" + type : "K\t" + index);
                    continue;
                }

                var perAbi = new List<(string, CType, AbiManifest)>();
                foreach (var found in match.Found)
                {
                    if (i >= found.Declaration.Parameters.Count)
                    {
                        return false;
                    }

                    perAbi.Add((found.Target, found.Declaration.Parameters[i].Type, found.Abi));
                }

                var added = PortableManagedType.Spell(perAbi, types);
                if (added is null || added == "void")
                {
                    return false;
                }

                var name = c.Parameters[i].Name.Length > 0 ? c.Parameters[i].Name : "arg" + index;
                plan.Add("N\t" + name + "\t" + added);
            }

            return true;
        }

        /// <summary>
        /// On win-x86 the P/Invoke's calling convention must be the C function's: DllImport's default (Winapi) and
        /// LibraryImport's platform default are stdcall there, most C functions are cdecl. Elsewhere there is one
        /// convention. Variadic functions are ILNT011's. Fix: the DllImport <c>CallingConvention</c> to set.
        /// </summary>
        private static (string Text, string? Fix)? CompareCallingConvention(PInvokeMethod pinvoke, NativeMatch<FunctionDecl> match, InteropTypes types)
        {
            foreach (var found in match.Found)
            {
                if (found.Target != "win-x86" || found.Declaration.IsVariadic)
                {
                    continue;
                }

                var native = CallingConventions.Native(found.Declaration);
                var managed = CallingConventions.OfPInvoke(pinvoke, types, out var how);
                if ((native != "cdecl" && native != "stdcall") || managed is null || managed == native)
                {
                    return null;
                }

                var fix = pinvoke.IsLibraryImport ? null : native == "cdecl" ? "Cdecl" : "StdCall";
                var text = "the P/Invoke is " + managed + " (" + how + ") but C is " + native + " on win-x86, which unbalances the stack"
                    + (fix != null ? "; set CallingConvention = CallingConvention." + fix : "; add [UnmanagedCallConv(CallConvs = new[] { typeof(CallConv" + (native == "cdecl" ? "Cdecl" : "Stdcall") + ") })]");
                return (text, fix);
            }

            return null;
        }

        private static bool SameCountEverywhere(NativeMatch<FunctionDecl> match)
        {
            foreach (var found in match.Found)
            {
                if (found.Declaration.Parameters.Count != match.First.Parameters.Count || found.Declaration.IsVariadic != match.First.IsVariadic)
                {
                    return false;
                }
            }

            return true;
        }

        private static string FullName(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

        private static string Parameters(int n) => n.ToString(CultureInfo.InvariantCulture) + (n == 1 ? " parameter" : " parameters");

        private static string On(List<string> targets, NativeMatch<FunctionDecl> match) => On(targets, match.Found.Count);

        private static string On(List<string> targets, int of) => targets.Count < of ? " on " + MessageText.Abis(targets) : "";
    }
}
