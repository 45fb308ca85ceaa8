using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace InteropLint.Perf;

/// <summary>
/// The binding compiled in-process through Roslyn, as csc compiles it: without analyzers, with InteropLint's,
/// and with the peer (NetAnalyzers' interop rules); then the IDE's single-document analysis after an edit.
/// </summary>
public sealed class CompileBenchmark
{
    /// <summary>The peers' interop rules: NetAnalyzers' P/Invoke and marshalling rules, and the runtime's LibraryImport analyzer.</summary>
    private static readonly HashSet<string> PeerRuleIds = new(StringComparer.Ordinal)
    {
        "CA1060", "CA1401", "CA1417", "CA1419", "CA1420", "CA1421", "CA1838", "CA2101", "SYSLIB1054",
    };

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private readonly GeneratedBinding _binding;
    private readonly AdditionalText _manifest;
    private readonly ImmutableArray<DiagnosticAnalyzer> _interopLint = AnalyzerSide.All();

    public CompileBenchmark(GeneratedBinding binding, string manifestPath)
    {
        _binding = binding;
        _manifest = new MemoryAdditionalText(manifestPath, SourceText.From(File.ReadAllText(manifestPath)));
    }

    /// <summary>Why the peer figure is missing, when it is.</summary>
    public static string PeerNote { get; private set; } = "";

    public void Run(ResultTable table, int size, int runs, int edits)
    {
        var noOp = ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpAnalyzer());
        // as many no-op analyzers as InteropLint has: what the analyzer driver charges per analyzer, whatever it does
        var noOps = Enumerable.Range(0, _interopLint.Length).Select(_ => (DiagnosticAnalyzer)new NoOpAnalyzer()).ToImmutableArray();

        // cold: a compiler process that has not parsed this manifest yet (the driver's code is warmed first)
        CompileWith(noOp);
        AnalyzerSide.ClearCache();
        var cold = CompileWith(_interopLint);
        table.Row("InteropLint analyzers, first compilation (parses manifest), telemetry", "ms").Values[size] = cold.Analyzers;
        Emit(Compile(), null);

        // interleaved, so the load other people put on the machine falls on all three alike
        var withoutRuns = new List<(double Wall, double Cpu)>();
        var driver = new List<(double Wall, double Analyzers, int Diagnostics, IReadOnlyDictionary<string, double> PerAnalyzer, double Cpu)>();
        var drivers = new List<(double Wall, double Analyzers, int Diagnostics, IReadOnlyDictionary<string, double> PerAnalyzer, double Cpu)>();
        var warm = new List<(double Wall, double Analyzers, int Diagnostics, IReadOnlyDictionary<string, double> PerAnalyzer, double Cpu)>();
        for (var i = 0; i < runs; i++)
        {
            withoutRuns.Add(Measure.WallAndCpu(() => Emit(Compile(), null)));
            driver.Add(CompileWith(noOp));
            drivers.Add(CompileWith(noOps));
            warm.Add(CompileWith(_interopLint));
        }

        var without = Measure.Median(withoutRuns.Select(r => r.Wall));
        var withoutCpu = Measure.Median(withoutRuns.Select(r => r.Cpu));
        var driverCpu = Measure.Median(driver.Select(d => d.Cpu));
        table.Row("compile without analyzers (parse+bind+emit), wall", "ms").Values[size] = without;
        table.Row("compile without analyzers, CPU", "ms").Values[size] = withoutCpu;
        table.Row("compile with a no-op analyzer (the driver's cost), CPU", "ms").Values[size] = driverCpu;
        table.Row($"compile with {_interopLint.Length} no-op analyzers (the driver's cost of as many analyzers), CPU", "ms").Values[size] = Measure.Median(drivers.Select(d => d.Cpu));

        var analyzerTime = Measure.Median(warm.Select(w => w.Analyzers));
        var wallWith = Measure.Median(warm.Select(w => w.Wall));
        var cpuWith = Measure.Median(warm.Select(w => w.Cpu));
        table.Row("compile with InteropLint, wall", "ms").Values[size] = wallWith;
        table.Row("compile with InteropLint, CPU", "ms").Values[size] = cpuWith;
        // paired: each round's InteropLint compile against the same round's no-op compile
        var share = table.Row("InteropLint share of compile CPU", "%", "≤ 3% at 10k", v => v <= 3);
        share.Values[size] = 100 * Measure.Median(warm.Zip(driver, (w, d) => w.Cpu - d.Cpu)) / withoutCpu;
        share.Note = "median over rounds of (CPU with InteropLint − CPU with the no-op analyzer) / CPU without";

