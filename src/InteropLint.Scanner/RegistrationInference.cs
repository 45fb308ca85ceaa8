using System;
using System.Collections.Generic;
using System.Linq;
using InteropLint.Manifest;

namespace InteropLint.Scanner;

/// <summary>
/// Judges, for each function that takes a callback, whether the library keeps the pointer after the call (ILNT010),
/// and records the judgement with its evidence in <see cref="AbiManifest.Registrations"/>. Evidence, strongest first:
/// <list type="number">
/// <item><c>unregister-pair</c>: the same header item declares the undoing function (attach/detach, set/unset,
/// register/unregister, add/remove, install/uninstall, connect/disconnect, subscribe/unsubscribe, hook/unhook).</item>
/// <item><c>doc-comment</c>: the comment says it is called later ("called when", "until", "each time", "is stored",
/// asynchronous…), or that it is called during the call only ("for each", "before returning", synchronously).</item>
/// <item><c>name</c> (synchronous only): the name says it walks something now (<c>foreach</c>, <c>visit</c>, <c>sort</c>, <c>exec</c>…).</item>
/// <item><c>setter</c>: a <c>…_set_…</c> function taking the callback (setting state the library reads later; NULL clears it).</item>
/// <item><c>stored-in-struct</c>: a struct of the same header item has a field of the callback's (typedef) type.</item>
/// </list>
/// A function with none of these gets no record: the analyzer then falls back to its name heuristics and says so.
/// </summary>
public static class RegistrationInference
{
    private static readonly (string Do, string Undo)[] Undoing =
    {
        ("attach", "detach"), ("set", "unset"), ("register", "unregister"), ("add", "remove"), ("install", "uninstall"),
        ("connect", "disconnect"), ("subscribe", "unsubscribe"), ("hook", "unhook"), ("push", "pop"),
    };

    private static readonly string[] SynchronousWords = { "foreach", "each", "visit", "walk", "iterate", "exec", "sort", "qsort", "bsearch", "search", "traverse", "enumerate", "apply", "map", "find", "loop", "dispatch" };

    /// <summary>"until" counts only next to what ends a registration: "until it is unregistered", "until the player is destroyed".</summary>
    private static readonly string[] UntilEnds = { "unregister", "remov", "detach", "destroy", "clos", "reset", "replac", "releas", "freed" };

    private static readonly string[] LaterPhrases =
    {
        "called later", "called when", "called whenever", "invoked when", "invoked whenever", "each time", "every time",
        "is stored", "are stored", "remains registered", "stays registered", "asynchronous", "will be called", "will be invoked",
        "when an event", "notification", "is registered", "gets called", "calls it later", "stores ", "called later",
    };

    private static readonly string[] DuringPhrases = { "for each", "before returning", "before it returns", "synchronously", "during the call", "for every" };

    public static void Infer(AbiManifest abi)
    {
        if (abi is null)
        {
            throw new ArgumentNullException(nameof(abi));
        }

        var known = new HashSet<string>(abi.Registrations.Select(r => r.Function), StringComparer.Ordinal);
        var byName = new Dictionary<string, FunctionDecl>(StringComparer.Ordinal);
        foreach (var f in abi.Functions)
        {
            byName.TryAdd(f.Name, f);
        }

        var stored = new Lazy<Dictionary<(int Header, string Spelling), (RecordDecl Record, FieldDecl Field)>>(() => FirstFieldsByType(abi.Records));
        foreach (var f in abi.Functions)
        {
            var callback = f.Parameters.FirstOrDefault(p => IsFunctionPointer(p.Type));
            if (callback is null || known.Contains(f.Name))
            {
                continue;
            }

            var judged = Judge(f, callback, byName, stored);
            if (judged != null)
            {
                abi.Registrations.Add(judged);
                known.Add(f.Name);
            }
        }
    }

    /// <summary>Per header item and field type spelling, the first record (in manifest order) with such a field, and the field.</summary>
    private static Dictionary<(int Header, string Spelling), (RecordDecl Record, FieldDecl Field)> FirstFieldsByType(List<RecordDecl> records)
    {
        var first = new Dictionary<(int, string), (RecordDecl, FieldDecl)>();
        foreach (var record in records)
        {
            foreach (var field in record.Fields)
            {
                first.TryAdd((record.Header, field.Type.Spelling), (record, field));
            }
        }

        return first;
    }

