using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using InteropLint.Analyzers.Infrastructure;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// ILNT011: a P/Invoke to a C function declared with <c>...</c>. The runtime calls it as a fixed-arity
    /// function, and variadic arguments travel differently on Apple arm64 (stack), x86-64 SysV (AL) and
    /// Windows x64 (floats duplicated in integer registers). No fix: no declaration is right everywhere.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class VariadicAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.ILNT011);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var interop = InteropContext.Create(start.Compilation, start.Options, start.CancellationToken);
                if (interop is null)
                {
                    return;
                }

                start.RegisterSymbolAction(c => AnalyzeMethod(c, interop), SymbolKind.Method);
            });
        }

        private static void AnalyzeMethod(SymbolAnalysisContext context, InteropContext interop)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (!interop.TryBind(method, out _, out var match))
            {
                return;
            }

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

            var message = Compose(method, variadicOn, match);
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT011, SyntaxLocations.MethodIdentifier(method, context.CancellationToken), message));
        }

        private static string Compose(IMethodSymbol method, List<AbiDeclaration<FunctionDecl>> variadicOn, NativeMatch<FunctionDecl> match)
        {
            var c = variadicOn[0].Declaration;
            var fixedCount = c.Parameters.Count;
            var extra = method.Parameters.Length - fixedCount;
            var sb = new StringBuilder();
            sb.Append('\'').Append(c.Name).Append("' is variadic (").Append(MessageText.Where(c)).Append(": ").Append(NativeShapes.Prototype(c)).Append("); ");
            if (method.IsVararg)
            {
                sb.Append("__arglist calls are supported by the runtime on Windows x86/x64 only");
            }
            else if (extra > 0)
            {
                sb.Append("the P/Invoke passes ").Append(extra.ToString(CultureInfo.InvariantCulture))
                    .Append(extra == 1 ? " variadic argument" : " variadic arguments").Append(" as fixed ones");
            }
            else
            {
                sb.Append("the P/Invoke passes only the fixed arguments, so any conversion in the format reads garbage");
            }

            var stack = new List<string>();
            var sysv = new List<string>();
            var win64 = new List<string>();
            var x86 = new List<string>();
            foreach (var found in variadicOn)
            {
                var t = found.Target;
                if (AbiTargets.IsApple(t) && t.EndsWith("-arm64", System.StringComparison.Ordinal))
                {
                    stack.Add(t);
                }
                else if (t.EndsWith("-x64", System.StringComparison.Ordinal))
                {
                    (AbiTargets.IsWindows(t) ? win64 : sysv).Add(t);
                }
                else if (t.EndsWith("-x86", System.StringComparison.Ordinal))
                {
                    x86.Add(t);
                }
            }

            if (!method.IsVararg && extra > 0)
            {
                if (stack.Count > 0)
                {
                    sb.Append("; on ").Append(MessageText.Abis(stack)).Append(" variadic arguments are passed on the stack and fixed ones in registers, so the function reads garbage");
                }

                if (sysv.Count > 0)
                {
                    sb.Append("; on ").Append(MessageText.Abis(sysv)).Append(" the caller must set AL to the number of vector registers used, which the runtime does not, so floating-point arguments are lost");
                }

                if (win64.Count > 0)
                {
                    sb.Append("; on ").Append(MessageText.Abis(win64)).Append(" floating-point variadic arguments must also be in integer registers");
                }

                if (x86.Count > 0 && method.GetDllImportData()?.CallingConvention != System.Runtime.InteropServices.CallingConvention.Cdecl)
                {
                    sb.Append("; on ").Append(MessageText.Abis(x86)).Append(" the function is cdecl, so the P/Invoke needs CallingConvention.Cdecl");
                }
            }

            sb.Append("; no P/Invoke declaration is right on every ABI: format in C# and call a non-variadic function, or add a fixed-arity C wrapper");
            sb.Append(MessageText.NotChecked(match.NotChecked));
            return sb.ToString();
        }
    }
}
