using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.Robustness;

/// <summary>
/// Issue 10 item 4: every analyzer declares concurrent execution, keeps no mutable shared state but the
/// content-keyed manifest cache, and gives under many parallel compilations exactly what it gives one at a time.
/// </summary>
public sealed class ConcurrencyTests
{
    private readonly ITestOutputHelper _output;

    public ConcurrencyTests(ITestOutputHelper output) => _output = output;

    /// <summary>
    /// The rules that judge a P/Invoke declaration see generated code and skip it themselves (Binding/UserCode, case A of
    /// issue 15: the LibraryImport generator's [GeneratedCode] is merged onto the user's partial declaration); every other
    /// analyzer leaves generated code to Roslyn. A new analyzer joins the first list only deliberately. The compiler host
    /// loads the per-P/Invoke rules through their driver (PInvokeSignatureAnalyzer); each rule's own class runs it alone.
    /// </summary>
    private static readonly HashSet<string> DeclarationRules = new(StringComparer.Ordinal)
    {
        "PInvokeSignatureAnalyzer", "BoolWidthAnalyzer", "BorrowedStringAnalyzer", "CharWidthAnalyzer", "EntryPointAnalyzer", "EnumSizeAnalyzer",
        "IntegerWidthAnalyzer", "SignatureMismatchAnalyzer", "ToolDiagnosticsAnalyzer", "VariadicAnalyzer",
    };

    [Fact]
    public void EveryAnalyzer_EnablesConcurrentExecution_AndSkipsGeneratedCode()
    {
        foreach (var analyzer in RuleCatalog.NewAnalyzers())
        {
            var context = new RecordingAnalysisContext();
            analyzer.Initialize(context);
            var name = analyzer.GetType().Name;
            _output.WriteLine($"{name}: concurrent={context.ConcurrentExecution}, generated code={context.GeneratedCode?.ToString() ?? "not configured"}, actions={context.Registrations}");
            Assert.True(context.ConcurrentExecution, name + " does not call EnableConcurrentExecution");
            var expected = DeclarationRules.Contains(name)
                ? GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics
                : GeneratedCodeAnalysisFlags.None;
            Assert.True(expected == context.GeneratedCode, name + ": generated code " + (context.GeneratedCode?.ToString() ?? "not configured") + ", expected " + expected);
            Assert.True(context.Registrations > 0, name + " registers no action");
        }
    }