        // one thread: the telemetry is then the analyzers' own time, not time spent waiting for a core among the compiler's threads
        var sequential = Enumerable.Range(0, Math.Max(1, runs - 2)).Select(_ => CompileWith(_interopLint, concurrent: false)).ToList();
        var sequentialRow = table.Row("InteropLint analyzer time, sequential analysis (telemetry)", "ms");
        sequentialRow.Values[size] = Measure.Median(sequential.Select(q => q.Analyzers));
        table.Row("  as share of compile CPU without analyzers", "%", "≤ 3% at 10k", v => v <= 3).Values[size] = 100 * sequentialRow.Values[size] / withoutCpu;
        // csc binds every attribute whether analyzers run or not, once for compiler and analyzers; in-process, the
        // analyzers get a clone, and whichever asks first binds again (see NoOpAnalyzer). Charged to the reference here.
        var withReference = noOp.AddRange(_interopLint);
        var ownWork = Enumerable.Range(0, Math.Max(1, runs - 2)).Select(_ => CompileWith(withReference, concurrent: false)).ToList();
        var ownRow = table.Row("InteropLint analyzer time, sequential, P/Invoke attributes bound first (telemetry)", "ms");
        ownRow.Values[size] = Measure.Median(ownWork.Select(q => q.PerAnalyzer.Where(p => p.Key != nameof(NoOpAnalyzer)).Sum(p => p.Value)));
        ownRow.Note = "the no-op analyzer runs first and binds each P/Invoke's attributes, as csc's own emit would";
        table.Row("  own work as share of compile CPU without analyzers", "%", "≤ 3% at 10k", v => v <= 3).Values[size] = 100 * ownRow.Values[size] / withoutCpu;
        var floor = Enumerable.Range(0, Math.Max(1, runs - 2)).Select(_ => CompileWith(noOp, concurrent: false)).ToList();
        var floorRow = table.Row("  the no-op analyzer, sequential (telemetry's floor)", "ms");
        floorRow.Values[size] = Measure.Median(floor.Select(q => q.Analyzers));
        floorRow.Note = "the same callbacks doing nothing: what the measurement itself costs per P/Invoke";
        table.Row("InteropLint analyzer time (telemetry, warm cache)", "ms").Values[size] = analyzerTime;
        table.Row("InteropLint share of compile wall time (telemetry)", "%").Values[size] = 100 * analyzerTime / without;
        table.Row("InteropLint diagnostics on the correct binding", "count", "0 (false positives)", v => v == 0).Values[size] = warm[0].Diagnostics;
        foreach (var analyzer in ownWork[0].PerAnalyzer.Keys.Where(k => k != nameof(NoOpAnalyzer)))
        {
            // from the sequential runs with declarations bound first: each rule's own work, not its wait for a core
            table.Row("  " + analyzer, "ms").Values[size] = Measure.Median(ownWork.Select(w => w.PerAnalyzer[analyzer]));
        }

        var peers = PeerAnalyzers();
        if (peers.Length > 0)
        {
            var peerRuns = Enumerable.Range(0, Math.Max(1, runs - 1)).Select(_ => CompileWith(peers)).ToList();
            var peerTime = Measure.Median(peerRuns.Select(p => p.Analyzers));
            var row = table.Row("peer: NetAnalyzers interop rules (telemetry)", "ms");
            row.Values[size] = peerTime;
            row.Note = PeerNote;
            table.Row("peer share of compile time", "%").Values[size] = 100 * peerTime / without;
        }
        else
        {
            table.Row("peer: NetAnalyzers interop rules (telemetry)", "ms").Note = PeerNote;
        }

