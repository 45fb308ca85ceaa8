using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// ILNT006: a P/Invoke whose entry point no header of its library declares — a typo, a removed API, or a
    /// macro such as zlib's <c>deflateInit</c> that expands to another function.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1001", Justification = "Runs this rule alone (tests); the compiler host runs it through PInvokeSignatureAnalyzer, which carries the attribute")]
    public sealed class EntryPointAnalyzer : PInvokeRuleAnalyzer
    {
        public EntryPointAnalyzer()
            : base(Rule)
        {
        }

        /// <summary>Diagnostic property: the names to offer, nearest first, separated by <c>;</c>.</summary>
        public const string SuggestionsProperty = "Suggestions";

        private const int MaxSuggestions = 3;

        /// <summary>ILNT006's check; <see cref="PInvokeSignatureAnalyzer"/> runs it with the other signature rules on each P/Invoke bound once.</summary>
        internal static readonly PInvokeRule Rule = new PInvokeRule(
            Descriptors.ILNT006,
            (compilation, interop) => (c, method, bound) => AnalyzeMethod(c, interop), checksUnbound: true);

        private static void AnalyzeMethod(SymbolAnalysisContext context, InteropContext interop)
        {
            var method = (IMethodSymbol)context.Symbol; // binds no C function: the driver calls this rule only then
            var pinvoke = PInvokeMethod.TryCreate(method, interop.Types.LibraryImport);
            if (pinvoke is null || pinvoke.IsByOrdinal || pinvoke.EntryPoint.Length == 0 || !interop.Index.ServesLibrary(pinvoke.Library))
            {
                return;
            }

            var names = interop.Index.DeclaredNamesFor(pinvoke.Library);
            if (!names.HasScannedAbi || names.HasUnscannedHeader || names.Functions.ContainsKey(pinvoke.EntryPoint))
            {
                return;
            }

            if (names.FindElsewhere(pinvoke.EntryPoint) is { } elsewhere)
            {
                if (elsewhere.Where == Manifest.ElsewhereKind.Sibling)
                {
                    // Declared in a header of the library that is not scanned: not missing, and not checked by any rule.
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.ILNT006, Locate(method, context.CancellationToken), DiagnosticSeverity.Info, null, null,
                        "entry point '" + pinvoke.EntryPoint + "' is declared in " + MessageText.Where(elsewhere)
                        + ", a header of the library that is not scanned: not checked; add it to the headers (InteropLintHeader) to check this P/Invoke"));
                }

                // Otherwise declared for a platform outside the checked ABIs (a skipped #ifdef block): not missing.
                return;
            }

            var alias = names.FindAlias(pinvoke.EntryPoint);
            var nearest = alias is null ? names.Nearest(pinvoke.EntryPoint, MaxSuggestions) : new List<string> { alias.Target };

            // A header with no Library metadata serves every library: a function it lacks may well live in
            // another library, so only a near miss is worth a warning there.
            if (!names.NamedExplicitly && nearest.Count == 0)
            {
                return;
            }

            var message = Compose(pinvoke, names, alias, nearest);
            var properties = ImmutableDictionary<string, string?>.Empty;
            if (nearest.Count > 0)
            {
                properties = properties.Add(SuggestionsProperty, string.Join(";", nearest));
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT006, Locate(method, context.CancellationToken), properties, message));
        }

        private static string Compose(PInvokeMethod pinvoke, DeclaredNames names, Manifest.MacroAliasDecl? alias, List<string> nearest)
        {
            var sb = new StringBuilder();
            sb.Append("entry point '").Append(pinvoke.EntryPoint).Append("' ");
            if (alias != null)
            {
                sb.Append("is a macro (").Append(MessageText.Where(alias)).Append(") that calls '").Append(alias.Target)
                    .Append("'; the library exports no function named '").Append(pinvoke.EntryPoint).Append("': bind '")
                    .Append(alias.Target).Append("' and declare the parameters its prototype has (the macro may supply some of them)");
            }
            else
            {
                sb.Append("is not declared by ").Append(string.Join(", ", names.HeaderFiles));
                if (pinvoke.Library.Length > 0)
                {
                    sb.Append(" (library '").Append(pinvoke.Library).Append("')");
                }

                if (nearest.Count > 0)
                {
                    sb.Append("; did you mean ");
                    for (var i = 0; i < nearest.Count; i++)
                    {
                        sb.Append(i == 0 ? "" : i == nearest.Count - 1 ? " or " : ", ")
                            .Append('\'').Append(nearest[i]).Append("' (").Append(MessageText.Where(names.Functions[nearest[i]])).Append(')');
                    }

                    sb.Append('?');
                }
                else
                {
                    sb.Append("; the call fails with EntryPointNotFoundException unless another library exports it");
                }
            }

            if (names.TargetsWithErrors.Count > 0)
            {
                sb.Append(" (the headers had errors on ").Append(MessageText.Abis(names.TargetsWithErrors)).Append(": declarations may be missing)");
            }

            return sb.ToString();
        }

        /// <summary>The <c>EntryPoint = "…"</c> value when there is one, else the method's name.</summary>
        private static Location Locate(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        {
            var syntax = SyntaxLocations.Declaration(method, cancellationToken);
            if (syntax != null)
            {
                foreach (var list in syntax.AttributeLists)
                {
                    foreach (var attribute in list.Attributes)
                    {
                        if (attribute.ArgumentList is null)
                        {
                            continue;
                        }

                        foreach (var argument in attribute.ArgumentList.Arguments)
                        {
                            if (argument.NameEquals?.Name.Identifier.ValueText == "EntryPoint")
                            {
                                return argument.Expression.GetLocation();
                            }
                        }
                    }
                }
            }

            return SyntaxLocations.MethodIdentifier(method, cancellationToken);
        }
    }
}
