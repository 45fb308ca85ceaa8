using InteropLint.Manifest;

namespace InteropLint.Tests.Sweep;

/// <summary>Where a C type is used: the same C type is written differently as a parameter, a return value or a field.</summary>
public enum TypeUse
{
    Parameter,
    Return,
    Field,
    Pointee,
}

/// <summary>
/// What a C integer or floating type means, read from the host's facts the way a careful person reads a header:
/// follow the typedef chain outermost first, and the first name with a fixed meaning on every ABI decides
/// (<c>Uint8</c> → <c>uint8_t</c> → <c>byte</c>; <c>size_t</c> → <c>nuint</c>); a chain that ends in a builtin type
/// takes the builtin's meaning (<c>long</c> → <c>CLong</c>, never a width). This is written for the test from the
/// C standard and the platform ABIs, independently of the analyzers' own width tables.
/// </summary>
public static class CTypeMeaning
{
    private static readonly Dictionary<string, string> Named = new(StringComparer.Ordinal)
    {
        ["size_t"] = "nuint", ["__size_t"] = "nuint", ["uintptr_t"] = "nuint", ["__uintptr_t"] = "nuint",
        ["ssize_t"] = "nint", ["__ssize_t"] = "nint", ["ptrdiff_t"] = "nint", ["__ptrdiff_t"] = "nint",
        ["intptr_t"] = "nint", ["__intptr_t"] = "nint",
        ["int8_t"] = "sbyte", ["__int8_t"] = "sbyte", ["uint8_t"] = "byte", ["__uint8_t"] = "byte",
        ["int16_t"] = "short", ["__int16_t"] = "short", ["uint16_t"] = "ushort", ["__uint16_t"] = "ushort",
        ["int32_t"] = "int", ["__int32_t"] = "int", ["uint32_t"] = "uint", ["__uint32_t"] = "uint",
        ["int64_t"] = "long", ["__int64_t"] = "long", ["uint64_t"] = "ulong", ["__uint64_t"] = "ulong",
        ["intmax_t"] = "long", ["__intmax_t"] = "long", ["uintmax_t"] = "ulong", ["__uintmax_t"] = "ulong",

        // time_t is 64-bit on every 64-bit ABI (long on LP64, __time64_t on Windows): C# long, not CLong.
        ["time_t"] = "long", ["__time_t"] = "long",
        ["char16_t"] = "char", ["char32_t"] = "uint",

        // A library's own 64-bit type that its header defines as long on LP64 and __int64 on Windows (curl/system.h
        // picks CURL_TYPEOF_CURL_OFF_T per compiler; 8 bytes on win-x64, checked with clang-14 and the MinGW headers).
        ["curl_off_t"] = "long",
    };

    /// <summary>Types with no C# type that is right on every ABI: the declaration using them by value is skipped.</summary>
    private static readonly Dictionary<string, string> NoPortableType = new(StringComparer.Ordinal)
    {
        ["wchar_t"] = "wchar_t is 2 bytes on Windows and 4 elsewhere",
        ["mode_t"] = "mode_t is 4 bytes on Linux and 2 on macOS (libarchive's mode type is unsigned short on Windows)",
        ["__mode_t"] = "mode_t is 4 bytes on Linux and 2 on macOS (libarchive's mode type is unsigned short on Windows)",
        ["dev_t"] = "dev_t is unsigned long on Linux and a 4-byte int32 on macOS",
        ["__dev_t"] = "dev_t is unsigned long on Linux and a 4-byte int32 on macOS",
        ["nlink_t"] = "nlink_t is 8 bytes on linux-x64, 4 on linux-arm64 and 2 on macOS",
        ["__nlink_t"] = "nlink_t is 8 bytes on linux-x64, 4 on linux-arm64 and 2 on macOS",
        ["blksize_t"] = "blksize_t is 8 bytes on linux-x64 and 4 on linux-arm64 and macOS",
        ["__blksize_t"] = "blksize_t is 8 bytes on linux-x64 and 4 on linux-arm64 and macOS",
        ["long double"] = "long double has no C# type (8 bytes on Windows and Apple arm64, 16 on x86-64 SysV and Linux arm64)",
        ["__int128"] = "__int128 is not marshalled by P/Invoke",
        ["unsigned __int128"] = "__int128 is not marshalled by P/Invoke",
        ["_Float128"] = "_Float128 has no C# type",
        ["__float128"] = "__float128 has no C# type",
    };

