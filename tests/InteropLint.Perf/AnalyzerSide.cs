using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace InteropLint.Perf;

/// <summary>An additional file held in memory, returning the same <see cref="SourceText"/> every time as the IDE does.</summary>
public sealed class MemoryAdditionalText : AdditionalText
{
    private readonly SourceText _text;

    public MemoryAdditionalText(string path, SourceText text)
    {
        Path = path;
        _text = text;
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>
/// The InteropLint analyzers as a compiler host loads them: every <see cref="DiagnosticAnalyzer"/> in the
/// assembly, found by reflection (so rules added later are measured too), and the analyzers' manifest cache,
/// reached by reflection because it is internal.
/// </summary>
public static class AnalyzerSide
{
    private static readonly Assembly Analyzers = typeof(InteropLint.Analyzers.IntegerWidthAnalyzer).Assembly;

    private static readonly Type CacheType = Analyzers.GetType("InteropLint.Analyzers.ManifestCache", throwOnError: true)!;

    public static ImmutableArray<DiagnosticAnalyzer> All() => Instantiate(Analyzers, _ => true);

    /// <summary>Every C# analyzer type in <paramref name="assembly"/> that <paramref name="wanted"/> accepts.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Instantiate(Assembly assembly, Func<DiagnosticAnalyzer, bool> wanted)
    {
        var result = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        Type?[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = ex.Types;
        }

        foreach (var type in types)
        {
            if (type is null || type.IsAbstract || !typeof(DiagnosticAnalyzer).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null)
            {
                continue;
            }

            var attribute = type.GetCustomAttribute<DiagnosticAnalyzerAttribute>();
            if (attribute is null || !attribute.Languages.Contains(LanguageNames.CSharp))
            {
                continue;
            }

            var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(type)!;
            if (wanted(analyzer))
            {
                result.Add(analyzer);
            }
        }

        return result.ToImmutable();
    }

    /// <summary>Loads a manifest through the analyzers' cache (ManifestCache.Load); returns the parsed manifest or null.</summary>
    public static object? LoadThroughCache(AdditionalText file)
    {
        var load = CacheType.GetMethod("Load", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
        var loaded = load.Invoke(null, new object[] { file, CancellationToken.None })!;
        return loaded.GetType().GetProperty("Manifest")!.GetValue(loaded);
    }

    /// <summary>Empties the cache, so the next compilation is a cold one (as in a fresh compiler process).</summary>
    public static void ClearCache()
    {
        foreach (var field in CacheType.GetFields(BindingFlags.NonPublic | BindingFlags.Static))
        {
            var value = field.GetValue(null);
            value?.GetType().GetMethod("Clear", Type.EmptyTypes)?.Invoke(value, null);
        }
    }
}
