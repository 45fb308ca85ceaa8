using System;
using System.Collections.Generic;
using InteropLint.Manifest;

namespace InteropLint.Scanner;

/// <summary>
/// Learns "what <c>A</c> returns, <c>F</c> frees" from the declarations of one ABI and records it in
/// <see cref="AbiManifest.Ownership"/>, so the analyzers (ILNT002, ILNT007) and a person reading
/// <c>dump</c> see the same facts. Pure: it reads the functions already in the manifest and adds pairs;
/// running it twice adds nothing new.
/// </summary>
/// <remarks>
/// Sources, strongest first (a function gets at most one deallocator):
/// <list type="number">
/// <item><c>reason = attribute</c>: clang's <c>ownership_returns(M)</c>/<c>ownership_takes(M, n)</c> with the
/// same module <c>M</c>, GCC 11's <c>malloc(dealloc, n)</c>, or a plain <c>malloc</c> attribute paired with a
/// same-prefix <c>*_free</c> of the same header.</item>
/// <item><c>reason = doc-comment</c>: the declaration's comment says the result is freed, and names a free-like
/// function the same header item declares ("call SDL_free() on the returned pointer", "caller frees with tk_free"),
/// with no negation ("must not be freed"). The evidence (file:line) is recorded.</item>
/// <item><c>reason = libc</c>: the C library's allocating functions (<c>strdup</c>, <c>malloc</c>, …) and
/// <c>malloc</c>-attributed functions of a C library header returning plain memory → <c>free</c>; its streams and
/// directories → <c>fclose</c>/<c>pclose</c>/<c>closedir</c> (glibc marks <c>fopen</c> malloc too: not <c>free</c>).</item>
/// <item><c>reason = name-pair</c>: <c>x_new</c>/<c>x_create</c>/<c>x_open</c>/<c>x_alloc</c>/<c>x</c> with
/// <c>x_free</c>/<c>x_destroy</c>/<c>x_close</c>/… in the same header.</item>
/// <item><c>reason = type-pair</c>: a same-library function with an allocating verb in its name
/// (<c>dup</c>, <c>new</c>, <c>create</c>, <c>copy</c>, …) returning exactly the pointer type a
/// <c>*_free</c>-like function of the same header takes (<c>demo_strdup_upper</c> → <c>demo_string_free</c>).</item>
/// </list>
/// Only functions returning a pointer to non-const data are allocators: a <c>const char*</c> result is
/// borrowed by construction.
/// </remarks>
public static class OwnershipInference
{
    /// <summary>Functions of the C library that return memory the caller releases with <c>free</c>.</summary>
    private static readonly HashSet<string> LibcAllocators = new(StringComparer.Ordinal)
    {
        "malloc", "calloc", "realloc", "reallocarray", "aligned_alloc", "memalign", "valloc", "pvalloc",
        "strdup", "strndup", "wcsdup", "canonicalize_file_name", "get_current_dir_name", "tempnam",
    };

    /// <summary>The C library's other allocating functions and what releases their result (glibc marks these malloc too).</summary>
    private static readonly Dictionary<string, string> LibcPairs = new(StringComparer.Ordinal)
    {
        ["fopen"] = "fclose", ["fdopen"] = "fclose", ["fmemopen"] = "fclose",
        ["open_memstream"] = "fclose", ["open_wmemstream"] = "fclose", ["tmpfile"] = "fclose", ["fopencookie"] = "fclose",
        ["popen"] = "pclose", ["opendir"] = "closedir", ["fdopendir"] = "closedir",
    };

    /// <summary>Header files of the C library itself (glibc, musl, BSD, MSVC's CRT): their malloc attribute means <c>free</c>.</summary>
    private static readonly HashSet<string> LibcHeaders = new(StringComparer.Ordinal)
    {
        "stdlib.h", "string.h", "strings.h", "wchar.h", "stdio.h", "unistd.h", "malloc.h", "libgen.h",
        "time.h", "locale.h", "dlfcn.h", "stdlib-bsearch.h", "corecrt_malloc.h", "corecrt_wstring.h",
    };