    /// <summary>
    /// C library records each OS defines its own way (same name, different fields or widths): a binding declares them once
    /// per OS, so one C# struct written from the host's facts is not a correct binding of them.
    /// </summary>
    private static readonly Dictionary<string, string> OsSpecificRecords = new(StringComparer.Ordinal)
    {
        ["tm"] = "struct tm: glibc and macOS add tm_gmtoff and tm_zone (56 bytes), MSVC has 9 ints (36)",
        ["timeval"] = "struct timeval: tv_usec is long on Linux, int on macOS, and both fields are 4-byte long on Windows",
        ["stat"] = "struct stat: each OS and architecture has its own",
        ["stat64"] = "struct stat64: each OS and architecture has its own",
        ["fd_set"] = "fd_set: a bit array of longs on Linux, a count and a SOCKET array on Windows",
        ["sockaddr"] = "struct sockaddr: BSD (macOS) starts with sa_len; Linux and Windows with a 2-byte family",
        ["sockaddr_storage"] = "struct sockaddr_storage: BSD (macOS) starts with ss_len; Linux and Windows with a 2-byte family",
        ["sockaddr_in"] = "struct sockaddr_in: BSD (macOS) starts with sin_len",
        ["sockaddr_in6"] = "struct sockaddr_in6: BSD (macOS) starts with sin6_len",
        ["sockaddr_un"] = "struct sockaddr_un: BSD (macOS) starts with sun_len and has 104 bytes of path",
        ["msghdr"] = "struct msghdr: msg_iovlen and msg_controllen are size_t on Linux, int/socklen_t on macOS",
        ["cmsghdr"] = "struct cmsghdr: cmsg_len is size_t on Linux, socklen_t on macOS",
        ["sigaction"] = "struct sigaction: each OS orders its fields differently",
        ["siginfo_t"] = "siginfo_t: each OS has its own",
        ["sigset_t"] = "sigset_t: 128 bytes on Linux, 4 on macOS",
        ["__sigset_t"] = "sigset_t: 128 bytes on Linux, 4 on macOS",
        ["stack_t"] = "stack_t: field order differs between Linux and macOS",
        ["ucontext_t"] = "ucontext_t: each OS and architecture has its own",
        ["mcontext_t"] = "mcontext_t: each OS and architecture has its own",
        ["sigevent"] = "struct sigevent: each OS has its own",
        ["sigval"] = "union sigval: the same on these ABIs, but part of the OS-specific signal records",
    };

    /// <summary>Why a record (by tag or typedef name) has no single C# layout on every ABI, or null.</summary>
    public static string? OsSpecificRecord(RecordDecl record)
    {
        if (OsSpecificRecords.TryGetValue(record.Name, out var reason))
        {
            return reason;
        }

        foreach (var alias in record.Aliases)
        {
            if (OsSpecificRecords.TryGetValue(alias, out reason))
            {
                return reason;
            }
        }

        return null;
    }

    private static readonly Dictionary<string, string> Builtins = new(StringComparer.Ordinal)
    {
        ["char"] = "byte", ["signed char"] = "sbyte", ["unsigned char"] = "byte",
        ["short"] = "short", ["unsigned short"] = "ushort",
        ["int"] = "int", ["unsigned int"] = "uint",
        ["long"] = "CLong", ["unsigned long"] = "CULong",
        ["long long"] = "long", ["unsigned long long"] = "ulong",
        ["float"] = "float", ["double"] = "double",
        ["_Bool"] = "byte", ["bool"] = "byte",
    };

    /// <summary>The C# type for a scalar (integer, char, bool, float) type, or null with <paramref name="why"/> when none is portable.</summary>
    public static string? Scalar(CType type, AbiManifest host, out string why)
    {
        why = "";
        foreach (var name in type.Typedefs)
        {
            if (Named.TryGetValue(name, out var meaning))
            {
                return meaning;
            }

            if (NoPortableType.TryGetValue(name, out var reason))
            {
                why = reason;
                return null;
            }
        }

        var builtin = Builtin(type, host);
        if (NoPortableType.TryGetValue(builtin, out var builtinReason))
        {
            why = builtinReason;
            return null;
        }

        if (Builtins.TryGetValue(builtin, out var csharp))
        {
            return csharp;
        }

        why = "unknown scalar '" + builtin + "' (" + type.Spelling + ")";
        return null;
    }

