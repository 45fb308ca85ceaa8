using System;
using System.Collections.Generic;
using System.Linq;
using InteropLint.Scanner;

namespace InteropLint.Tool;

/// <summary>
/// <c>interoplint scan|dump|check</c>. <c>scan</c> and <c>dump</c> without <c>--cs</c> are the scanner's own
/// commands (the same parser and code the build runs); <c>dump --cs</c> and <c>check</c> need Roslyn and the
/// analyzers, which is why they live here and not in the scanner.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("error: no command given");
            Console.Error.WriteLine(Help.General);
            return ExitCodes.Usage;
        }

        var command = args[0];
        var rest = args.Skip(1).ToList();
        if (CommandLine.IsHelp(command))
        {
            Console.WriteLine(Help.General);
            return ExitCodes.Clean;
        }

        if (command is "--version")
        {
            Console.WriteLine(typeof(Program).Assembly.GetName().Version?.ToString(3));
            return ExitCodes.Clean;
        }

        var help = command switch
        {
            "scan" => Help.Scan,
            "dump" => Help.Dump,
            "check" => Help.Check,
            _ => null,
        };
        if (help is null)
        {
            Console.Error.WriteLine($"error: unknown command '{command}'");
            Console.Error.WriteLine(Help.General);
            return ExitCodes.Usage;
        }

        if (rest.Any(CommandLine.IsHelp))
        {
            Console.WriteLine(help);
            return ExitCodes.Clean;
        }

        try
        {
            return command switch
            {
                "check" => CheckCommand.Run(CheckOptions.Parse(rest)),
                "dump" when rest.Contains("--cs") => DumpCSharp(rest),
                _ => InteropLint.Scanner.Program.Main(args),
            };
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            Console.Error.WriteLine(help);
            return ExitCodes.Usage;
        }
    }

    /// <summary><c>dump HEADER NAME --cs FILE.cs [--struct CSNAME]</c>: the C record next to the C# struct.</summary>
    private static int DumpCSharp(List<string> args)
    {
        string? csharpFile = null;
        string? structName = null;
        var scannerArgs = new List<string> { "dump" };
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--cs" or "--struct")
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"option '{args[i]}' needs a value");
                }

                if (args[i] == "--cs")
                {
                    csharpFile = args[++i];
                }
                else
                {
                    structName = args[++i];
                }

                continue;
            }

            scannerArgs.Add(args[i]);
        }

        var line = CommandLine.Parse(scannerArgs);
        if (!System.IO.File.Exists(csharpFile))
        {
            Console.Error.WriteLine($"error: C# file '{csharpFile}' not found");
            return 1;
        }

        var result = HeaderScanner.Scan(line.Request);
        Console.Write(LayoutReport.Render(result.Manifest, line.Positionals[1], csharpFile!, structName, out var found));
        return found ? ExitCodes.Clean : 1;
    }
}