    /// <summary>Deallocator suffixes and the allocator suffixes they pair with by name.</summary>
    private static readonly string[] DeallocatorSuffixes = { "free", "destroy", "close", "delete", "release", "unref", "dispose" };

    /// <summary>Words in an allocator's name that say it hands out a new object (for the type-based pairing).</summary>
    private static readonly string[] AllocatingVerbs = { "dup", "new", "create", "alloc", "copy", "clone", "make", "open" };

    public static void Infer(AbiManifest abi)
    {
        if (abi is null)
        {
            throw new ArgumentNullException(nameof(abi));
        }

        var byName = new Dictionary<string, FunctionDecl>(StringComparer.Ordinal);
        foreach (var f in abi.Functions)
        {
            byName.TryAdd(f.Name, f);
        }

        var paired = new HashSet<string>(StringComparer.Ordinal);
        foreach (var existing in abi.Ownership)
        {
            paired.Add(existing.Allocator);
        }

        void Add(string allocator, string deallocator, OwnershipReason reason, string evidence = "")
        {
            if (allocator != deallocator && paired.Add(allocator))
            {
                abi.Ownership.Add(new OwnershipPair { Allocator = allocator, Deallocator = deallocator, Reason = reason, Evidence = evidence });
            }
        }

        var deallocators = FindDeallocators(abi.Functions);
        var documentable = DocComments.ByHeader(deallocators);

        // 0. what the declaration's documentation says ("call SDL_free() on the returned pointer")
        foreach (var f in abi.Functions)
        {
            if (ReturnsOwnablePointer(f) && DocComments.NamedDeallocator(f, documentable) is FunctionDecl documented)
            {
                Add(f.Name, documented.Name, OwnershipReason.DocComment, "doc comment, " + FileName(f.File) + ":" + f.Line);
            }
        }

        // 0b. what the documentation says of an out-parameter ("The resulting git_annotated_commit must be freed with
        // git_annotated_commit_free" on git_annotated_commit **out; "a git_buf which the caller must free … git_buf_dispose")
        var outPaired = new HashSet<(string, int)>();
        foreach (var existing in abi.Ownership)
        {
            outPaired.Add((existing.Allocator, existing.OutParameter));
        }

        foreach (var f in abi.Functions)
        {
            if (!ReturnsOwnablePointer(f) && DocComments.NamedDeallocator(f, documentable) is FunctionDecl documented
                && OutParameterFreedBy(f, documented) is int index && outPaired.Add((f.Name, index)))
            {
                abi.Ownership.Add(new OwnershipPair
                {
                    Allocator = f.Name,
                    Deallocator = documented.Name,
                    Reason = OwnershipReason.DocComment,
                    Evidence = "doc comment, " + FileName(f.File) + ":" + f.Line,
                    OutParameter = index,
                });
            }
        }

        // 1. attributes
        foreach (var f in abi.Functions)
        {
            if (!ReturnsOwnablePointer(f))
            {
                continue;
            }

            var fromAttribute = DeallocatorFromAttributes(f, abi.Functions);
            if (fromAttribute != null)
            {
                Add(f.Name, fromAttribute, OwnershipReason.Attribute);
                continue;
            }

            if (IsLibcHeader(f.File) && LibcPairs.TryGetValue(f.Name, out var libcDeallocator))
            {
                Add(f.Name, libcDeallocator, OwnershipReason.Libc);
                continue;
            }

            if (IsMallocAttributed(f))
            {
                var samePrefix = SamePrefixFree(f, deallocators);
                if (samePrefix != null)
                {
                    Add(f.Name, samePrefix.Name, OwnershipReason.Attribute);
                }
                else if (LibcAllocators.Contains(f.Name) || (IsLibcHeader(f.File) && IsPlainMemory(f.Return)))
                {
                    // A libc malloc function returning FILE*, DIR*… has its own closer (above); only plain memory goes to free.
                    Add(f.Name, "free", OwnershipReason.Libc);
                }
            }
        }

        // 2. the C library's allocators, when the header declares them
        foreach (var f in abi.Functions)
        {
            if (LibcAllocators.Contains(f.Name) && IsLibcHeader(f.File) && ReturnsOwnablePointer(f))
            {
                Add(f.Name, "free", OwnershipReason.Libc);
            }
        }

        // 3. name pairs in the same header
        foreach (var (dealloc, stem, suffix) in deallocators)
        {
            foreach (var candidate in AllocatorNames(stem, suffix))
            {
                if (byName.TryGetValue(candidate, out var alloc) && alloc.File == dealloc.File && ReturnsOwnablePointer(alloc))
                {
                    Add(alloc.Name, dealloc.Name, OwnershipReason.NamePair);
                }
            }
        }

        // 4. same library prefix, allocating verb, and exactly the pointer type the deallocator takes
        foreach (var (dealloc, _, _) in deallocators)
        {
            var taken = dealloc.Parameters[FreedParameter(dealloc)].Type;
            if (taken.Pointee is null || taken.Pointee.Kind == CTypeKind.Void)
            {
                continue; // void* frees anything: the type says nothing about which allocator
            }

            var prefix = LibraryPrefix(dealloc.Name);
            if (prefix.Length == 0)
            {
                continue;
            }

            foreach (var f in abi.Functions)
            {
                if (f.File == dealloc.File && f.Name.StartsWith(prefix, StringComparison.Ordinal) && ReturnsOwnablePointer(f)
                    && HasAllocatingVerb(f.Name.Substring(prefix.Length)) && SamePointer(f.Return, taken))
                {
                    Add(f.Name, dealloc.Name, OwnershipReason.TypePair);
                }
            }
        }
    }

