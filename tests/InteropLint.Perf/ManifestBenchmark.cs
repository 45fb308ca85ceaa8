using InteropLint.Manifest;
using Microsoft.CodeAnalysis.Text;

namespace InteropLint.Perf;

/// <summary>The manifest: size, the reader's time and allocations, what the analyzers' cache keeps, and whether it hits.</summary>
public static class ManifestBenchmark
{
    public static void Run(ResultTable table, int size, string manifestPath, int runs)
    {
        var json = File.ReadAllText(manifestPath);
        table.Row("manifest size on disk", "KB").Values[size] = new FileInfo(manifestPath).Length / 1024.0;

        var read = Measure.MedianMilliseconds(runs, () => ManifestReader.Read(json), warmups: 2);
        table.Row("ManifestReader.Read (median)", "ms", "milliseconds").Values[size] = read;

        var before = GC.GetAllocatedBytesForCurrentThread();
        var parsed = ManifestReader.Read(json);
        table.Row("ManifestReader.Read allocations", "MB").Values[size] = (GC.GetAllocatedBytesForCurrentThread() - before) / 1048576.0;
        GC.KeepAlive(parsed);

        // What the analyzers keep: parse through their cache (and build the lookup tables a rule's first
        // lookup builds), with the SourceText already held (the IDE holds it anyway).
        AnalyzerSide.ClearCache();
        var file = new MemoryAdditionalText(Path.Combine(Path.GetDirectoryName(manifestPath)!, "perf.interoplint.json"), SourceText.From(json));
        file.GetText().GetChecksum();
        var retainedBefore = Settle();
        var manifest = (NativeManifest?)AnalyzerSide.LoadThroughCache(file) ?? throw new InvalidOperationException("the analyzers' cache did not parse the manifest");
        foreach (var abi in manifest.Abis)
        {
            abi.FindFunctions("pb_fn_00000");
            abi.FindRecord("pb_rec_00000");
            abi.FindEnum("none");
            abi.FindTypedef("none");
            abi.FindConstants("none");
            abi.FindEnumerators("none");
        }

        var retained = Settle() - retainedBefore;
        table.Row("memory retained by the analyzers' cache", "MB", "≈ a few × file size").Values[size] = retained / 1048576.0;

        var hitSameText = Measure.MedianMilliseconds(runs, () => AnalyzerSide.LoadThroughCache(file));
        table.Row("cache hit, same SourceText (IDE)", "ms").Values[size] = hitSameText;

        var sharedAcrossTexts = true;
        // texts made beforehand: reading the file is the compiler's cost, the checksum lookup is the cache's
        var texts = new Queue<MemoryAdditionalText>(Enumerable.Range(0, runs + 1).Select(_ => new MemoryAdditionalText(file.Path, SourceText.From(json))));
        var hitNewText = Measure.MedianMilliseconds(runs, () =>
            sharedAcrossTexts &= ReferenceEquals(AnalyzerSide.LoadThroughCache(texts.Dequeue()), manifest));
        var hitRow = table.Row("cache hit, new SourceText of same content (compiler server)", "ms");
        hitRow.Values[size] = hitNewText;
        hitRow.Note = sharedAcrossTexts ? "same parsed manifest returned (verified)" : "**parsed again: the cache missed**";
        GC.KeepAlive(manifest);
    }

    private static long Settle()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