    /// <summary>
    /// Static state in the analyzer assembly: constants and readonly fields only (readonly collections are listed for
    /// review: reflection cannot tell a lookup table from a written one), and no analyzer instance state.
    /// </summary>
    [Fact]
    public void AnalyzerAssembly_HasNoMutableStaticState_ButTheManifestCache()
    {
        var allowed = new HashSet<string> { "InteropLint.Analyzers.ManifestCache" };
        var problems = new List<string>();
        var review = new List<string>();
        foreach (var type in typeof(IntegerWidthAnalyzer).Assembly.GetTypes())
        {
            if (type.IsDefined(typeof(CompilerGeneratedAttribute), false) || type.FullName!.Contains('<', StringComparison.Ordinal) || allowed.Contains(type.FullName))
            {
                continue; // lambda caches and the like are the compiler's
            }

            foreach (var field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.IsLiteral || field.IsDefined(typeof(CompilerGeneratedAttribute), false))
                {
                    continue;
                }

                if (!field.IsInitOnly)
                {
                    problems.Add($"{type.FullName}.{field.Name} is a static field that is not readonly");
                }
                else if (IsMutableCollection(field.FieldType) && !IsThreadSafe(field.FieldType))
                {
                    // Reflection cannot see whether it is only read (a lookup table) or written; list it for review.
                    review.Add($"{type.FullName}.{field.Name} ({field.FieldType.Name}): a static collection, must only be read");
                }
                else if (IsMutableCollection(field.FieldType))
                {
                    review.Add($"{type.FullName}.{field.Name} ({field.FieldType.Name}): a thread-safe static cache");
                }
            }

            if (typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
            {
                foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly).Where(f => !f.IsInitOnly))
                {
                    problems.Add($"{type.FullName}.{field.Name} is a mutable field of an analyzer (one instance serves every compilation)");
                }
            }
        }

        problems.ForEach(p => _output.WriteLine("FAIL " + p));
        review.ForEach(r => _output.WriteLine("review: " + r));
        Assert.Empty(problems);
    }

    /// <summary>
    /// Compilations analyzed in parallel, sharing one manifest text, sharing its content through different texts,
    /// and with more distinct manifests than the cache keeps (so entries are evicted while others read them).
    /// </summary>
    [Fact]
    public async Task ParallelCompilations_SharingAndNotSharingManifests_GiveTheSequentialResults()
    {
        var sources = FuzzCorpus.PositiveCases.Concat(OddInteropSources.All).Select(s => s.Text).Distinct().Take(6).ToList();
        var zlib = RealHeaders.Zlib;
        var sqlite = RealHeaders.Sqlite;

        // Twelve distinct contents describing the same declarations (the cache keeps eight).
        var variants = Enumerable.Range(0, 12).Select(i => zlib.Replace("\"generator\":\"", "\"generator\":\"variant " + i + " ", StringComparison.Ordinal)).ToList();
        var shared = new AnalyzerRunnerText("shared.interoplint.json", zlib);
        var jobs = new List<(string Name, Compilation Compilation, Func<AnalyzerOptions> Options)>();
        for (var s = 0; s < sources.Count; s++)
        {
            var compilation = AnalysisHarness.Compile(new[] { sources[s] }, "C" + s);
            var variant = variants[s % variants.Count];
            jobs.Add(($"source {s} / one shared text", compilation, () => Options(shared, new AnalyzerRunnerText("sqlite3.interoplint.json", sqlite))));
            jobs.Add(($"source {s} / same content, new text", compilation, () => Options(new AnalyzerRunnerText("zlib.interoplint.json", zlib))));
            jobs.Add(($"source {s} / variant {s % variants.Count}", compilation, () => Options(new AnalyzerRunnerText("v.interoplint.json", variant))));
            jobs.Add(($"source {s} / all variants", compilation, () => Options(variants.Select((v, i) => new AnalyzerRunnerText("v" + i + ".interoplint.json", v)).ToArray())));
        }

        var sequential = new Dictionary<string, string>();
        foreach (var job in jobs)
        {
            sequential[job.Name] = Render(await AnalysisHarness.AnalyzeAsync(job.Compilation, job.Options(), RuleCatalog.Analyzers, concurrent: false));
        }

        const int Rounds = 3;
        var parallelRuns = Enumerable.Range(0, Rounds).SelectMany(_ => jobs).ToList();
        var mismatches = new List<string>();
        await Parallel.ForEachAsync(parallelRuns, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(4, Environment.ProcessorCount * 2) }, async (job, _) =>
        {
            var result = Render(await AnalysisHarness.AnalyzeAsync(job.Compilation, job.Options(), RuleCatalog.Analyzers, concurrent: true));
            if (result != sequential[job.Name])
            {
                lock (mismatches)
                {
                    mismatches.Add(job.Name + ":\nsequential:\n" + sequential[job.Name] + "\nparallel:\n" + result);
                }
            }
        });

        var reporting = sequential.Values.Count(v => v.Contains("ILNT0", StringComparison.Ordinal));
        _output.WriteLine($"concurrency: {jobs.Count} compilation/manifest pairs ({reporting} with rule diagnostics), {parallelRuns.Count} parallel runs; mismatches: {mismatches.Count}");
        mismatches.Take(3).ToList().ForEach(_output.WriteLine);
        Assert.True(reporting > 0);
        Assert.Empty(mismatches);
    }

    private static AnalyzerOptions Options(params AdditionalText[] files) => new(files.ToImmutableArray());

    private static string Render(AnalysisOutcome outcome)
    {
        var lines = outcome.Diagnostics.Select(d => d.Id + " " + d.Location.GetLineSpan() + " " + d.GetMessage() + " " + string.Join(",", d.Properties.OrderBy(p => p.Key).Select(p => p.Key + "=" + p.Value)))
            .Concat(outcome.Exceptions.Select(e => "EXCEPTION " + e))
            .OrderBy(l => l, StringComparer.Ordinal);
        return string.Join("\n", lines);
    }

    private static bool IsThreadSafe(Type type) =>
        type.Namespace == "System.Collections.Concurrent" || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ConditionalWeakTable<,>));

    private static bool IsMutableCollection(Type type) =>
        !type.Namespace!.StartsWith("System.Collections.Immutable", StringComparison.Ordinal)
        && (type.IsArray || (typeof(IEnumerable).IsAssignableFrom(type) && type != typeof(string) && !type.IsInterface));

    /// <summary>A fresh SourceText per instance, like a new keystroke's compilation.</summary>
    private sealed class AnalyzerRunnerText : AdditionalText
    {
        private readonly Microsoft.CodeAnalysis.Text.SourceText _text;

        public AnalyzerRunnerText(string name, string text)
        {
            Path = "obj/" + name;
            _text = Microsoft.CodeAnalysis.Text.SourceText.From(text);
        }

        public override string Path { get; }

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>Records what an analyzer's Initialize asks for.</summary>
    private sealed class RecordingAnalysisContext : AnalysisContext
    {
        public bool ConcurrentExecution { get; private set; }

        public GeneratedCodeAnalysisFlags? GeneratedCode { get; private set; }

        public int Registrations { get; private set; }

        public override void EnableConcurrentExecution() => ConcurrentExecution = true;

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCode = analysisMode;

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) => Registrations++;

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => Registrations++;

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => Registrations++;

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => Registrations++;

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => Registrations++;

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => Registrations++;

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => Registrations++;

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => Registrations++;

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => Registrations++;

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => Registrations++;

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => Registrations++;

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => Registrations++;

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => Registrations++;
    }
}
