using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace InteropLint.Tests.Robustness;

/// <summary>
/// Drives the shipped code fixes the way an IDE or <c>dotnet format</c> does: in an AdhocWorkspace,
/// through <see cref="CodeFixProvider.RegisterCodeFixesAsync"/> and the Fix All providers, and checks
/// that nothing escapes and no compiler error appears that was not there before.
/// </summary>
public static class FixHarness
{
    /// <summary>A solution with one project per entry (each its documents) and the manifests as additional documents of every project.</summary>
    public static Solution CreateSolution(IReadOnlyList<IReadOnlyList<string>> projects, IReadOnlyList<ManifestFile> manifests, params (int From, int To)[] projectReferences)
    {
        var workspace = new AdhocWorkspace();
        var solution = workspace.CurrentSolution;
        for (var p = 0; p < projects.Count; p++)
        {
            var projectId = ProjectId.CreateNewId("P" + p);
            var trees = projects[p].Select(s => Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(s, AnalysisHarness.ParseOptions)).ToList();
            solution = solution.AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                "P" + p,
                "P" + p,
                LanguageNames.CSharp,
                compilationOptions: AnalysisHarness.CompilationOptions(AnalysisHarness.KindFor(trees)),
                parseOptions: AnalysisHarness.ParseOptions,
                metadataReferences: AnalysisHarness.References));
            for (var d = 0; d < projects[p].Count; d++)
            {
                var documentId = DocumentId.CreateNewId(projectId, "D" + d);
                solution = solution.AddDocument(documentId, "Source" + d + ".cs", SourceText.From(projects[p][d]), filePath: "/src/P" + p + "/Source" + d + ".cs");
            }

