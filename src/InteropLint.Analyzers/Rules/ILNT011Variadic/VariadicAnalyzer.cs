using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// ILNT011: a P/Invoke to a C function declared with <c>...</c>, reported where the arguments it passes break.
    /// The runtime passes every argument as a fixed one. That is how integer and pointer variadic arguments travel on
    /// x86-64 SysV, Windows x64 and Linux arm64; floating-point ones break on x86-64 SysV (AL) and in Windows x64's
    /// first four slots (also in integer registers); on Apple arm64 every variadic argument is read from an 8-byte
    /// stack slot (<see cref="AppleArm64Variadics"/>, which also checks the dummy-argument workaround). No fix.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1001", Justification = "Runs this rule alone (tests); the compiler host runs it through PInvokeSignatureAnalyzer, which carries the attribute")]
    public sealed class VariadicAnalyzer : PInvokeRuleAnalyzer
    {
        public VariadicAnalyzer()
            : base(Rule)
        {
        }

        /// <summary>ILNT011's check; <see cref="PInvokeSignatureAnalyzer"/> runs it with the other signature rules on each P/Invoke bound once.</summary>
        internal static readonly PInvokeRule Rule = new PInvokeRule(
            Descriptors.ILNT011,
            (compilation, interop) => (c, method, bound) => AnalyzeMethod(c, interop, bound!, interop.Marshalling));

        private static void AnalyzeMethod(SymbolAnalysisContext context, InteropContext interop, BoundPInvoke bound, MarshallingInfoParser marshalling)
        {
            var method = (IMethodSymbol)context.Symbol;
            var match = bound.Function;
            var variadicOn = new List<AbiDeclaration<FunctionDecl>>();
            foreach (var found in match.Found)
            {
                if (found.Declaration.IsVariadic)
                {
                    variadicOn.Add(found);
                }
            }

            if (variadicOn.Count == 0)
            {
                return;
            }

            var message = Compose(bound.PInvoke, variadicOn, match, interop, marshalling);
            if (message != null)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT011, SyntaxLocations.MethodIdentifier(method, context.CancellationToken), message));
            }
        }

        /// <summary>The finding's message, or null when the arguments this P/Invoke passes travel as the function reads them on every ABI.</summary>
        private static string? Compose(PInvokeMethod pinvoke, List<AbiDeclaration<FunctionDecl>> variadicOn, NativeMatch<FunctionDecl> match, InteropContext interop, MarshallingInfoParser marshalling)
        {
            var method = pinvoke.Method;
            var c = variadicOn[0].Declaration;
            var fixedCount = c.Parameters.Count;
            var head = "'" + c.Name + "' is variadic (" + MessageText.Where(c) + ": " + ValueShapes.Prototype(c) + "); ";
            var tail = "; no P/Invoke declaration is right on every ABI: format in C# and call a non-variadic function, or add a fixed-arity C wrapper" + MessageText.NotChecked(match.NotChecked);
            if (method.IsVararg)
            {
                return head + "__arglist calls are supported by the runtime on Windows x86/x64 only" + tail;
            }

            // A variadic function is cdecl on win-x86 whatever is passed: the caller pops the arguments.
            var x86 = Targets(variadicOn, t => t.EndsWith("-x86", StringComparison.Ordinal));
            var x86Problem = x86.Count > 0 && CallingConventions.OfPInvoke(pinvoke, interop.Types, out _) != "cdecl"
                ? "on " + MessageText.Abis(x86) + " the function is cdecl, so the P/Invoke needs CallingConvention.Cdecl"
                : null;

            var arguments = PassedArgument.Classify(pinvoke, marshalling, interop.Types);
            var extras = arguments.Skip(fixedCount).ToList();
            if (extras.Count == 0)
            {
                // Nothing variadic is passed, so nothing travels wrong; only a printf-like function then reads what was not passed.
                var none = new List<string>();
                if (c.HasAttribute("format"))
                {
                    none.Add("the P/Invoke passes no variadic argument, so any conversion in the format string ('%d', '%s') reads garbage; pass a format without conversions, or format in C#");
                }

                if (x86Problem != null)
                {
                    none.Add(x86Problem);
                }

                return none.Count == 0 ? null : head + string.Join("; ", none) + MessageText.NotChecked(match.NotChecked);
            }

            var problems = new List<string>();
            var notChecked = new List<KeyValuePair<string, string>>(match.NotChecked);
            var apple = AppleArm64Variadics.Judge(arguments, fixedCount);
            var appleProblem = false;
            var appleTargets = Targets(variadicOn, t => AbiTargets.IsApple(t) && t.EndsWith("-arm64", StringComparison.Ordinal));
            if (apple.UsesWorkaround)
            {
                // Dummy arguments before the variadic ones: the binding's Apple arm64 variant, called there only. Elsewhere the
                // dummies would be read as variadic arguments, so the other ABIs are the other variant's business.
                if (appleTargets.Count > 0 && apple.Problem != null)
                {
                    problems.Add("on " + MessageText.Abis(appleTargets) + " the P/Invoke fills the argument registers with dummy arguments so the variadic ones go on the stack, but " + apple.Problem);
                }

                return problems.Count == 0 ? null : head + string.Join("; ", problems) + MessageText.NotChecked(notChecked);
            }

            if (appleTargets.Count > 0 && !HasAppleVariant(pinvoke, extras, interop, marshalling, fixedCount))
            {
                if (apple.NotChecked != null)
                {
                    notChecked.AddRange(appleTargets.Select(t => new KeyValuePair<string, string>(t, apple.NotChecked)));
                }
                else if (apple.Problem != null)
                {
                    problems.Add("on " + MessageText.Abis(appleTargets) + " " + apple.Problem);
                    appleProblem = true;
                }
            }

            var floating = extras.Where(a => a.IsFloatingPoint).ToList();
            var sysv = Targets(variadicOn, t => t.EndsWith("-x64", StringComparison.Ordinal) && !AbiTargets.IsWindows(t));
            if (sysv.Count > 0 && floating.Count > 0)
            {
                problems.Add("on " + MessageText.Abis(sysv) + " the caller must set AL to the number of vector registers used, which the runtime does not, so floating-point variadic " + Names(floating) + " may be lost");
            }
            else if (sysv.Count > 0 && extras.FirstOrDefault(a => a.Kind == ArgumentClass.Unknown) is { } unknown)
            {
                // A struct by value may travel in vector registers there, which needs AL as a double does.
                notChecked.AddRange(sysv.Select(t => new KeyValuePair<string, string>(t, "variadic argument '" + unknown.Parameter.Name + "' is passed in a way not reasoned about (a struct by value or a custom marshaller)")));
            }

            var inIntegerRegisters = floating.Where(a => a.Parameter.Ordinal < 4).ToList();
            var win64 = Targets(variadicOn, t => t == "win-x64");
            if (win64.Count > 0 && inIntegerRegisters.Count > 0)
            {
                problems.Add("on " + MessageText.Abis(win64) + " floating-point variadic " + Names(inIntegerRegisters) + " must also be passed in an integer register, which the runtime does not do");
            }

            if (x86Problem != null)
            {
                problems.Add(x86Problem);
            }

            var singles = extras.Where(a => a.Kind == ArgumentClass.Single).ToList();
            if (singles.Count > 0)
            {
                problems.Add("C promotes a float variadic argument to double, so " + Names(singles) + " (float) is read as a double on every ABI: declare it double");
            }

            if (problems.Count == 0)
            {
                return null;
            }

            var kinds = floating.Count == 0 ? "integers and pointers only" : "floating-point: " + string.Join(", ", floating.Select(a => "'" + a.Parameter.Name + "'"));
            var passes = "the P/Invoke passes " + extras.Count.ToString(CultureInfo.InvariantCulture) + (extras.Count == 1 ? " variadic argument" : " variadic arguments") + " (" + kinds + ") as fixed ones; ";
            var advice = (sysv.Count > 0 && floating.Count > 0) || (win64.Count > 0 && inIntegerRegisters.Count > 0)
                ? "; no P/Invoke declaration passes floating-point variadic arguments right on x86-64: format in C# and call a non-variadic function, or add a fixed-arity C wrapper"
                : appleProblem
                    ? "; on Apple arm64 call a variant whose dummy register-sized arguments fill x0-x7 so the variadic ones go on the stack, or add a fixed-arity C wrapper"
                    : "";
            return head + passes + string.Join("; ", problems) + advice + MessageText.NotChecked(notChecked);
        }

        /// <summary>
        /// Whether the P/Invoke's type also declares the Apple arm64 variant of the same call: same entry point, dummy
        /// arguments before the variadic ones, then as many real variadic arguments as this one passes, of the same kinds
        /// (integer or pointer where this passes one, floating point where this does). The binding then chooses at run time,
        /// and this declaration serves the other ABIs; a variant for another shape of call does not count.
        /// </summary>
        private static bool HasAppleVariant(PInvokeMethod pinvoke, IReadOnlyList<PassedArgument> extras, InteropContext interop, MarshallingInfoParser marshalling, int fixedCount)
        {
            foreach (var member in pinvoke.Method.ContainingType.GetMembers())
            {
                if (member is not IMethodSymbol other || SymbolEqualityComparer.Default.Equals(other, pinvoke.Method)
                    || other.Parameters.Length <= pinvoke.Method.Parameters.Length
                    || interop.Bind(other) is not { } sibling || sibling.PInvoke.EntryPoint != pinvoke.EntryPoint)
                {
                    continue;
                }

                var arguments = PassedArgument.Classify(sibling.PInvoke, marshalling, interop.Types);
                var real = arguments.Skip(arguments.Count - extras.Count).ToList();
                if (real.Select(a => a.IsFloatingPoint).SequenceEqual(extras.Select(a => a.IsFloatingPoint))
                    && AppleArm64Variadics.Judge(arguments, fixedCount).UsesWorkaround)
                {
                    return true;
                }
            }

            return false;
        }

        private static List<string> Targets(List<AbiDeclaration<FunctionDecl>> on, Func<string, bool> which) =>
            on.Select(f => f.Target).Where(which).ToList();

        private static string Names(List<PassedArgument> arguments) =>
            (arguments.Count == 1 ? "argument " : "arguments ") + string.Join(", ", arguments.Select(a => "'" + a.Parameter.Name + "'"));
    }
}