        EditOneMethod(table, size, edits);
    }

    /// <summary>
    /// The library with bodies (issue 19): compile CPU without analyzers, InteropLint's analyzers one by one and in
    /// total, next to the runtime's SYSLIB1054 analyzer on the same compilation. Sequential analysis with the no-op
    /// analyzer first (it binds each P/Invoke's attributes as csc's emit would), so each telemetry figure is the
    /// analyzer's own work; CPU figures are whole-process deltas against the no-op analyzer alone.
    /// </summary>
    public void RunLibrary(ResultTable table, int column, int runs)
    {
        var noOp = ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpAnalyzer());
        var syslib1054 = LibraryImportAnalyzers();
        CompileWith(noOp, concurrent: false); // warm the compiler and the driver
        CompileWith(noOp.AddRange(_interopLint), concurrent: false);
        var without = new List<double>();
        var reference = new List<(double Wall, double Analyzers, int Diagnostics, IReadOnlyDictionary<string, double> PerAnalyzer, double Cpu)>();
        var ours = new List<(double Wall, double Analyzers, int Diagnostics, IReadOnlyDictionary<string, double> PerAnalyzer, double Cpu)>();
        var peer = new List<(double Wall, double Analyzers, int Diagnostics, IReadOnlyDictionary<string, double> PerAnalyzer, double Cpu)>();
        for (var i = 0; i < runs; i++)
        {
            // interleaved, so other people's load falls on all alike
            without.Add(Measure.WallAndCpu(() => Emit(Compile(), null)).Cpu);
            reference.Add(CompileWith(noOp, concurrent: false));
            ours.Add(CompileWith(noOp.AddRange(_interopLint), concurrent: false));
            if (syslib1054.Length > 0)
            {
                peer.Add(CompileWith(noOp.AddRange(syslib1054), concurrent: false));
            }
        }

        var compileCpu = Measure.Median(without);
        table.Row("library: C# lines", "lines").Values[column] = _binding.Sources.Sum(s => s.Text.Count(c => c == '\n'));
        table.Row("library: P/Invokes", "count").Values[column] = _binding.Functions;
        table.Row("library: compile without analyzers (parse+bind+emit), CPU", "ms").Values[column] = compileCpu;
        var own = Measure.Median(ours.Select(o => o.PerAnalyzer.Where(p => p.Key != nameof(NoOpAnalyzer)).Sum(p => p.Value)));
        var ownRow = table.Row("library: InteropLint analyzers, own time (sequential telemetry)", "ms");
        ownRow.Values[column] = own;
        ownRow.Note = _interopLint.Length + " analyzers; the no-op analyzer ran first and bound each P/Invoke's attributes";
        foreach (var analyzer in ours[0].PerAnalyzer.Keys.Where(k => k != nameof(NoOpAnalyzer)))
        {
            table.Row("library:   " + analyzer, "ms").Values[column] = Measure.Median(ours.Select(o => o.PerAnalyzer[analyzer]));
        }

        var ownCpu = Measure.Median(ours.Zip(reference, (o, r) => o.Cpu - r.Cpu));
        table.Row("library: InteropLint CPU (compile with it − with the no-op analyzer)", "ms").Values[column] = ownCpu;
        table.Row("library: InteropLint diagnostics", "count", "0 (the library is correct)", v => v == 0).Values[column] = ours[0].Diagnostics;
        if (peer.Count > 0)
        {
            var peerOwn = Measure.Median(peer.Select(p => p.PerAnalyzer.Where(a => a.Key != nameof(NoOpAnalyzer)).Sum(a => a.Value)));
            table.Row("library: SYSLIB1054 analyzer, own time (sequential telemetry)", "ms").Values[column] = peerOwn;
            table.Row("library: SYSLIB1054 CPU (compile with it − with the no-op analyzer)", "ms").Values[column] = Measure.Median(peer.Zip(reference, (p, r) => p.Cpu - r.Cpu));
            var versus = table.Row("library: InteropLint / SYSLIB1054 (telemetry)", "×", "≤ 1×", v => v <= 1);
            versus.Values[column] = own / peerOwn;
            versus.Note = string.Join(", ", syslib1054.Select(a => a.GetType().Name));
        }
        else
        {
            table.Row("library: SYSLIB1054 analyzer, own time (sequential telemetry)", "ms").Note = "not found in the SDK's targeting pack";
        }

        table.Row("library: InteropLint / compile CPU (telemetry)", "%", "≤ 5%", v => v <= 5).Values[column] = 100 * own / compileCpu;
    }

    /// <summary>The runtime's ConvertToLibraryImportAnalyzer (SYSLIB1054) alone, from the SDK's targeting pack.</summary>
    private static ImmutableArray<DiagnosticAnalyzer> LibraryImportAnalyzers()
    {
        var path = LibraryImportGenerator();
        if (path is null)
        {
            return ImmutableArray<DiagnosticAnalyzer>.Empty;
        }

        try
        {
            return AnalyzerSide.Instantiate(Assembly.LoadFrom(path), a => a.SupportedDiagnostics.Any(d => d.Id == "SYSLIB1054"));
        }
        catch (Exception ex) when (ex is FileLoadException or BadImageFormatException or TypeLoadException or ReflectionTypeLoadException)
        {
            return ImmutableArray<DiagnosticAnalyzer>.Empty;
        }
    }

    /// <summary>
    /// For a profiler: the InteropLint analyzers (or those whose name contains <paramref name="only"/>), again and
    /// again, one thread, each round on a fresh compilation; prints each analyzer's time.
    /// </summary>
    public void ProfileAnalyzers(int rounds, string? only)
    {
        // the no-op analyzer first: it binds each P/Invoke's attributes (the compiler's share in csc, see NoOpAnalyzer)
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpAnalyzer())
            .AddRange(_interopLint.Where(a => only is null || a.GetType().Name.Contains(only, StringComparison.Ordinal)));
        for (var i = 0; i < rounds; i++)
        {
            var withAnalyzers = Compile().WithAnalyzers(analyzers, Options(concurrent: false));
            var ms = Measure.Milliseconds(() => withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult());
            var each = analyzers.Select(a => a.GetType().Name.Replace("Analyzer", "", StringComparison.Ordinal) + " " + withAnalyzers.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
            Console.Error.WriteLine("analyzers alone: " + ms.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " ms (" + string.Join(", ", each) + ")");
        }
    }

    /// <summary>The binding compiled once, the file the IDE benchmark edits, its text, and where the edited parameter name starts.</summary>
    private (CSharpCompilation Baseline, SyntaxTree Tree, SourceText Text, int At) EditTarget()
    {
        var trees = _binding.Sources.Select(s => CSharpSyntaxTree.ParseText(SourceText.From(s.Text), ParseOptions, s.Name)).ToList();
        var (file, anchor) = _binding.EditTarget;
        var tree = trees.First(t => t.FilePath == file);
        var text = tree.GetText();
        var at = text.ToString().IndexOf(anchor, StringComparison.Ordinal) + anchor.IndexOf("value", StringComparison.Ordinal);
        return (Compile(trees), tree, text, at);
    }

    /// <summary>
    /// The IDE's per-edit analysis in a loop, for a profiler or a comparison of commits: each round edits one P/Invoke
    /// of the binding, analyses that document with the analyzers (those whose type name contains <paramref name="only"/>),
    /// and prints each analyzer's telemetry, the CPU and the bytes the analysis allocated (steadier than time under load).
    /// </summary>
    public void ProfileEdits(int rounds, string? only)
    {
        var analyzers = only == nameof(NoOpAnalyzer)
            ? ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpAnalyzer()) // the floor: what the driver and the compiler's binding cost without InteropLint
            : _interopLint.Where(a => only is null || a.GetType().Name.Contains(only, StringComparison.Ordinal)).ToImmutableArray();
        var (baseline, tree, text, at) = EditTarget();
        baseline.WithAnalyzers(analyzers, Options()).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var cpus = new List<double>();
        var bytes = new List<double>();
        for (var e = 0; e < rounds; e++)
        {
            var edited = tree.WithChangedText(text.WithChanges(new TextChange(new TextSpan(at, "value".Length), "value" + (e + 1))));
            var compilation = baseline.ReplaceSyntaxTree(tree, edited);
            var model = compilation.GetSemanticModel(edited);
            model.GetDiagnostics(); // the compiler's own share, outside the measurement
            var withAnalyzers = compilation.WithAnalyzers(analyzers, Options(concurrent: false));
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var (wall, cpu) = Measure.WallAndCpu(() => withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None).GetAwaiter().GetResult());
            var megabytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6;
            var each = analyzers
                .Select(a => (Name: a.GetType().Name.Replace("Analyzer", "", StringComparison.Ordinal), Ms: withAnalyzers.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds))
                .Where(p => p.Ms >= 0.05)
                .Select(p => p.Name + " " + p.Ms.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
            Console.Error.WriteLine(FormattableString.Invariant($"edit {e}: {wall:0.0} ms wall, {cpu:0} ms CPU, {megabytes:0.00} MB allocated ({string.Join(", ", each)})"));
            if (e >= rounds / 2)
            {
                cpus.Add(cpu);
                bytes.Add(megabytes);
            }
        }

        Console.Error.WriteLine(FormattableString.Invariant($"second half: median {Measure.Median(cpus):0.0} ms CPU, {Measure.Median(bytes):0.00} MB allocated per edit"));
    }

    private CSharpCompilation Compile(IEnumerable<SyntaxTree>? trees = null) =>
        CSharpCompilation.Create(
            "PerfBinding",
            trees ?? _binding.Sources.Select(s => CSharpSyntaxTree.ParseText(SourceText.From(s.Text), ParseOptions, s.Name)),
            Basic.Reference.Assemblies.Net80.References.All,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                allowUnsafe: true,
                specificDiagnosticOptions: PeerRuleIds.ToDictionary(id => id, _ => ReportDiagnostic.Warn)));

    private static void Emit(Compilation compilation, List<Diagnostic>? diagnostics)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("the generated binding does not compile: " + result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error));
        }

        diagnostics?.AddRange(result.Diagnostics);
    }

    /// <summary>Compiles and analyzes a fresh compilation; returns wall time, total analyzer time, diagnostics they reported, time per analyzer.</summary>
    private (double Wall, double Analyzers, int Diagnostics, IReadOnlyDictionary<string, double> PerAnalyzer, double Cpu) CompileWith(ImmutableArray<DiagnosticAnalyzer> analyzers, bool concurrent = true)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var cpu = Measure.CpuMilliseconds();
        var compilation = Compile();
        var withAnalyzers = compilation.WithAnalyzers(analyzers, Options(concurrent));

        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        Emit(withAnalyzers.Compilation, null); // the analyzed compilation, already bound, as csc emits it
        var wall = watch.Elapsed.TotalMilliseconds;
        cpu = Measure.CpuMilliseconds() - cpu;
        var perAnalyzer = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var analyzer in analyzers)
        {
            var info = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult();
            var name = analyzer.GetType().Name;
            perAnalyzer[name] = (perAnalyzer.TryGetValue(name, out var t) ? t : 0) + info.ExecutionTime.TotalMilliseconds;
        }

        var ours = diagnostics.Count(d => d.Id.StartsWith("ILNT", StringComparison.Ordinal));
        return (wall, perAnalyzer.Values.Sum(), ours, perAnalyzer, cpu);
    }

    private CompilationWithAnalyzersOptions Options(bool concurrent = true) =>
        new(new AnalyzerOptions(ImmutableArray.Create(_manifest)), onAnalyzerException: null, concurrentAnalysis: concurrent, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false);

    /// <summary>
    /// The IDE after a keystroke: one P/Invoke's parameter renamed in one file of the binding, a new compilation,
    /// and the analyzers run for that document only.
    /// </summary>
    private void EditOneMethod(ResultTable table, int size, int edits)
    {
        // Edits before the measured ones: the JIT's second tier compiles the hot paths on a background thread
        // for a while, and that CPU would otherwise be counted against the first measured edits.
        const int WarmUpEdits = 10;
        var (baseline, tree, text, at) = EditTarget();
        baseline.WithAnalyzers(_interopLint, Options()).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult(); // the IDE analysed the solution once

        var wall = new List<double>();
        var analyzerTime = new List<double>();
        var compilerOnly = new List<double>();
        var cpuDelta = new List<double>();
        for (var e = -WarmUpEdits; e < edits; e++)
        {
            var edited = tree.WithChangedText(text.WithChanges(new TextChange(new TextSpan(at, "value".Length), "value" + (e + WarmUpEdits + 1))));

            var forCompiler = baseline.ReplaceSyntaxTree(tree, edited);
            var (compilerMs, compilerCpu) = Measure.WallAndCpu(() => forCompiler.GetSemanticModel(edited).GetDiagnostics());

            var forDriver = baseline.ReplaceSyntaxTree(tree, edited);
            var noOp = forDriver.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpAnalyzer()), Options());
            var (_, driverCpu) = Measure.WallAndCpu(() => noOp.GetAnalyzerSemanticDiagnosticsAsync(forDriver.GetSemanticModel(edited), null, CancellationToken.None).GetAwaiter().GetResult());

            var compilation = baseline.ReplaceSyntaxTree(tree, edited);
            var withAnalyzers = compilation.WithAnalyzers(_interopLint, Options());
            var (wallMs, analysisCpu) = Measure.WallAndCpu(() => withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(edited), null, CancellationToken.None).GetAwaiter().GetResult());
            double executed = 0;
            foreach (var analyzer in _interopLint)
            {
                executed += withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds;
            }

            if (e >= 0)
            {
                wall.Add(wallMs);
                analyzerTime.Add(executed);
                compilerOnly.Add(compilerMs);
                cpuDelta.Add(analysisCpu - driverCpu);
            }
        }

        var fileLabel = "1 file of " + GeneratedBinding.FunctionsPerFile + " P/Invokes";
        table.Row("IDE edit: compiler diagnostics of the document", "ms").Values[size] = Measure.Median(compilerOnly);
        table.Row("IDE edit: InteropLint document analysis (wall)", "ms").Values[size] = Measure.Median(wall);
        var row = table.Row("IDE edit: InteropLint analyzer time per edit", "ms", "≤ 20 ms", v => v <= 20);
        row.Values[size] = Measure.Median(analyzerTime);
        row.Note = fileLabel + ", median of " + edits + " edits";
        var cpuRow = table.Row("IDE edit: InteropLint CPU per edit", "ms", "≤ 20 ms", v => v <= 20);
        cpuRow.Values[size] = Measure.Median(cpuDelta);
        cpuRow.Note = "document analysis CPU with InteropLint − with a no-op analyzer";
    }

    /// <summary>NetAnalyzers' interop rules (from the package beside this program) and the runtime's LibraryImport analyzer (SYSLIB1054, from the SDK's targeting pack).</summary>
    private static ImmutableArray<DiagnosticAnalyzer> PeerAnalyzers()
    {
        var found = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        var notes = new List<string>();
        var folder = Path.Combine(AppContext.BaseDirectory, "netanalyzers");
        var paths = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.dll").ToList() : new List<string>();
        if (paths.Count == 0)
        {
            notes.Add("NetAnalyzers package not found beside the benchmark");
        }

        var libraryImport = LibraryImportGenerator();
        if (libraryImport != null)
        {
            paths.Add(libraryImport);
        }
        else
        {
            notes.Add("SYSLIB1054 analyzer not found in the SDK's targeting pack");
        }

        foreach (var path in paths.OrderBy(p => p, StringComparer.Ordinal))
        {
            try
            {
                found.AddRange(AnalyzerSide.Instantiate(Assembly.LoadFrom(path), a => a.SupportedDiagnostics.Any(d => PeerRuleIds.Contains(d.Id))));
            }
            catch (Exception ex) when (ex is FileLoadException or BadImageFormatException or TypeLoadException or ReflectionTypeLoadException)
            {
                notes.Add(Path.GetFileName(path) + " did not load in-process: " + ex.Message);
            }
        }

        var rules = found.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Where(PeerRuleIds.Contains).Distinct().OrderBy(id => id, StringComparer.Ordinal);
        notes.Insert(0, found.Count + " analyzers: " + string.Join(", ", rules));
        PeerNote = string.Join("; ", notes);
        return found.ToImmutable();
    }

    private static string? LibraryImportGenerator()
    {
        // the shared runtime's folder is DOTNET_ROOT/shared/Microsoft.NETCore.App/VERSION/
        var root = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var packs = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
        if (!Directory.Exists(packs))
        {
            return null;
        }

        return Directory.GetDirectories(packs)
            .OrderByDescending(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version(0, 0))
            .Select(d => Path.Combine(d, "analyzers", "dotnet", "cs", "Microsoft.Interop.LibraryImportGenerator.dll"))
            .FirstOrDefault(File.Exists);
    }
}