    /// <summary>
    /// The one parameter of <paramref name="f"/> through which it hands out what <paramref name="deallocator"/> frees:
    /// a <c>T **</c> when the deallocator takes <c>T *</c> (the pointer stored there), else a pointer to a complete,
    /// non-const struct the deallocator takes as is (<c>git_buf *</c>: its contents). Null when none or several match.
    /// </summary>
    private static int? OutParameterFreedBy(FunctionDecl f, FunctionDecl deallocator)
    {
        var taken = deallocator.Parameters[FreedParameter(deallocator)].Type;
        if (taken.Pointee is null || taken.Pointee.Kind == CTypeKind.Void)
        {
            return null; // void* frees anything: it does not say which parameter
        }

        int? pointerOut = null, structOut = null;
        var pointerOuts = 0;
        var structOuts = 0;
        for (var i = 0; i < f.Parameters.Count; i++)
        {
            var type = f.Parameters[i].Type;
            if (type.Kind != CTypeKind.Pointer || type.Pointee is null || type.Pointee.IsConst)
            {
                continue;
            }

            if (type.Pointee.Kind == CTypeKind.Pointer && SamePointer(type.Pointee, taken))
            {
                pointerOut = i;
                pointerOuts++;
            }
            else if ((type.Pointee.Kind == CTypeKind.Struct || type.Pointee.Kind == CTypeKind.Union) && type.Pointee.Size > 0 && SamePointer(type, taken))
            {
                structOut = i;
                structOuts++;
            }
        }

        return pointerOuts == 1 ? pointerOut : pointerOuts == 0 && structOuts == 1 ? structOut : null;
    }

    /// <summary>Returns a pointer to data the caller may own: not void-returning, not a pointer to const.</summary>
    private static bool ReturnsOwnablePointer(FunctionDecl f) =>
        f.Return.Kind == CTypeKind.Pointer && f.Return.Pointee != null && !f.Return.Pointee.IsConst
        && f.Return.Pointee.Kind != CTypeKind.Function;

