using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using InteropLint.Manifest;

namespace InteropLint.Scanner;

/// <summary>A command line the scanner could not understand (exit code 2).</summary>
public sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }
}

/// <summary>The parsed command line of <c>scan</c> and <c>dump</c>.</summary>
public sealed class CommandLine
{
    public const string Usage =
        "usage:\n" +
        "  scan HEADER... [--target RID]... [--targets \"RID;RID\"] [-I DIR]... [-D NAME[=VALUE]]... [--library NAME] [--timeout SECONDS] -o FILE\n" +
        "  scan --spec SPECFILE [--target RID]... [--timeout SECONDS] -o FILE   (SPECFILE lines: PATH|LIBRARY|INC1;INC2|DEF1;DEF2)\n" +
        "  dump HEADER NAME [--target RID]... [-I DIR]... [-D NAME[=VALUE]]...\n" +
        "       (a struct, union, typedef, enum or function, one table per ABI)\n" +
        "  --sysroot \"RID=DIR;RID=DIR\": a target's C library headers (MinGW-w64, a cross glibc, a macOS SDK), or RID=none;\n" +
        "       found on the machine when not given (/usr/x86_64-w64-mingw32, /usr/i686-w64-mingw32, /usr/aarch64-linux-gnu)\n" +
        "  --print-arguments   print each unit's clang arguments (tab-separated) before parsing it, to run clang-14 the same way\n" +
        "  --timings   print where the scan's time went (parse, each kind of declaration, the manifest) on standard error\n" +
        "  --help   this text\n" +
        "exit codes: 0 done; 2 usage error; 1 a file could not be read or written (or dump: NAME not declared);\n" +
        "            3 scan: manifest written but incomplete (libclang missing, a unit timed out or failed): not up to date, retry\n" +
        "targets: " + "linux-x64 linux-arm64 win-x64 win-x86 osx-x64 osx-arm64 (default " + AbiTargets.Default + ")";

    public string Command { get; private set; } = "";

    public List<string> Positionals { get; } = new();

    public ScanRequest Request { get; } = new();

    public string? Output { get; private set; }

    /// <summary><c>--timings</c>: print the time of each phase of the scan on standard error (<see cref="ScanTimings"/>).</summary>
    public bool Timings { get; private set; }

    /// <summary><c>--help</c> or <c>-h</c> anywhere: print the usage and do nothing else.</summary>
    public bool HelpRequested { get; private set; }

    /// <summary>
    /// A compiler-style option written joined to its value, <c>-IDIR</c> or <c>-DNAME[=VALUE]</c>, added to
    /// <paramref name="includes"/> or <paramref name="defines"/>; false for any other argument. The scanner's
    /// <c>scan</c>/<c>dump</c> and the tool's <c>check</c> read them the same way.
    /// </summary>
    public static bool TryJoinedIncludeOrDefine(string arg, List<string> includes, List<string> defines)
    {
        if (arg.Length <= 2 || arg[0] != '-' || (arg[1] != 'I' && arg[1] != 'D'))
        {
            return false;
        }

        (arg[1] == 'I' ? includes : defines).Add(arg.Substring(2));
        return true;
    }

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        if (args.Count > 0 && IsHelp(args[0]))
        {
            return new CommandLine { HelpRequested = true };
        }

        if (args.Count == 0 || (args[0] != "scan" && args[0] != "dump"))
        {
            throw new UsageException(args.Count == 0 ? "no command given" : $"unknown command '{args[0]}'");
        }

        var line = new CommandLine { Command = args[0] };
        var includes = new List<string>();
        var defines = new List<string>();
        string? library = null;
        string? spec = null;
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"option '{arg}' needs a value");
                }

                return args[++i];
            }

            switch (arg)
            {
                case "--target":
                case "--targets":
                    foreach (var rid in AbiTargets.Parse(Value()))
                    {
                        if (!AbiTargets.IsKnown(rid))
                        {
                            throw new UsageException($"unknown target '{rid}'");
                        }

                        if (!line.Request.Targets.Contains(rid))
                        {
                            line.Request.Targets.Add(rid);
                        }
                    }

                    break;
                case "-I":
                    includes.Add(Value());
                    break;
                case "-D":
                    defines.Add(Value());
                    break;
                case "--sysroot":
                    SystemHeaders.ParseInto(Value(), line.Request.Sysroots);
                    break;
                case "--library":
                    library = Value();
                    break;
                case "--spec":
                    spec = Value();
                    break;
                case "--print-arguments":
                    line.Request.PrintArguments = true;
                    break;
                case "--timings":
                    line.Timings = true;
                    break;
                case "--help":
                case "-h":
                    line.HelpRequested = true;
                    return line;
                case "-o":
                case "--output":
                    line.Output = Value();
                    break;
                case "--timeout":
                    if (!double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
                    {
                        throw new UsageException("--timeout needs a positive number of seconds");
                    }

                    line.Request.Timeout = TimeSpan.FromSeconds(seconds);
                    break;
                default:
                    if (TryJoinedIncludeOrDefine(arg, includes, defines))
                    {
                        break;
                    }

                    if (arg.StartsWith("-", StringComparison.Ordinal) && arg.Length > 1)
                    {
                        throw new UsageException($"unknown option '{arg}'");
                    }
                    else
                    {
                        line.Positionals.Add(arg);
                    }

                    break;
            }
        }

        if (line.Command == "dump")
        {
            if (line.Positionals.Count != 2)
            {
                throw new UsageException("dump needs HEADER and NAME");
            }

            line.Request.Headers.Add(Header(line.Positionals[0], library, includes, defines));
            return line;
        }

        if (spec != null)
        {
            if (line.Positionals.Count > 0)
            {
                throw new UsageException("give headers either on the command line or with --spec, not both");
            }

            ReadSpec(spec, line.Request.Headers);
        }
        else
        {
            foreach (var path in line.Positionals)
            {
                line.Request.Headers.Add(Header(path, library, includes, defines));
            }
        }

        if (line.Request.Headers.Count == 0)
        {
            throw new UsageException("scan needs at least one header");
        }

        if (line.Output == null)
        {
            throw new UsageException("scan needs -o FILE");
        }

        return line;
    }

    public static bool IsHelp(string arg) => arg is "--help" or "-h" or "-?" or "help";

    private static ManifestHeader Header(string path, string? library, List<string> includes, List<string> defines) => new()
    {
        Path = path,
        Library = library ?? "",
        IncludePaths = includes.ToArray(),
        Defines = defines.ToArray(),
    };

    /// <summary>One header item per line: <c>PATH|LIBRARY|INCLUDE1;INCLUDE2|DEFINE1;DEFINE2</c>.</summary>
    private static void ReadSpec(string spec, List<ManifestHeader> headers)
    {
        if (!File.Exists(spec))
        {
            throw new UsageException($"spec file '{spec}' not found");
        }

        foreach (var raw in File.ReadAllLines(spec))
        {
            var text = raw.Trim();
            if (text.Length == 0 || text.StartsWith("#", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = text.Split('|');
            static string[] List(string[] f, int i) =>
                i < f.Length ? f[i].Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries) : Array.Empty<string>();
            headers.Add(new ManifestHeader
            {
                Path = fields[0].Trim(),
                Library = fields.Length > 1 ? fields[1].Trim() : "",
                IncludePaths = List(fields, 2),
                Defines = List(fields, 3),
            });
        }
    }
}
