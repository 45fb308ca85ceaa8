using InteropLint.Manifest;
using InteropLint.Scanner;
using InteropLint.Tests.Infrastructure;

namespace InteropLint.Tests.Ownership;

/// <summary>
/// Small manifests for edge cases of the ownership rules (ILNT002, ILNT007, ILNT010), built by the one test manifest
/// factory (<see cref="TestManifest"/>, each target with its own widths) from functions declared in
/// <c>/usr/include/test.h</c>; and real scanned manifests with the ownership facts inferred by <see cref="OwnershipInference"/>.
/// </summary>
public static class OwnershipManifests
{
    public const string Targets = "linux-x64;win-x64";

    private const string Header = "/usr/include/test.h";

    public static CTypeOn Int() => C.Int;

    public static CTypeOn Void() => C.Void;

    public static CTypeOn CharPointer(bool isConst = true) => C.Pointer(isConst ? C.Const(C.Char) : C.Char);

    /// <summary><c>const wchar_t *</c>: wchar_t is 2 bytes unsigned on Windows, 4 bytes signed elsewhere.</summary>
    public static CTypeOn WideCharPointer() => C.Pointer(C.Const(C.WChar));

    public static CTypeOn VoidPointer() => C.Pointer(C.Void);

    /// <summary>A pointer to an opaque struct (<c>x *</c>).</summary>
    public static CTypeOn StructPointer(string name) =>
        C.Pointer(_ => new CType { Kind = CTypeKind.Struct, Spelling = name, DeclName = name });

    /// <summary>A callback type spelled <paramref name="spelling"/>: <c>void (*)(void *, int)</c>.</summary>
    public static CTypeOn FunctionPointer(string spelling) => t =>
    {
        var size = AbiTargets.PointerSize(t);
        var function = new CType { Kind = CTypeKind.Function, Spelling = spelling, Return = C.Void(t), Parameters = new[] { C.Pointer(C.Void)(t), C.Int(t) } };
        return new CType { Kind = CTypeKind.Pointer, Spelling = spelling, Size = size, Align = size, Pointee = function };
    };

    public static TestFunction Function(string name, CTypeOn returns, params (string Name, CTypeOn Type)[] parameters) =>
        new(name, returns, parameters) { File = Header, Line = 10 };

    /// <summary>A manifest with <paramref name="functions"/> on every target, ownership inferred as the scanner does.</summary>
    public static string Build(params TestFunction[] functions) => Build(infer: true, functions);

    public static string Build(bool infer, params TestFunction[] functions)
    {
        var manifest = new TestManifest(library: "", targets: Targets, header: Header);
        foreach (var f in functions)
        {
            manifest.Function(f);
        }

        return (infer ? manifest.InferOwnership() : manifest).Json();
    }

    /// <summary>
    /// A real header scanned by the real scanner, with ownership inferred (idempotent, so this stays right once the
    /// scanner calls <see cref="OwnershipInference.Infer"/> itself).
    /// </summary>
    public static string Scan(string header, params string[] arguments)
    {
        var manifest = ManifestReader.Read(NativeHeaders.Scan(header, NativeHeaders.DefaultTargets, arguments));
        foreach (var abi in manifest.Abis)
        {
            OwnershipInference.Infer(abi);
        }

        return ManifestWriter.Write(manifest);
    }
}