            foreach (var manifest in manifests)
            {
                solution = solution.AddAdditionalDocument(DocumentId.CreateNewId(projectId), manifest.Name, SourceText.From(manifest.Json), filePath: "/src/P" + p + "/obj/" + manifest.Name);
            }
        }

        var ids = solution.ProjectIds.ToList();
        foreach (var (from, to) in projectReferences)
        {
            solution = solution.AddProjectReference(ids[from], new ProjectReference(ids[to]));
        }

        return solution;
    }

    /// <summary>Every analyzer's diagnostics for every project; analyzer exceptions go to <paramref name="failures"/>.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Solution solution, List<string> failures)
    {
        var all = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var project in solution.Projects)
        {
            all.AddRange(await AnalyzeAsync(project, failures).ConfigureAwait(false));
        }

        return all.ToImmutable();
    }

    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project, List<string> failures)
    {
        var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
        var outcome = await AnalysisHarness.AnalyzeAsync(compilation, project.AnalyzerOptions, RuleCatalog.Analyzers).ConfigureAwait(false);
        lock (failures)
        {
            failures.AddRange(outcome.Exceptions.Select(e => "analyzer threw: " + e));
        }

        return outcome.Diagnostics;
    }

    /// <summary>Compiler errors of every project, by project name.</summary>
    public static async Task<Dictionary<string, List<string>>> ErrorsAsync(Solution solution)
    {
        var result = new Dictionary<string, List<string>>();
        foreach (var project in solution.Projects)
        {
            result[project.Name] = AnalysisHarness.Errors((await project.GetCompilationAsync().ConfigureAwait(false))!);
        }

        return result;
    }

    /// <summary>Errors <paramref name="after"/> has that <paramref name="before"/> had not, described for a failure message.</summary>
    public static async Task<List<string>> NewErrorsAsync(Solution before, Solution after, Dictionary<string, List<string>>? beforeErrors = null)
    {
        beforeErrors ??= await ErrorsAsync(before).ConfigureAwait(false);
        var afterErrors = await ErrorsAsync(after).ConfigureAwait(false);
        var added = new List<string>();
        foreach (var pair in afterErrors)
        {
            added.AddRange(AnalysisHarness.NewErrors(beforeErrors.TryGetValue(pair.Key, out var b) ? b : new List<string>(), pair.Value).Select(e => pair.Key + ": " + e));
        }

        return added;
    }

    /// <summary>The actions a provider offers for one diagnostic (nested actions flattened); exceptions go to <paramref name="failures"/>.</summary>
    public static async Task<List<CodeAction>> RegisterAsync(CodeFixProvider provider, Document document, Diagnostic diagnostic, List<string> failures)
    {
        var actions = new List<CodeAction>();
        try
        {
            var context = new CodeFixContext(document, diagnostic, (action, _) => { lock (actions) { actions.Add(action); } }, CancellationToken.None);
            await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            lock (failures)
            {
                failures.Add(provider.GetType().Name + ".RegisterCodeFixesAsync threw on " + diagnostic.Id + ": " + ex);
            }
        }

        return actions.SelectMany(Flatten).ToList();
    }

    /// <summary>The solution an action produces, or null when it produces none; exceptions go to <paramref name="failures"/>.</summary>
    public static async Task<Solution?> ApplyAsync(CodeAction action, string what, List<string> failures)
    {
        try
        {
            var operations = await action.GetOperationsAsync(CancellationToken.None).ConfigureAwait(false);
            return operations.OfType<ApplyChangesOperation>().LastOrDefault()?.ChangedSolution;
        }
        catch (Exception ex)
        {
            lock (failures)
            {
                failures.Add(what + ": applying '" + action.Title + "' threw: " + ex);
            }

            return null;
        }
    }

    /// <summary>
    /// Applies every fix offered for every fixable diagnostic (up to <paramref name="maxDiagnostics"/>), one at a
    /// time on the original solution; returns how many fixes were applied.
    /// </summary>
    public static async Task<int> ApplyEachFixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string what, List<string> failures, int maxDiagnostics = 8)
    {
        var applied = 0;
        Dictionary<string, List<string>>? before = null;
        foreach (var diagnostic in diagnostics.Where(d => RuleCatalog.FixableIds.Contains(d.Id) && d.Location.IsInSource).Take(maxDiagnostics))
        {
            var document = solution.GetDocument(diagnostic.Location.SourceTree);
            if (document is null)
            {
                continue;
            }

            foreach (var provider in RuleCatalog.FixersFor(diagnostic.Id))
            {
                foreach (var action in await RegisterAsync(provider, document, diagnostic, failures).ConfigureAwait(false))
                {
                    var fixedSolution = await ApplyAsync(action, what, failures).ConfigureAwait(false);
                    if (fixedSolution is null)
                    {
                        continue;
                    }

                    applied++;
                    before ??= await ErrorsAsync(solution).ConfigureAwait(false);
                    var added = await NewErrorsAsync(solution, fixedSolution, before).ConfigureAwait(false);
                    if (added.Count > 0)
                    {
                        lock (failures)
                        {
                            failures.Add(what + ": fix '" + action.Title + "' for " + diagnostic.Id + " at " + diagnostic.Location.GetLineSpan() + " introduced " + string.Join("; ", added.Take(3)));
                        }
                    }
                }
            }
        }

        return applied;
    }

    /// <summary>
    /// Fix All for one diagnostic id in the given scope, starting from <paramref name="document"/>; null when the
    /// provider has no Fix All or offers nothing.
    /// </summary>
    public static async Task<Solution?> FixAllAsync(Solution solution, DocumentId documentId, string diagnosticId, FixAllScope scope, List<string> failures)
    {
        var document = solution.GetDocument(documentId)!;
        var diagnosticsBefore = await AnalyzeAsync(solution, failures).ConfigureAwait(false);
        var tree = await document.GetSyntaxTreeAsync().ConfigureAwait(false);
        var first = diagnosticsBefore.FirstOrDefault(d => d.Id == diagnosticId && d.Location.SourceTree == tree);
        if (first is null)
        {
            return null;
        }

        Solution? result = null;
        foreach (var provider in RuleCatalog.FixersFor(diagnosticId))
        {
            var fixAll = provider.GetFixAllProvider();
            if (fixAll is null || !fixAll.GetSupportedFixAllScopes().Contains(scope))
            {
                continue;
            }

            var actions = await RegisterAsync(provider, document, first, failures).ConfigureAwait(false);
            var key = actions.FirstOrDefault()?.EquivalenceKey;
            if (actions.Count == 0)
            {
                continue;
            }

            var what = provider.GetType().Name + " Fix All (" + scope + ")";
            try
            {
                var context = new FixAllContext(document, provider, scope, key, new[] { diagnosticId }, new AnalyzerDiagnosticProvider(failures), CancellationToken.None);
                var action = await fixAll.GetFixAsync(context).ConfigureAwait(false);
                result = action is null ? null : await ApplyAsync(action, what, failures).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                lock (failures)
                {
                    failures.Add(what + " threw: " + ex);
                }
            }

            if (result != null)
            {
                return result;
            }
        }

        return result;
    }

    /// <summary>The text of every document, for comparing solutions.</summary>
    public static async Task<Dictionary<DocumentId, string>> TextsAsync(Solution solution)
    {
        var texts = new Dictionary<DocumentId, string>();
        foreach (var document in solution.Projects.SelectMany(p => p.Documents))
        {
            texts[document.Id] = (await document.GetTextAsync().ConfigureAwait(false)).ToString();
        }

        return texts;
    }

    private static IEnumerable<CodeAction> Flatten(CodeAction action)
    {
        var nested = NestedActions(action);
        return nested.IsDefaultOrEmpty ? new[] { action } : nested.SelectMany(Flatten);
    }

    private static ImmutableArray<CodeAction> NestedActions(CodeAction action)
    {
        foreach (var name in new[] { "NestedActions", "NestedCodeActions" })
        {
            var property = typeof(CodeAction).GetProperty(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
            if (property?.GetValue(action) is ImmutableArray<CodeAction> nested)
            {
                return nested;
            }
        }

        return ImmutableArray<CodeAction>.Empty;
    }

    /// <summary>Diagnostics for Fix All, computed by running the shipped analyzers on the current solution.</summary>
    private sealed class AnalyzerDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly List<string> _failures;

        public AnalyzerDiagnosticProvider(List<string> failures) => _failures = failures;

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
            return (await AnalyzeAsync(document.Project, _failures).ConfigureAwait(false)).Where(d => d.Location.SourceTree == tree);
        }

        public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            (await AnalyzeAsync(project, _failures).ConfigureAwait(false)).Where(d => !d.Location.IsInSource);

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            await AnalyzeAsync(project, _failures).ConfigureAwait(false);
    }
}