    /// <summary>
    /// Why the C# type <paramref name="meaning"/>, read from the host's facts, is wrong on another ABI, or null: the
    /// typedef the declaration names is declared there with a width that C# type does not have there
    /// (<c>curl_socket_t</c>: <c>int</c> on Linux and macOS, <c>SOCKET</c> — 8 bytes — on win-x64). Only a C# type
    /// whose width follows the ABI the way the C type's does (<c>CLong</c> for a C <c>long</c>, <c>nint</c> for a
    /// pointer-sized type) can bind such a type; a fixed-width one cannot. ABIs where the typedef is not declared, or
    /// rests on something clang could not resolve, say nothing (the analyzers do not check them either).
    /// </summary>
    public static string? WidthDiffers(CType type, string meaning, AbiManifest host, IEnumerable<AbiManifest> others)
    {
        if (type.Typedefs.Count == 0)
        {
            return null; // a builtin: its meaning (CLong for long) follows the ABI by definition
        }

        var name = type.Typedefs[0];
        foreach (var abi in others)
        {
            var there = abi.FindTypedef(name);
            if (there is null || !there.IsResolved || there.Type.Size <= 0)
            {
                continue;
            }

            if (WidthDiffersThere(type, meaning, there.Type, abi.Target) is { } differs)
            {
                return "'" + name + "' " + differs;
            }
        }

        return null;
    }

    /// <summary>
    /// Why <paramref name="meaning"/>, read from the host's <paramref name="type"/>, is wrong where the same declaration has
    /// <paramref name="there"/> (a parameter written through a macro, <c>#define SOCKET int</c> on Unix), or null.
    /// </summary>
    public static string? WidthDiffersThere(CType type, string meaning, CType there, string rid)
    {
        if (there.Size <= 0 || WidthOn(meaning, rid) is not { } width || width == there.Size)
        {
            return null;
        }

        return "is " + there.Size + " bytes on " + rid + " ('" + there.Spelling + "') and " + type.Size + " here ('" + type.Spelling + "'): "
            + meaning + " is " + width + " on " + rid + ", and no C# type has the C type's width on every ABI";
    }

    /// <summary>
    /// The width of a C# scalar on an ABI, from the platform ABIs: C <c>long</c> is 4 bytes on Windows (LLP64) and
    /// pointer-sized on Unix (LP64); null for a type this does not know.
    /// </summary>
    private static long? WidthOn(string csharp, string rid) => csharp switch
    {
        "byte" or "sbyte" => 1,
        "short" or "ushort" or "char" => 2,
        "int" or "uint" or "float" => 4,
        "long" or "ulong" or "double" => 8,
        "nint" or "nuint" => AbiTargets.PointerSize(rid),
        "CLong" or "CULong" => AbiTargets.IsWindows(rid) ? 4 : AbiTargets.PointerSize(rid),
        _ => null,
    };

    /// <summary>Whether the type is (through typedefs) C's <c>bool</c>.</summary>
    public static bool IsBool(CType type) => type.Kind == CTypeKind.Bool;

    /// <summary>The builtin type a typedef chain ends in, from the host's typedef table, normalised (<c>long int</c> → <c>long</c>).</summary>
    public static string Builtin(CType type, AbiManifest host)
    {
        var spelling = type.Spelling;
        var typedefs = type.Typedefs;
        for (var guard = 0; typedefs.Count > 0 && guard < 32; guard++)
        {
            var declared = host.FindTypedef(typedefs[^1]);
            if (declared is null)
            {
                break;
            }

            spelling = declared.Type.Spelling;
            typedefs = declared.Type.Typedefs;
        }

        return Normalise(spelling);
    }

    private static string Normalise(string spelling)
    {
        var words = spelling.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w is not ("const" or "volatile" or "restrict" or "__restrict" or "int" or "signed") || false)
            .ToList();
        var hadInt = spelling.Split(' ').Contains("int");
        var signed = spelling.Split(' ').Contains("signed");
        var unsigned = words.Remove("unsigned");
        var longs = words.RemoveAll(w => w == "long");
        var shorts = words.RemoveAll(w => w == "short");
        var core = words.Count > 0 ? string.Join(" ", words) : "";
        string result;
        if (longs == 2)
        {
            result = "long long";
        }
        else if (longs == 1 && core == "double")
        {
            return "long double";
        }
        else if (longs == 1)
        {
            result = "long";
        }
        else if (shorts == 1)
        {
            result = "short";
        }
        else if (core.Length > 0)
        {
            result = core;
        }
        else
        {
            result = hadInt || signed || unsigned ? "int" : spelling;
        }

        if (result == "char" && signed)
        {
            return "signed char";
        }

        return unsigned ? "unsigned " + result : result;
    }
}
