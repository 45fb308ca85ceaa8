using InteropLint.Manifest;
using InteropLint.Scanner;

namespace InteropLint.Tests.Infrastructure;

/// <summary>A C type as it is on one target ABI; the factories below give each ABI its real widths.</summary>
public delegate CType CTypeOn(string target);

/// <summary>
/// Small manifests built in code for edge cases (the real-header tests use <see cref="NativeHeaders"/>).
/// Every declaration lands on every target with the widths that target really has.
/// </summary>
public sealed class TestManifest
{
    private readonly NativeManifest _manifest = new();
    private int _line = 10;

    public TestManifest(string library = "demo", string targets = NativeHeaders.DefaultTargets, string header = "demo.h")
    {
        _manifest.Generator = "tests";
        _manifest.Headers.Add(new ManifestHeader { Path = Path.IsPathRooted(header) ? header : "include/" + header, Library = library });
        foreach (var target in AbiTargets.Parse(targets))
        {
            _manifest.Abis.Add(new AbiManifest { Target = target, Triple = AbiTargets.Triple(target) ?? target });
        }
    }

    public string File => _manifest.Headers[0].Path;

    public TestManifest Function(string name, CTypeOn returns, params (string Name, CTypeOn Type)[] parameters) =>
        AddFunction(name, returns, parameters, variadic: false);

    public TestManifest VariadicFunction(string name, CTypeOn returns, params (string Name, CTypeOn Type)[] parameters) =>
        AddFunction(name, returns, parameters, variadic: true);

    public TestManifest Constant(string name, long value, string? text = null)
    {
        var line = _line++;
        foreach (var abi in _manifest.Abis)
        {
            abi.Constants.Add(new ConstantDecl { Name = name, Value = value, Text = text ?? value.ToString(System.Globalization.CultureInfo.InvariantCulture), File = File, Line = line });
        }

        return this;
    }

    /// <summary>A <c>#define</c> whose value depends on the target (an <c>#ifdef _WIN32</c> branch).</summary>
    public TestManifest Constant(string name, Func<string, long> valueOn)
    {
        var line = _line++;
        foreach (var abi in _manifest.Abis)
        {
            var value = valueOn(abi.Target);
            abi.Constants.Add(new ConstantDecl { Name = name, Value = value, Text = value.ToString(System.Globalization.CultureInfo.InvariantCulture), File = File, Line = line });
        }

        return this;
    }

    public TestManifest Enum(string name, CTypeOn integerType, params (string Name, long Value)[] enumerators)
    {
        var line = _line++;
        foreach (var abi in _manifest.Abis)
        {
            abi.Enums.Add(new EnumDecl
            {
                Name = name,
                Aliases = new[] { name },
                IntegerType = integerType(abi.Target),
                Enumerators = enumerators.Select(e => new EnumeratorDecl { Name = e.Name, Value = e.Value }).ToList(),
                File = File,
                Line = line,
            });
        }

        return this;
    }

    public TestManifest MacroAlias(string name, string target)
    {
        var line = _line++;
        foreach (var abi in _manifest.Abis)
        {
            abi.MacroAliases.Add(new MacroAliasDecl { Name = name, Target = target, File = File, Line = line });
        }

        return this;
    }

    /// <summary>A function on every target; one without a file of its own is declared in the manifest's header.</summary>
    public TestManifest Function(TestFunction function)
    {
        var line = _line++;
        foreach (var abi in _manifest.Abis)
        {
            var declaration = function.On(abi.Target);
            if (declaration.File.Length == 0)
            {
                declaration.File = File;
            }

            if (declaration.Line == 0)
            {
                declaration.Line = line;
            }

            abi.Functions.Add(declaration);
        }

        return this;
    }

    /// <summary>The ownership facts the scanner infers from the declarations (<see cref="OwnershipInference"/>).</summary>
    public TestManifest InferOwnership()
    {
        foreach (var abi in _manifest.Abis)
        {
            OwnershipInference.Infer(abi);
        }

        return this;
    }

    public string Json() => ManifestWriter.Write(_manifest);

    public override string ToString() => Json();

    private TestManifest AddFunction(string name, CTypeOn returns, (string Name, CTypeOn Type)[] parameters, bool variadic)
    {
        var line = _line++;
        foreach (var abi in _manifest.Abis)
        {
            abi.Functions.Add(new FunctionDecl
            {
                Name = name,
                Return = returns(abi.Target),
                Parameters = parameters.Select(p => new ParameterDecl { Name = p.Name, Type = p.Type(abi.Target) }).ToList(),
                IsVariadic = variadic,
                File = File,
                Line = line,
            });
        }

        return this;
    }
}

