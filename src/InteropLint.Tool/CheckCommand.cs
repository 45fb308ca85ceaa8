using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using InteropLint.Analyzers;
using InteropLint.Manifest;
using InteropLint.Scanner;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Tool;

/// <summary>
/// <c>check</c>: the headers scanned in-process (or a committed manifest read), the sources compiled, every
/// InteropLint analyzer run over them, the findings printed in the build's format, and an exit code for CI.
/// </summary>
internal static class CheckCommand
{
    /// <summary>The id prefix of the tool's own diagnostics (header did not parse, libclang missing, manifest trouble).</summary>
    private const string ToolDiagnosticPrefix = "ILNT9";

    public static int Run(CheckOptions options)
    {
        string manifestText;
        string manifestPath;
        if (options.Manifest != null && options.Headers.Count == 0 || options.Manifest != null && File.Exists(options.Manifest))
        {
            if (!File.Exists(options.Manifest))
            {
                Console.Error.WriteLine($"error: manifest '{options.Manifest}' not found");
                return ExitCodes.Usage;
            }

            manifestPath = options.Manifest!;
            manifestText = File.ReadAllText(manifestPath);
        }
        else
        {
            var request = new ScanRequest { Timeout = options.Timeout };
            request.Headers.AddRange(options.Headers);
            request.Targets.AddRange(options.Targets);
            Console.Error.WriteLine($"interoplint: scanning {request.Headers.Count} header(s) for {string.Join(";", request.Targets.Count > 0 ? request.Targets : AbiTargets.Parse(null))}");
            manifestText = ManifestWriter.Write(HeaderScanner.Scan(request).Manifest);
            manifestPath = Path.Combine(options.Directory, "interoplint-check" + ManifestCache.FileSuffix);
        }

        var sources = options.Sources.Select(f => (File.ReadAllText(f), f)).ToList();
        if (options.ImplicitUsings)
        {
            sources.Add((SourceCompilation.ImplicitUsings, Path.Combine(options.Directory, "obj", "GlobalUsings.g.cs")));
        }

        var compilation = SourceCompilation.Create(Path.GetFileName(options.Directory), sources);
        var analyzers = Analyzers();
        var withAnalyzers = compilation.WithAnalyzers(analyzers, SourceCompilation.Options(new[] { new InMemoryText(manifestPath, manifestText) }));
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult()
            .Where(d => d.Id.StartsWith("ILNT", StringComparison.Ordinal) && d.Severity != DiagnosticSeverity.Hidden)
            .Select(d => (Diagnostic: d, Text: Format(d)))
            .OrderBy(d => d.Diagnostic.Location.GetLineSpan().Path, StringComparer.Ordinal)
            .ThenBy(d => d.Diagnostic.Location.GetLineSpan().StartLinePosition)
            .ThenBy(d => d.Text, StringComparer.Ordinal)
            .ToList();
        foreach (var (_, text) in diagnostics)
        {
            Console.WriteLine(text);
        }

        bool Serious(Diagnostic d) => d.Severity >= DiagnosticSeverity.Warning;
        var findings = diagnostics.Count(d => Serious(d.Diagnostic) && !d.Diagnostic.Id.StartsWith(ToolDiagnosticPrefix, StringComparison.Ordinal));
        var toolProblems = diagnostics.Count(d => Serious(d.Diagnostic) && d.Diagnostic.Id.StartsWith(ToolDiagnosticPrefix, StringComparison.Ordinal));
        Console.Error.WriteLine($"interoplint: {options.Sources.Count} file(s) checked: {findings} finding(s), {toolProblems} tool diagnostic(s), {diagnostics.Count - findings - toolProblems} suggestion(s)");
        return findings > 0 ? ExitCodes.Findings : toolProblems > 0 ? ExitCodes.Incomplete : ExitCodes.Clean;
    }

    /// <summary>Every analyzer the package ships, found the way the compiler finds them.</summary>
    private static ImmutableArray<DiagnosticAnalyzer> Analyzers() =>
        typeof(StructLayoutAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    /// <summary><c>path(line,col): warning ILNT001: message</c>, as MSBuild prints a compiler diagnostic.</summary>
    private static string Format(Diagnostic diagnostic)
    {
        var severity = diagnostic.Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        var text = severity + " " + diagnostic.Id + ": " + diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        var span = diagnostic.Location.GetLineSpan();
        return span.IsValid && span.Path.Length > 0
            ? $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {text}"
            : "interoplint: " + text;
    }
}
