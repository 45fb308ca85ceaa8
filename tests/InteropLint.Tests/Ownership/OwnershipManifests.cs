using InteropLint.Manifest;
using InteropLint.Scanner;

namespace InteropLint.Tests.Ownership;

/// <summary>
/// Small manifests built in code for edge cases of the ownership rules (ILNT002, ILNT007, ILNT010), and real
/// scanned manifests with the ownership facts inferred by <see cref="OwnershipInference"/>.
/// </summary>
public static class OwnershipManifests
{
    public static readonly string[] Targets = { "linux-x64", "win-x64" };

    public static CType Int() => new() { Kind = CTypeKind.Integer, Spelling = "int", Size = 4, Align = 4, IsSigned = true };

    public static CType Void() => new() { Kind = CTypeKind.Void, Spelling = "void" };

    public static CType Pointer(CType pointee, string spelling) => new() { Kind = CTypeKind.Pointer, Spelling = spelling, Size = 8, Align = 8, Pointee = pointee };

    public static CType CharPointer(bool isConst = true) =>
        Pointer(new CType { Kind = CTypeKind.Char, Spelling = isConst ? "const char" : "char", Size = 1, Align = 1, IsSigned = true, IsConst = isConst }, isConst ? "const char *" : "char *");

    /// <summary>
    /// <c>const wchar_t *</c> as on Unix (4-byte signed <c>wchar_t</c>); <see cref="Build(bool, FunctionDecl[])"/> gives it
    /// Windows' 2-byte unsigned width on the Windows targets, as the scanner would.
    /// </summary>
    public static CType WideCharPointer() =>
        Pointer(new CType { Kind = CTypeKind.Integer, Spelling = "const wchar_t", Size = 4, Align = 4, IsSigned = true, IsConst = true, Typedefs = new[] { "wchar_t" } }, "const wchar_t *");

    public static CType VoidPointer() => Pointer(Void(), "void *");

    public static CType StructPointer(string name) =>
        Pointer(new CType { Kind = CTypeKind.Struct, Spelling = name, DeclName = name }, name + " *");

    public static CType FunctionPointer(string spelling) =>
        Pointer(new CType { Kind = CTypeKind.Function, Spelling = spelling, Return = Void(), Parameters = new[] { VoidPointer(), Int() } }, spelling);

    public static FunctionDecl Function(string name, CType returns, params (string Name, CType Type)[] parameters) => new()
    {
        Name = name,
        File = "/usr/include/test.h",
        Line = 10,
        Return = returns,
        Parameters = parameters.Select(p => new ParameterDecl { Name = p.Name, Type = p.Type }).ToList(),
    };

    /// <summary>A manifest with <paramref name="functions"/> on every target, ownership inferred as the scanner does.</summary>
    public static string Build(params FunctionDecl[] functions) => Build(infer: true, functions);

    public static string Build(bool infer, params FunctionDecl[] functions)
    {
        var manifest = new NativeManifest { Generator = "tests" };
        manifest.Headers.Add(new ManifestHeader { Path = "/usr/include/test.h", Library = "" });
        foreach (var target in Targets)
        {
            var abi = new AbiManifest { Target = target, Triple = target };
            abi.Functions.AddRange(ForTarget(functions, target));
            if (infer)
            {
                OwnershipInference.Infer(abi);
            }

            manifest.Abis.Add(abi);
        }

        return ManifestWriter.Write(manifest);
    }

    /// <summary>
    /// Copies of <paramref name="functions"/> with the widths of <paramref name="target"/>: <c>wchar_t</c> is 2 bytes and
    /// unsigned on Windows, 4 bytes and signed elsewhere. A copy per ABI, so no two ABIs share (and fix up) one object.
    /// </summary>
    public static List<FunctionDecl> ForTarget(IEnumerable<FunctionDecl> functions, string target)
    {
        var single = new NativeManifest { Generator = "tests" };
        var abi = new AbiManifest { Target = target, Triple = target };
        abi.Functions.AddRange(functions);
        single.Abis.Add(abi);
        var copies = ManifestReader.Read(ManifestWriter.Write(single)).Abis[0].Functions;
        if (target.StartsWith("win-", StringComparison.Ordinal))
        {
            foreach (var f in copies)
            {
                NarrowWideChars(f.Return);
                foreach (var p in f.Parameters)
                {
                    NarrowWideChars(p.Type);
                }
            }
        }

        return copies;
    }

    private static void NarrowWideChars(CType? type)
    {
        if (type is null)
        {
            return;
        }

        if (type.Kind == CTypeKind.Integer && type.HasTypedef("wchar_t"))
        {
            type.Size = 2;
            type.Align = 2;
            type.IsSigned = false;
        }

        NarrowWideChars(type.Pointee);
        NarrowWideChars(type.Element);
        NarrowWideChars(type.Return);
        foreach (var p in type.Parameters)
        {
            NarrowWideChars(p);
        }
    }

    /// <summary>
    /// A real header scanned by the real scanner, with ownership inferred (idempotent, so this stays right once the
    /// scanner calls <see cref="OwnershipInference.Infer"/> itself).
    /// </summary>
    public static string Scan(string header, params string[] arguments)
    {
        var manifest = ManifestReader.Read(Infrastructure.NativeHeaders.Scan(header, Infrastructure.NativeHeaders.DefaultTargets, arguments));
        foreach (var abi in manifest.Abis)
        {
            OwnershipInference.Infer(abi);
        }

        return ManifestWriter.Write(manifest);
    }
}
