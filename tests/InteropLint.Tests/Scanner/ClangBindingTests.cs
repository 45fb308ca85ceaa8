using InteropLint.Clang;
using InteropLint.Clang.Native;
using Xunit;

namespace InteropLint.Tests.Scanner;

/// <summary>The libclang binding itself, on an in-memory file (CXUnsavedFile) parsed by the real libclang.</summary>
public sealed class ClangBindingTests
{
    private const string Path = "/virtual/binding.h";

    private const string Source = """
        #define ANSWER (40 + 2)
        struct bits { unsigned char flag : 1; unsigned int count : 7; long tail; };
        enum small { A = -2, B };
        int sum(int first, ...);
        """;

    private static TranslationUnit Parse(ClangIndex index) =>
        index.Parse(Path, new[] { "-x", "c", "-target", "x86_64-pc-linux-gnu" }, new Dictionary<string, string> { [Path] = Source });

    [Fact]
    public void Cursors_ExposeKindsSpellingsLocationsAndLayout()
    {
        using var index = new ClangIndex();
        using var unit = Parse(index);
        Assert.Empty(unit.Diagnostics);
        var top = unit.Cursor.Children().Where(c => c.Location.File == Path).ToList();

        var record = top.Single(c => c.Kind == CXCursorKind.StructDecl);
        Assert.Equal("bits", record.Spelling);
        Assert.Equal(2, record.Location.Line);
        Assert.Equal(16, record.Type.Size);
        var fields = record.Children().Where(c => c.Kind == CXCursorKind.FieldDecl).ToList();
        Assert.Equal(new[] { 1, 7, -1 }, fields.Select(f => f.BitFieldWidth));
        Assert.Equal(new long[] { 0, 1, 64 }, fields.Select(f => f.FieldOffsetBits));
        Assert.Equal(64, record.Type.OffsetOf("tail"));

        var enumeration = top.Single(c => c.Kind == CXCursorKind.EnumDecl);
        Assert.Equal(CXTypeKind.Int, enumeration.EnumIntegerType.Canonical.Kind);
        Assert.Equal(new long[] { -2, -1 }, enumeration.Children().Select(c => c.EnumConstantValue));

        var sum = top.Single(c => c.Kind == CXCursorKind.FunctionDecl);
        Assert.True(sum.Type.IsVariadic);
        Assert.Equal(CXCallingConv.C, sum.Type.CallingConvention);
        Assert.Equal(1, sum.ArgumentCount);
        Assert.Equal("first", sum.Argument(0).Spelling);
        Assert.Equal(CXTypeKind.Int, sum.Type.Argument(0).Kind);
    }

    [Fact]
    public void MacroDefinitions_AreTokenized()
    {
        using var index = new ClangIndex();
        using var unit = Parse(index);
        var macro = unit.Cursor.Children().Single(c => c.Kind == CXCursorKind.MacroDefinition && c.Spelling == "ANSWER");
        Assert.False(macro.IsMacroFunctionLike);
        Assert.Equal(new[] { "ANSWER", "(", "40", "+", "2", ")" }, unit.Tokenize(macro).Select(t => t.Spelling));
        Assert.Equal(CXTokenKind.Literal, unit.Tokenize(macro)[2].Kind);
    }

    [Fact]
    public void Diagnostics_CarrySeverityFileLineAndColumn()
    {
        using var index = new ClangIndex();
        using var unit = index.Parse(Path, new[] { "-x", "c" }, new Dictionary<string, string> { [Path] = "int ok;\nint broken = ;\n" });
        var error = unit.Diagnostics.Single();
        Assert.Equal(CXDiagnosticSeverity.Error, error.Severity);
        Assert.Equal((Path, 2, 14), (error.File, error.Line, error.Column));
    }

    [Fact]
    public void ResourceDirectory_HoldsClangsBuiltinHeaders()
    {
        var directory = ResourceDirectory.Find();
        Assert.NotNull(directory);
        Assert.True(File.Exists(System.IO.Path.Combine(directory!, "include", "stddef.h")));
    }
}
