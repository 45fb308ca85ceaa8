namespace InteropLint.Scanner;

/// <summary>The codes the scanner writes into a manifest's diagnostics for failures of the scan itself (not of the header).</summary>
public static class ToolCodes
{
    /// <summary>libclang could not be loaded: nothing was scanned.</summary>
    public const string LibclangNotFound = "ILNT901";

    /// <summary>A unit timed out or failed, or the scanner itself failed.</summary>
    public const string ScanFailed = "ILNT902";
}
