using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using InteropLint.Analyzers.Infrastructure;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// ILNT900–902: what went wrong while reading the headers, carried by the manifest to every place
    /// the user looks (IDE, build, <c>dotnet format</c>). The scanner never fails the build; this says why
    /// a check could not be made.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ToolDiagnosticsAnalyzer : DiagnosticAnalyzer
    {
        private const int MaxHeaderErrorsReported = 10;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
            ImmutableArray.Create(Descriptors.ILNT900, Descriptors.ILNT901, Descriptors.ILNT902);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationAction(c =>
            {
                var index = NativeIndex.Create(c.Options, c.CancellationToken);
                foreach (var file in index.Files)
                {
                    Report(c, file);
                }
            });
        }

        private static void Report(CompilationAnalysisContext context, LoadedManifest file)
        {
            if (file.Manifest is null)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ILNT902,
                    Location.None,
                    "InteropLint could not read the native manifest '" + file.Path + "': " + file.Error + "; nothing was checked against the headers"));
                return;
            }

            // libclang missing or a scan that could not run at all: one diagnostic per cause, naming the ABIs.
            foreach (var group in file.Manifest.Abis.Where(a => !a.Scanned).GroupBy(a => (FirstError(a)?.Code ?? "", FirstError(a)?.Message ?? "the scanner did not run")))
            {
                var targets = MessageText.Abis(group.Select(a => a.Target));
                var descriptor = group.Key.Item1 == RuleIdentifiers.LibclangNotFound ? Descriptors.ILNT901 : Descriptors.ILNT902;
                context.ReportDiagnostic(Diagnostic.Create(descriptor, Location.None, group.Key.Item2 + " (nothing was checked for " + targets + ")"));
            }

            // Errors of scanned ABIs: clang's (ILNT900, at the header line) and the scanner's own (ILNT902: a time-out),
            // one diagnostic per distinct error, naming the ABIs that saw it.
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
                    if (d.Severity < ScanSeverity.Error)
                    {
                        continue;
                    }

                    if (d.Code.Length > 0)
                    {
                        var toolDescriptor = d.Code == RuleIdentifiers.LibclangNotFound ? Descriptors.ILNT901 : Descriptors.ILNT902;
                        context.ReportDiagnostic(Diagnostic.Create(toolDescriptor, Location.None, d.Message + " (" + abi.Target + ")"));
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

            foreach (var key in order.Take(MaxHeaderErrorsReported))
            {
                var (d, targets) = errors[key];
                var message = "clang: " + d + " (while scanning for " + MessageText.Abis(targets) + "); declarations after it may be missing and are not checked";
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT900, HeaderLocation(d), message));
            }

            if (order.Count > MaxHeaderErrorsReported)
            {
                var more = (order.Count - MaxHeaderErrorsReported).ToString(CultureInfo.InvariantCulture);
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT900, Location.None, "clang reported " + more + " more errors in the headers; run the scanner's 'scan' for the full list"));
            }
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
