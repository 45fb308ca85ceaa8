namespace InteropLint.Tool;

/// <summary>What <c>--help</c> prints, per command.</summary>
internal static class Help
{
    public const string Targets = "ABIs: linux-x64 linux-arm64 win-x64 win-x86 osx-x64 osx-arm64 (default linux-x64;win-x64;osx-arm64)";

    public const string General =
        "interoplint: checks C# interop code against C headers parsed with libclang, for every target ABI.\n" +
        "usage: interoplint COMMAND [options]   (interoplint COMMAND --help for a command's options)\n" +
        "commands:\n" +
        "  scan    scan headers for every ABI and write the native manifest (JSON) the analyzers read\n" +
        "  dump    print a C declaration per ABI; with --cs, a C record next to a C# struct, offsets per ABI\n" +
        "  check   run the InteropLint rules over a project or a folder of .cs files against headers (for CI)\n" +
        "  --version, --help\n" +
        "libclang is found on the usual paths, or where INTEROPLINT_LIBCLANG points.";

    public const string Scan =
        "usage: interoplint scan HEADER... [--target RID]... [--targets \"RID;RID\"] [-I DIR]... [-D NAME[=VALUE]]... [--library NAME] [--timeout SECONDS] -o FILE\n" +
        "       interoplint scan --spec SPECFILE [--target RID]... [--timeout SECONDS] -o FILE\n" +
        "Scans each header for each ABI with libclang and writes the manifest FILE (and FILE.inputs: the files the scan read).\n" +
        "  --library NAME   the library the headers describe (DllImport's name); empty: every library\n" +
        "  -I DIR, -D X     include directory, macro (as for a C compiler)\n" +
        "  --timeout S      seconds allowed to one translation unit (default 120)\n" +
        "  --spec FILE      one header per line: PATH|LIBRARY|INC1;INC2|DEF1;DEF2 (what the build writes)\n" +
        Targets + "\n" +
        "exit codes: 0 scanned; 1 a file could not be read or written; 2 usage error;\n" +
        "            3 manifest written but incomplete (libclang missing, a unit timed out or failed)";

    public const string Dump =
        "usage: interoplint dump HEADER NAME [--target RID]... [-I DIR]... [-D NAME[=VALUE]]... [--cs FILE.cs [--struct CSNAME]]\n" +
        "Prints the C struct, union, typedef, enum or function NAME as each ABI sees it, one table per ABI.\n" +
        "  --cs FILE.cs      print the C record next to a C# struct of that file, offsets and sizes per ABI, drifting rows\n" +
        "                    marked; laid out the way rule ILNT003 lays it out (marshalled copy or memory, from the struct's uses)\n" +
        "  --struct CSNAME   which struct of FILE.cs (default: the one named like NAME, else the only one)\n" +
        Targets + "\n" +
        "exit codes: 0 printed; 1 NAME (or the C# struct) not found, or a file could not be read; 2 usage error";

    public const string Check =
        "usage: interoplint check PATH [--header FILE]... [--library NAME] [-I DIR]... [-D NAME[=VALUE]]... [--targets \"RID;RID\"]\n" +
        "                          [--manifest FILE] [--timeout SECONDS]\n" +
        "Runs the InteropLint rules (ILNT001-ILNT013, ILNT9xx) over C# sources against the headers, outside MSBuild, and\n" +
        "prints the findings as the build does: FILE(LINE,COL): warning ILNTnnn: message.\n" +
        "  PATH             a project file (.csproj), a folder holding one, or a folder of .cs files (bin/ and obj/ skipped)\n" +
        "                   From a project: its InteropLintHeader items (Library, IncludePaths, Defines), InteropLintTargets,\n" +
        "                   InteropLintManifest and ImplicitUsings are read from the project file as written (MSBuild\n" +
        "                   properties in them are not evaluated).\n" +
        "  --header FILE    a header to check against (adds to the project's); --library, -I, -D apply to these\n" +
        "  --manifest FILE  a manifest written by 'scan' (or InteropLintWriteManifest) instead of scanning\n" +
        "  --targets        ABIs (default: the project's InteropLintTargets, else linux-x64;win-x64;osx-arm64)\n" +
        "The sources are compiled against the running .NET runtime's assemblies; severities are the rules' defaults.\n" +
        Targets + "\n" +
        "exit codes: 0 no warning or error; 1 a rule reported a warning or an error;\n" +
        "            2 usage error (or PATH not found); 3 no rule finding, but the check was incomplete\n" +
        "            (ILNT900-903: libclang missing, a header that did not parse, a scan that failed)";
}