    /// <summary><c>void*</c>, <c>char*</c>, <c>wchar_t*</c>…: memory rather than an object with its own closer.</summary>
    private static bool IsPlainMemory(CType type) =>
        type.Pointee != null && (type.Pointee.Kind == CTypeKind.Void || type.Pointee.Kind == CTypeKind.Char || type.Pointee.Kind == CTypeKind.Integer);

    private static bool IsMallocAttributed(FunctionDecl f)
    {
        foreach (var a in f.Attributes)
        {
            if (a == "malloc" || a == "__malloc__" || a == "ownership_returns" || a.StartsWith("malloc(", StringComparison.Ordinal) || a.StartsWith("__malloc__(", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>malloc(dealloc, n)</c> (GCC 11) or clang's <c>ownership_returns(M)</c> matched with an <c>ownership_takes(M, n)</c>.</summary>
    private static string? DeallocatorFromAttributes(FunctionDecl f, List<FunctionDecl> functions)
    {
        foreach (var a in f.Attributes)
        {
            var args = Arguments(a, "malloc") ?? Arguments(a, "__malloc__");
            if (args != null && args.Length > 0 && args[0].Length > 0)
            {
                return args[0] == "__builtin_free" ? "free" : args[0];
            }

            var module = Arguments(a, "ownership_returns");
            if (module != null && module.Length > 0)
            {
                foreach (var other in functions)
                {
                    foreach (var b in other.Attributes)
                    {
                        var takes = Arguments(b, "ownership_takes");
                        if (takes != null && takes.Length > 0 && takes[0] == module[0])
                        {
                            return other.Name;
                        }
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The arguments of <c>name(a, b)</c>, trimmed; null when the attribute is another one or has none.</summary>
    private static string[]? Arguments(string attribute, string name)
    {
        if (!attribute.StartsWith(name + "(", StringComparison.Ordinal) || !attribute.EndsWith(")", StringComparison.Ordinal))
        {
            return null;
        }

        var inner = attribute.Substring(name.Length + 1, attribute.Length - name.Length - 2);
        var parts = inner.Split(',');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = parts[i].Trim();
        }

        return parts;
    }

    private static string FileName(string file)
    {
        var slash = Math.Max(file.LastIndexOf('/'), file.LastIndexOf('\\'));
        return slash >= 0 ? file.Substring(slash + 1) : file;
    }

    /// <summary>Functions that look like deallocators (a <c>free</c>-like suffix, a pointer first parameter), with their name stem.</summary>
    internal static List<(FunctionDecl Function, string Stem, string Suffix)> FindDeallocators(List<FunctionDecl> functions)
    {
        var result = new List<(FunctionDecl, string, string)>();
        foreach (var f in functions)
        {
            if (f.Parameters.Count == 0 || f.Parameters[0].Type.Kind != CTypeKind.Pointer)
            {
                continue;
            }

            foreach (var suffix in DeallocatorSuffixes)
            {
                if (f.Name.Length > suffix.Length + 1 && f.Name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    var stem = f.Name.Substring(0, f.Name.Length - suffix.Length);
                    result.Add((f, stem, suffix.ToLowerInvariant()));
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>
    /// For <c>x_free</c> (stem <c>x_</c>): <c>x_new</c>, <c>x_alloc</c>, …, and <c>x</c> itself; for <c>xFree</c>,
    /// <c>xNew</c>…; for <c>gzclose</c>, <c>gzopen</c>. Each deallocator verb pairs only with its own family
    /// (<c>close</c> with <c>open</c>), so <c>sqlite3_malloc</c> pairs with <c>sqlite3_free</c>, never <c>sqlite3_close</c>.
    /// </summary>
    private static IEnumerable<string> AllocatorNames(string stem, string deallocatorSuffix)
    {
        var suffixes = deallocatorSuffix switch
        {
            "close" => new[] { "open" },
            "free" => new[] { "new", "alloc", "malloc", "create" },
            _ => new[] { "new", "create", "alloc" },
        };

        foreach (var suffix in suffixes)
        {
            yield return stem + suffix;
            if (stem.Length > 0 && !stem.EndsWith("_", StringComparison.Ordinal))
            {
                yield return stem + char.ToUpperInvariant(suffix[0]) + suffix.Substring(1);
            }
        }

        if (stem.EndsWith("_", StringComparison.Ordinal) && stem.Length > 1)
        {
            yield return stem.Substring(0, stem.Length - 1);
        }
    }

    private static FunctionDecl? SamePrefixFree(FunctionDecl f, List<(FunctionDecl Function, string Stem, string Suffix)> deallocators)
    {
        var prefix = LibraryPrefix(f.Name);
        if (prefix.Length == 0)
        {
            return null;
        }

        foreach (var (dealloc, _, _) in deallocators)
        {
            if (dealloc.File == f.File && dealloc.Name == prefix + "free" && !TakesAsContext(dealloc, f.Return))
            {
                return dealloc;
            }
        }

        return null;
    }

    /// <summary>
    /// The free-like function needs an object of the allocated type besides the pointer it frees (libpng's
    /// <c>png_free(png_ptr, ptr)</c> frees what <c>png_malloc(png_ptr, size)</c> gave, using the <c>png_struct</c>):
    /// it cannot be what frees that object.
    /// </summary>
    private static bool TakesAsContext(FunctionDecl deallocator, CType allocated)
    {
        var freed = FreedParameter(deallocator);
        for (var i = 0; i < deallocator.Parameters.Count; i++)
        {
            var type = deallocator.Parameters[i].Type;
            if (i != freed && type.Kind == CTypeKind.Pointer && SamePointer(type, allocated))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The parameter a free-like function frees: its last pointer parameter to non-const data that is not a function
    /// (<c>png_free(png_const_structrp png_ptr, png_voidp ptr)</c> frees <c>ptr</c>; <c>CRYPTO_free(void *ptr, const
    /// char *file, int line)</c> frees <c>ptr</c>); the first parameter when none is.
    /// </summary>
    private static int FreedParameter(FunctionDecl deallocator)
    {
        var freed = 0;
        for (var i = 0; i < deallocator.Parameters.Count; i++)
        {
            var pointee = deallocator.Parameters[i].Type.Kind == CTypeKind.Pointer ? deallocator.Parameters[i].Type.Pointee : null;
            if (pointee != null && !pointee.IsConst && pointee.Kind != CTypeKind.Function)
            {
                freed = i;
            }
        }

        return freed;
    }

    /// <summary><c>demo_</c> for <c>demo_string_free</c>; empty when the name has no underscore-separated prefix.</summary>
    private static string LibraryPrefix(string name)
    {
        var underscore = name.IndexOf('_', 1);
        return underscore > 0 && underscore < name.Length - 1 ? name.Substring(0, underscore + 1) : "";
    }

    private static bool HasAllocatingVerb(string rest)
    {
        foreach (var verb in AllocatingVerbs)
        {
            if (rest.IndexOf(verb, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Both pointers point to the same type (compared by the pointee's spelling, ignoring const).</summary>
    private static bool SamePointer(CType a, CType b) =>
        a.Kind == CTypeKind.Pointer && b.Kind == CTypeKind.Pointer && a.Pointee != null && b.Pointee != null
        && a.Pointee.Kind == b.Pointee.Kind && Unqualified(a.Pointee.Spelling) == Unqualified(b.Pointee.Spelling);

    private static string Unqualified(string spelling) => spelling.Replace("const ", "").Replace(" const", "").Trim();

    private static bool IsLibcHeader(string file)
    {
        if (file.Length == 0)
        {
            return false;
        }

        var slash = Math.Max(file.LastIndexOf('/'), file.LastIndexOf('\\'));
        var name = slash >= 0 ? file.Substring(slash + 1) : file;
        return LibcHeaders.Contains(name) || file.Contains("/bits/");
    }
}
