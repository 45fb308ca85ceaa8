using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using InteropLint.Manifest;
using InteropLint.Scanner;

namespace InteropLint.Tool;

/// <summary>What <c>check</c> was asked to do: the sources, the headers (or a manifest) and the ABIs.</summary>
internal sealed class CheckOptions
{
    public string Directory { get; private set; } = "";

    public List<string> Sources { get; } = new();

    public List<ManifestHeader> Headers { get; } = new();

    public List<string> Targets { get; } = new();

    public string? Manifest { get; private set; }

    public bool ImplicitUsings { get; private set; }

    public TimeSpan Timeout { get; private set; } = TimeSpan.FromSeconds(120);

    public static CheckOptions Parse(IReadOnlyList<string> args)
    {
        var options = new CheckOptions();
        string? path = null;
        string? library = null;
        var headers = new List<string>();
        var includes = new List<string>();
        var defines = new List<string>();
        string? targets = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"option '{arg}' needs a value");
            switch (arg)
            {
                case "--header": headers.Add(Value()); break;
                case "--library": library = Value(); break;
                case "-I": includes.Add(Value()); break;
                case "-D": defines.Add(Value()); break;
                case "--target":
                case "--targets": targets = (targets is null ? "" : targets + ";") + Value(); break;
                case "--manifest": options.Manifest = Path.GetFullPath(Value()); break;
                case "--timeout":
                    if (!double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
                    {
                        throw new UsageException("--timeout needs a positive number of seconds");
                    }

                    options.Timeout = TimeSpan.FromSeconds(seconds);
                    break;
                default:
                    if (CommandLine.TryJoinedIncludeOrDefine(arg, includes, defines))
                    {
                        break;
                    }

                    if (arg.StartsWith("-", StringComparison.Ordinal))
                    {
                        throw new UsageException($"unknown option '{arg}'");
                    }
                    else if (path is null)
                    {
                        path = arg;
                    }
                    else
                    {
                        throw new UsageException("check takes one PATH");
                    }

                    break;
            }
        }

        if (path is null)
        {
            throw new UsageException("check needs a PATH (a project or a folder of .cs files)");
        }

        var project = FindProject(Path.GetFullPath(path));
        options.Directory = project is null ? Path.GetFullPath(path) : Path.GetDirectoryName(project)!;
        if (project != null)
        {
            options.ReadProject(project);
        }

        foreach (var header in headers)
        {
            options.Headers.Add(new ManifestHeader
            {
                Path = Path.GetFullPath(header),
                Library = library ?? "",
                IncludePaths = includes.Select(Path.GetFullPath).ToArray(),
                Defines = defines.ToArray(),
            });
        }

        if (targets != null)
        {
            options.Targets.Clear();
            foreach (var rid in AbiTargets.Parse(targets))
            {
                if (!AbiTargets.IsKnown(rid))
                {
                    throw new UsageException($"unknown target '{rid}'");
                }

                options.Targets.Add(rid);
            }
        }

        options.Sources.AddRange(SourceFiles(options.Directory));
        if (options.Headers.Count == 0 && options.Manifest is null)
        {
            throw new UsageException("nothing to check against: the project has no InteropLintHeader item; give --header FILE or --manifest FILE");
        }

        return options;
    }

    /// <summary>A .csproj path, the only .csproj of a folder, or null for a folder of sources.</summary>
    private static string? FindProject(string path)
    {
        if (File.Exists(path))
        {
            return path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) ? path : throw new UsageException($"'{path}' is not a .csproj file or a folder");
        }

        if (!System.IO.Directory.Exists(path))
        {
            throw new UsageException($"'{path}' not found");
        }

        var projects = System.IO.Directory.GetFiles(path, "*.csproj");
        return projects.Length switch
        {
            0 => null,
            1 => projects[0],
            _ => throw new UsageException($"'{path}' holds {projects.Length} project files; name the one to check"),
        };
    }

    /// <summary>The project's InteropLint items and properties, as written (no MSBuild evaluation: conditions and imports are not followed).</summary>
    private void ReadProject(string projectFile)
    {
        var root = XDocument.Load(projectFile).Root!;
        string? Property(string name) => root.Descendants().LastOrDefault(e => e.Name.LocalName == name && e.Parent?.Name.LocalName == "PropertyGroup")?.Value.Trim();
        string Metadata(XElement item, string name) =>
            (item.Attribute(name)?.Value ?? item.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value ?? "").Trim();
        string[] List(string value) => value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string Full(string relative) => Path.GetFullPath(Path.Combine(Directory, relative.Replace('\\', Path.DirectorySeparatorChar)));

        foreach (var item in root.Descendants().Where(e => e.Name.LocalName == "InteropLintHeader" && e.Attribute("Include") != null))
        {
            foreach (var include in List(item.Attribute("Include")!.Value))
            {
                Headers.Add(new ManifestHeader
                {
                    Path = Full(include),
                    Library = Metadata(item, "Library"),
                    IncludePaths = List(Metadata(item, "IncludePaths")).Select(Full).ToArray(),
                    Defines = List(Metadata(item, "Defines")),
                });
            }
        }

        if (Property("InteropLintTargets") is { Length: > 0 } targets)
        {
            Targets.AddRange(AbiTargets.Parse(targets));
        }

        if (Property("InteropLintManifest") is { Length: > 0 } manifest)
        {
            Manifest = Full(manifest);
        }

        ImplicitUsings = string.Equals(Property("ImplicitUsings"), "enable", StringComparison.OrdinalIgnoreCase)
            || string.Equals(Property("ImplicitUsings"), "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Every .cs file under the folder, but not under its bin/ and obj/ (build outputs, generated code).</summary>
    private static IEnumerable<string> SourceFiles(string directory)
    {
        var skipped = new[] { Path.Combine(directory, "bin") + Path.DirectorySeparatorChar, Path.Combine(directory, "obj") + Path.DirectorySeparatorChar };
        return System.IO.Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !skipped.Any(s => f.StartsWith(s, StringComparison.Ordinal)))
            .OrderBy(f => f, StringComparer.Ordinal);
    }
}
