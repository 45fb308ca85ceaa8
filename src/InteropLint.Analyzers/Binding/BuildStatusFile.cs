using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// What the build targets saw that the manifest cannot say (a scanner that could not run, a committed manifest
    /// missing or out of date), handed to the analyzers as an additional file so it is reported like every rule.
    /// One line per diagnostic: <c>ILNT90x message</c>.
    /// </summary>
    internal static class BuildStatusFile
    {
        /// <summary>The build targets name the file so (obj/…/InteropLint/build.interoplint-status).</summary>
        public const string FileSuffix = ".interoplint-status";

        public static IReadOnlyList<(string Code, string Message)> Read(AnalyzerOptions options, CancellationToken cancellationToken)
        {
            List<(string, string)>? lines = null;
            foreach (var file in options.AdditionalFiles)
            {
                if (!file.Path.EndsWith(FileSuffix, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var text = file.GetText(cancellationToken);
                if (text is null)
                {
                    continue;
                }

                foreach (var line in text.Lines)
                {
                    var content = line.ToString().Trim();
                    var space = content.IndexOf(' ');
                    if (space > 0 && content.StartsWith("ILNT9", StringComparison.Ordinal))
                    {
                        (lines ??= new List<(string, string)>()).Add((content.Substring(0, space), content.Substring(space + 1)));
                    }
                }
            }

            return lines ?? (IReadOnlyList<(string, string)>)Array.Empty<(string, string)>();
        }
    }
}
