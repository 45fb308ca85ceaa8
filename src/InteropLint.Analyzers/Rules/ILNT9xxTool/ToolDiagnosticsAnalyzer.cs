using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using InteropLint.Manifest;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// ILNT900–903: what went wrong while reading the headers, carried to every place the user looks (IDE, build,
    /// <c>dotnet format</c>, SARIF) like any other rule, so <c>.editorconfig</c> severities and help links apply.
    /// The sources: the manifest's own diagnostics (clang errors, libclang missing, a unit out of time), an
    /// unreadable manifest, and the build's status file (what the MSBuild targets saw: a scanner that could not
    /// run, a committed manifest missing or out of date). The scanner never fails the build; this says why a
    /// check could not be made. Project-wide problems are reported at the first P/Invoke declaration, so that an
    /// editor shows them in a document (an editor analyses open documents, not the compilation's end); a
    /// project without one gets them without a location.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ToolDiagnosticsAnalyzer : DiagnosticAnalyzer
    {
        private const int MaxHeaderErrorsReported = 10;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
            ImmutableArray.Create(Descriptors.ILNT900, Descriptors.ILNT901, Descriptors.ILNT902, Descriptors.ILNT903);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(UserCode.DeclarationRuleFlags); // its anchor may be a LibraryImport, which looks generated: UserCode
            context.RegisterCompilationStartAction(start =>
            {
                var index = NativeIndex.Create(start.Options, start.CancellationToken);
                var projectWide = new List<(DiagnosticDescriptor Descriptor, string Message)>();
                foreach (var status in BuildStatusFile.Read(start.Options, start.CancellationToken))
                {
                    projectWide.Add((DescriptorFor(status.Code), status.Message));
                }

                foreach (var file in index.Files)
                {
                    CollectProjectWide(file, projectWide);
                }

                if (index.Files.Any(f => f.Manifest != null))
                {
                    start.RegisterCompilationEndAction(c =>
                    {
                        foreach (var file in index.Files)
                        {
                            ReportHeaderErrors(c, file);
                        }
                    });
                }

                if (projectWide.Count == 0)
                {
                    return;
                }

                var anchor = FirstPInvokeDeclaration(start.Compilation, start.CancellationToken);
                if (anchor != null)
                {
                    start.RegisterSymbolAction(
                        c =>
                        {
                            if (c.Symbol.Locations.Length > 0 && c.Symbol.Locations[0] == anchor)
                            {
                                foreach (var (descriptor, message) in projectWide)
                                {
                                    c.ReportDiagnostic(Diagnostic.Create(descriptor, anchor, message));
                                }
                            }
                        },
                        SymbolKind.Method);
                    return;
                }

                var reported = 0;
                start.RegisterSyntaxTreeAction(c =>
                {
                    if (System.Threading.Interlocked.Exchange(ref reported, 1) == 0)
                    {
                        foreach (var (descriptor, message) in projectWide)
                        {
                            c.ReportDiagnostic(Diagnostic.Create(descriptor, Location.None, message));
                        }
                    }
                });
            });
        }

        private static DiagnosticDescriptor DescriptorFor(string code) => code switch
        {
            RuleIdentifiers.ILNT901LibclangNotFound => Descriptors.ILNT901,
            RuleIdentifiers.ILNT903ManifestOutOfDate => Descriptors.ILNT903,
            _ => Descriptors.ILNT902,
        };

        /// <summary>A scan that did not run because libclang is missing is ILNT901; any other failure of the scan, ILNT902.</summary>
        private static DiagnosticDescriptor DescriptorFor(ToolCode code) =>
            code == ToolCode.LibclangNotFound ? Descriptors.ILNT901 : Descriptors.ILNT902;

        /// <summary>The name of the first method declared <c>extern</c> or with <c>[DllImport]</c>/<c>[LibraryImport]</c>, in the compilation's order.</summary>
        private static Location? FirstPInvokeDeclaration(Compilation compilation, CancellationToken cancellationToken)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes(n => !(n is BlockSyntax)))
                {
                    if (node is MethodDeclarationSyntax method && (method.Modifiers.Any(SyntaxKind.ExternKeyword) || HasImportAttribute(method)))
                    {
                        return method.Identifier.GetLocation();
                    }
                }
            }

            return null;
        }

        private static bool HasImportAttribute(MethodDeclarationSyntax method)
        {
            foreach (var list in method.AttributeLists)
            {
                foreach (var attribute in list.Attributes)
                {
                    var name = attribute.Name is QualifiedNameSyntax qualified ? qualified.Right.Identifier.ValueText : (attribute.Name as IdentifierNameSyntax)?.Identifier.ValueText;
                    if (name is "DllImport" or "DllImportAttribute" or "LibraryImport" or "LibraryImportAttribute")
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static void CollectProjectWide(LoadedManifest file, List<(DiagnosticDescriptor, string)> projectWide)
        {
            if (file.Manifest is null)
            {
                projectWide.Add((Descriptors.ILNT902, "InteropLint could not read the native manifest '" + file.Path + "': " + file.Error + "; nothing was checked against the headers"));
                return;
            }

            // libclang missing or a scan that could not run at all: one diagnostic per cause, naming the ABIs.
            foreach (var group in file.Manifest.Abis.Where(a => !a.Scanned).GroupBy(a => (FirstError(a)?.Code ?? ToolCode.None, FirstError(a)?.Message ?? "the scanner did not run")))
            {
                var targets = MessageText.Abis(group.Select(a => a.Target));
                projectWide.Add((DescriptorFor(group.Key.Item1), group.Key.Item2 + " (nothing was checked for " + targets + ")"));
            }

            // The scanner's own errors on scanned ABIs (ILNT902: a time-out).
            foreach (var abi in file.Manifest.Abis.Where(a => a.Scanned))
            {
                foreach (var d in abi.Diagnostics.Where(d => d.Severity >= ScanSeverity.Error && d.Code != ToolCode.None))
                {
                    projectWide.Add((DescriptorFor(d.Code), d.Message + " (" + abi.Target + ")"));
                }
            }
        }

        /// <summary>clang's errors (ILNT900, at the header line), one diagnostic per distinct error, naming the ABIs that saw it.</summary>
        private static void ReportHeaderErrors(CompilationAnalysisContext context, LoadedManifest file)
        {
            if (file.Manifest is null)
            {
                return;
            }

            var errors = new Dictionary<string, (ScanDiagnostic Diagnostic, List<string> Targets)>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var abi in file.Manifest.Abis)
            {
                if (!abi.Scanned)
                {
                    continue;
                }

                foreach (var d in abi.Diagnostics)
                {
                    if (d.Severity < ScanSeverity.Error || d.Code != ToolCode.None)
                    {
                        continue;
                    }

                    var key = d.File + ":" + d.Line.ToString(CultureInfo.InvariantCulture) + ":" + d.Message;
                    if (!errors.TryGetValue(key, out var entry))
                    {
                        entry = (d, new List<string>());
                        errors[key] = entry;
                        order.Add(key);
                    }

                    if (!entry.Targets.Contains(abi.Target))
                    {
                        entry.Targets.Add(abi.Target); // clang can report one error twice in a unit
                    }
                }
            }

            foreach (var key in Shown(order, errors))
            {
                var (d, targets) = errors[key];
                var message = "clang: " + d + " (while scanning for " + MessageText.Abis(targets) + "); declarations after it may be missing and are not checked";
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT900, HeaderLocation(d), message));
            }

            if (order.Count > MaxHeaderErrorsReported)
            {
                // Every ABI with errors is named with its count, so a long list for one ABI cannot hide another.
                var perAbi = new List<string>();
                foreach (var abi in file.Manifest.Abis)
                {
                    var count = order.Count(k => errors[k].Targets.Contains(abi.Target));
                    if (count > 0 && !perAbi.Any(p => p.StartsWith(abi.Target + ":", StringComparison.Ordinal)))
                    {
                        perAbi.Add(abi.Target + ": " + count.ToString(CultureInfo.InvariantCulture));
                    }
                }

                var more = (order.Count - MaxHeaderErrorsReported).ToString(CultureInfo.InvariantCulture);
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ILNT900,
                    Location.None,
                    "clang reported " + more + " more errors in the headers (errors per ABI: " + string.Join(", ", perAbi) + "); run 'interoplint scan' for the full list"));
            }
        }

        /// <summary>The errors reported one by one: the first of each ABI that had any, then the rest in order, up to the limit.</summary>
        private static List<string> Shown(List<string> order, Dictionary<string, (ScanDiagnostic Diagnostic, List<string> Targets)> errors)
        {
            var shown = new List<string>();
            var covered = new HashSet<string>(StringComparer.Ordinal);
            foreach (var key in order)
            {
                if (shown.Count < MaxHeaderErrorsReported && errors[key].Targets.Any(t => !covered.Contains(t)))
                {
                    shown.Add(key);
                    covered.UnionWith(errors[key].Targets);
                }
            }

            foreach (var key in order)
            {
                if (shown.Count >= MaxHeaderErrorsReported)
                {
                    break;
                }

                if (!shown.Contains(key))
                {
                    shown.Add(key);
                }
            }

            shown.Sort((a, b) => order.IndexOf(a).CompareTo(order.IndexOf(b)));
            return shown;
        }

        private static ScanDiagnostic? FirstError(AbiManifest abi)
        {
            foreach (var d in abi.Diagnostics)
            {
                if (d.Severity >= ScanSeverity.Error)
                {
                    return d;
                }
            }

            return abi.Diagnostics.Count > 0 ? abi.Diagnostics[0] : null;
        }

        /// <summary>A location in the header itself, so the build prints <c>zlib.h(12,3): warning ILNT900</c>.</summary>
        private static Location HeaderLocation(ScanDiagnostic d)
        {
            if (d.File.Length == 0 || d.Line <= 0)
            {
                return Location.None;
            }

            var position = new LinePosition(d.Line - 1, Math.Max(0, d.Column - 1));
            return Location.Create(d.File, default, new LinePositionSpan(position, position));
        }
    }
}