    private static CallbackRegistration? Judge(
        FunctionDecl f,
        ParameterDecl callback,
        Dictionary<string, FunctionDecl> byName,
        Lazy<Dictionary<(int Header, string Spelling), (RecordDecl Record, FieldDecl Field)>> stored)
    {
        var words = Words(f.Name);
        foreach (var (@do, undo) in Undoing)
        {
            for (var i = 0; i < words.Count; i++)
            {
                if (!string.Equals(words[i].Text, @do, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var word = words[i];
                var replacement = char.IsUpper(f.Name[word.Start]) ? char.ToUpperInvariant(undo[0]) + undo.Substring(1) : undo;
                var undoName = f.Name.Substring(0, word.Start) + replacement + f.Name.Substring(word.Start + word.Text.Length);
                if (byName.TryGetValue(undoName, out var undoing) && undoing.Header == f.Header)
                {
                    return Keeps(f, true, RegistrationReason.UnregisterPair, undoing.Name + " at " + FileName(undoing.File) + ":" + undoing.Line);
                }
            }
        }

        if (words.Any(w => SynchronousWords.Contains(w.Text.ToLowerInvariant())))
        {
            return Keeps(f, false, RegistrationReason.Name, f.Name);
        }

        var comment = f.DocComment.ToLowerInvariant();
        if (comment.Length > 0)
        {
            var later = LaterPhrases.Any(p => comment.Contains(p, StringComparison.Ordinal)) || DocComments.Sentences(comment).Any(SaysUntilUnregistered);
            var during = DuringPhrases.Any(p => comment.Contains(p, StringComparison.Ordinal));
            if (later != during)
            {
                return Keeps(f, later, RegistrationReason.DocComment, "doc comment, " + FileName(f.File) + ":" + f.Line);
            }
        }

        if (words.Any(w => string.Equals(w.Text, "set", StringComparison.OrdinalIgnoreCase)))
        {
            return Keeps(f, true, RegistrationReason.Setter, "sets '" + callback.Name + "' for later calls, " + FileName(f.File) + ":" + f.Line);
        }

        var spelling = callback.Type.Spelling;
        if (spelling.Length > 0 && !spelling.Contains('(') && stored.Value.TryGetValue((f.Header, spelling), out var holder))
        {
            var (record, field) = holder;
            return Keeps(f, true, RegistrationReason.StoredInStruct, record.Name + "." + field.Name + " stores a '" + spelling + "', " + FileName(record.File) + ":" + record.Line);
        }

        return null;
    }

    private static bool SaysUntilUnregistered(string sentence) =>
        sentence.Contains("until ", StringComparison.Ordinal) && UntilEnds.Any(e => sentence.Contains(e, StringComparison.Ordinal));

    private static CallbackRegistration Keeps(FunctionDecl f, bool keeps, RegistrationReason reason, string evidence) =>
        new() { Function = f.Name, Keeps = keeps, Reason = reason, Evidence = evidence };

    private static bool IsFunctionPointer(CType type) => type.Kind == CTypeKind.Pointer && type.Pointee?.Kind == CTypeKind.Function;

    /// <summary><c>libvlc_event_attach</c> → libvlc, event, attach; <c>SetLogCallback</c> → Set, Log, Callback; with their offsets.</summary>
    internal static List<(string Text, int Start)> Words(string name)
    {
        var words = new List<(string, int)>();
        var start = 0;
        for (var i = 1; i <= name.Length; i++)
        {
            if (i == name.Length || name[i] == '_' || (char.IsUpper(name[i]) && char.IsLower(name[i - 1])))
            {
                if (i > start && name[start] != '_')
                {
                    words.Add((name.Substring(start, i - start), start));
                }

                start = i < name.Length && name[i] == '_' ? i + 1 : i;
            }
        }

        return words;
    }

    private static string FileName(string file)
    {
        var slash = Math.Max(file.LastIndexOf('/'), file.LastIndexOf('\\'));
        return slash >= 0 ? file.Substring(slash + 1) : file;
    }
}
