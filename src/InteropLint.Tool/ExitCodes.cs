namespace InteropLint.Tool;

/// <summary>The exit codes of <c>interoplint</c> (documented in docs/configuration.md and in <c>check --help</c>).</summary>
public static class ExitCodes
{
    /// <summary>Done; for <c>check</c>: no finding of warning or error severity.</summary>
    public const int Clean = 0;

    /// <summary><c>check</c>: at least one rule (ILNT001–ILNT013) reported a warning or an error. scan/dump: a file could not be read or written, or dump's NAME is not declared.</summary>
    public const int Findings = 1;

    /// <summary>The command line was not understood.</summary>
    public const int Usage = 2;

    /// <summary>
    /// <c>check</c>: no rule finding, but the check was incomplete (a tool diagnostic ILNT900–ILNT903: libclang missing,
    /// a header that did not parse, a scan that failed). <c>scan</c>: the manifest was written but is incomplete.
    /// </summary>
    public const int Incomplete = 3;
}
