using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace InteropLint.Analyzers.Infrastructure
{
    /// <summary>A manifest file as the analyzers see it: parsed, or the reason it could not be.</summary>
    internal sealed class LoadedManifest
    {
        public LoadedManifest(string path, NativeManifest? manifest, string? error)
        {
            Path = path;
            Manifest = manifest;
            Error = error;
        }

        public string Path { get; }

        public NativeManifest? Manifest { get; }

        public string? Error { get; }
    }

    /// <summary>
    /// Parses each distinct manifest content once per process. The IDE makes a new compilation on
    /// every keystroke; the manifest's <see cref="SourceText"/> usually survives, and when it does
    /// not, its checksum still finds the parsed manifest.
    /// </summary>
    internal static class ManifestCache
    {
        /// <summary>Manifest files end with this; the build targets name them so.</summary>
        public const string FileSuffix = ".interoplint.json";

        private const int MaxEntriesByContent = 8;

        private static readonly ConditionalWeakTable<SourceText, Parsed> ByText = new ConditionalWeakTable<SourceText, Parsed>();
        private static readonly object Gate = new object();
        private static readonly LinkedList<KeyValuePair<string, Parsed>> ByContent = new LinkedList<KeyValuePair<string, Parsed>>();

        public static bool IsManifest(AdditionalText file) =>
            file.Path.EndsWith(FileSuffix, StringComparison.OrdinalIgnoreCase);

        public static LoadedManifest Load(AdditionalText file, CancellationToken cancellationToken)
        {
            SourceText? text;
            try
            {
                text = file.GetText(cancellationToken);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                return new LoadedManifest(file.Path, null, ex.Message);
            }

            if (text is null)
            {
                return new LoadedManifest(file.Path, null, "the file could not be read");
            }

            var parsed = ByText.GetValue(text, ParseOrShare);
            return new LoadedManifest(file.Path, parsed.Manifest, parsed.Error);
        }

        private static Parsed ParseOrShare(SourceText text)
        {
            var key = ContentKey(text);
            lock (Gate)
            {
                for (var node = ByContent.First; node != null; node = node.Next)
                {
                    if (node.Value.Key == key)
                    {
                        ByContent.Remove(node);
                        ByContent.AddFirst(node);
                        return node.Value.Value;
                    }
                }
            }

            var parsed = Parse(text);
            lock (Gate)
            {
                ByContent.AddFirst(new KeyValuePair<string, Parsed>(key, parsed));
                while (ByContent.Count > MaxEntriesByContent)
                {
                    ByContent.RemoveLast();
                }
            }

            return parsed;
        }

        private static Parsed Parse(SourceText text)
        {
            try
            {
                return new Parsed(ManifestReader.Read(text.ToString()), null);
            }
            catch (ManifestFormatException ex)
            {
                return new Parsed(null, ex.Message);
            }
            catch (Exception ex)
            {
                // Nothing may escape an analyzer; an unreadable manifest is a tool diagnostic.
                return new Parsed(null, ex.GetType().Name + ": " + ex.Message);
            }
        }

        private static string ContentKey(SourceText text)
        {
            var checksum = text.GetChecksum();
            var chars = new char[checksum.Length * 2];
            for (var i = 0; i < checksum.Length; i++)
            {
                chars[2 * i] = "0123456789abcdef"[checksum[i] >> 4];
                chars[(2 * i) + 1] = "0123456789abcdef"[checksum[i] & 15];
            }

            return new string(chars) + ":" + text.Length;
        }

        private sealed class Parsed
        {
            public Parsed(NativeManifest? manifest, string? error)
            {
                Manifest = manifest;
                Error = error;
            }

            public NativeManifest? Manifest { get; }

            public string? Error { get; }
        }
    }
}