/// <summary>C types per ABI, with the widths each target really has.</summary>
public static class C
{
    public static readonly CTypeOn Void = _ => new CType { Kind = CTypeKind.Void, Spelling = "void" };
    public static readonly CTypeOn Int = _ => Integer("int", 4, true);
    public static readonly CTypeOn UInt = _ => Integer("unsigned int", 4, false);
    public static readonly CTypeOn Long = t => Integer("long", AbiTargets.IsWindows(t) ? 4 : AbiTargets.PointerSize(t), true);
    public static readonly CTypeOn LongLong = _ => Integer("long long", 8, true);
    public static readonly CTypeOn Float = _ => new CType { Kind = CTypeKind.Float, Spelling = "float", Size = 4, Align = 4 };
    public static readonly CTypeOn Double = _ => new CType { Kind = CTypeKind.Float, Spelling = "double", Size = 8, Align = 8 };
    public static readonly CTypeOn LongDouble = t => AbiTargets.IsWindows(t) || AbiTargets.IsApple(t)
        ? new CType { Kind = CTypeKind.Float, Spelling = "long double", Size = 8, Align = 8 }
        : new CType { Kind = CTypeKind.Float, Spelling = "long double", Size = 16, Align = 16 };
    public static readonly CTypeOn Bool = _ => new CType { Kind = CTypeKind.Bool, Spelling = "bool", Size = 1, Align = 1 };
    public static readonly CTypeOn Char = t => new CType { Kind = CTypeKind.Char, Spelling = "char", Size = 1, Align = 1, IsSigned = t != "linux-arm64" };
    public static readonly CTypeOn UChar = _ => new CType { Kind = CTypeKind.Char, Spelling = "unsigned char", Size = 1, Align = 1 };
    public static readonly CTypeOn WChar = t => AbiTargets.IsWindows(t)
        ? Typedef("wchar_t", Integer("unsigned short", 2, false))
        : Typedef("wchar_t", Integer("int", 4, true));
    public static readonly CTypeOn SizeT = t => Typedef("size_t", Integer("unsigned long", AbiTargets.PointerSize(t), false));

    public static CTypeOn Pointer(CTypeOn pointee) => t =>
    {
        var inner = pointee(t);
        var size = AbiTargets.PointerSize(t);
        return new CType { Kind = CTypeKind.Pointer, Spelling = inner.Spelling + (inner.Spelling.EndsWith('*') ? "*" : " *"), Size = size, Align = size, Pointee = inner };
    };

    public static CTypeOn Const(CTypeOn type) => t =>
    {
        var inner = type(t);
        inner.IsConst = true;
        inner.Spelling = "const " + inner.Spelling;
        return inner;
    };

    /// <summary>A typedef over a type: <c>typedef unsigned char lzma_bool</c>.</summary>
    public static CTypeOn Named(string name, CTypeOn type) => t => Typedef(name, type(t));

    public static CTypeOn Struct(string name, long size, long align = 4) => _ =>
        new CType { Kind = CTypeKind.Struct, Spelling = name, Size = size, Align = align, DeclName = name };

    public static CTypeOn Enum(string name, CTypeOn integerType) => t =>
    {
        var i = integerType(t);
        return new CType { Kind = CTypeKind.Enum, Spelling = name, Size = i.Size, Align = i.Align, IsSigned = i.IsSigned, DeclName = name };
    };

    public static CTypeOn FunctionPointer(string typedefName, CTypeOn returns, params CTypeOn[] parameters) => FunctionPointer(typedefName, "c", returns, parameters);

    public static CTypeOn FunctionPointer(string typedefName, string callingConvention, CTypeOn returns, params CTypeOn[] parameters) => t =>
    {
        var function = new CType
        {
            Kind = CTypeKind.Function,
            Spelling = "function",
            Return = returns(t),
            Parameters = parameters.Select(p => p(t)).ToList(),
            CallingConvention = callingConvention,
        };
        var size = AbiTargets.PointerSize(t);
        return Typedef(typedefName, new CType { Kind = CTypeKind.Pointer, Spelling = "function *", Size = size, Align = size, Pointee = function });
    };

    private static CType Integer(string spelling, long size, bool signed) =>
        new() { Kind = CTypeKind.Integer, Spelling = spelling, Size = size, Align = size, IsSigned = signed };

    private static CType Typedef(string name, CType type)
    {
        type.Spelling = name;
        type.Typedefs = new[] { name }.Concat(type.Typedefs).ToList();
        return type;
    }
}
