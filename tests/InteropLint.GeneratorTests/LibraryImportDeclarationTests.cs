using Microsoft.CodeAnalysis;
using Xunit;

namespace InteropLint.GeneratorTests;

/// <summary>
/// Issue 15, case A: a LibraryImport that needs marshalling (Span, string, bool, ref) gets its partial implementation
/// from the generator, marked <c>[GeneratedCode]</c>; Roslyn merges that attribute onto the user's declaration. Every
/// signature rule must still judge the user's declaration, and report on it, not on the generator's output.
/// </summary>
public sealed class LibraryImportDeclarationTests
{
    private const string Header = """
        #include <stdbool.h>
        int rp_hash(unsigned char *out, const unsigned char *in, unsigned long long inlen);
        double rp_scale(const char *name, double factor);
        const char *rp_name(int id);
        bool rp_ready(const char *name);
        int rp_open(const char *path);
        typedef void (*rp_callback)(int event);
        void rp_set_handler(const char *topic, rp_callback callback, void *user_data);
        int rp_log(const char *format, ...) __attribute__((format(printf, 1, 2)));
        """;

    private static string Binding(string declaration) => $$"""
        using System;
        using System.Runtime.InteropServices;
        using System.Runtime.InteropServices.Marshalling;

        namespace Repro
        {
            public static partial class Native
            {
                {{declaration}}
            }
        }
        """;

    [Theory]
    [InlineData("[LibraryImport(\"repro\")] public static partial int rp_hash(Span<byte> o, ReadOnlySpan<byte> i, uint inlen);", "ILNT001", "inlen")]
    [InlineData("[LibraryImport(\"repro\", StringMarshalling = StringMarshalling.Utf8)] public static partial double rp_scale(string name, float factor);", "ILNT005", "factor")]
    [InlineData("[LibraryImport(\"repro\", StringMarshalling = StringMarshalling.Utf8)] public static partial string rp_name(int id);", "ILNT007", "rp_name")]
    [InlineData("[LibraryImport(\"repro\", StringMarshalling = StringMarshalling.Utf8)] [return: MarshalAs(UnmanagedType.Bool)] public static partial bool rp_ready(string name);", "ILNT008", "rp_ready")]
    [InlineData("[LibraryImport(\"repro\", StringMarshalling = StringMarshalling.Utf16)] public static partial int rp_open(string path);", "ILNT009", "path")]
    [InlineData("[LibraryImport(\"repro\", StringMarshalling = StringMarshalling.Utf8)] public static partial int rp_log(string format, double value);", "ILNT011", "rp_log")]
    public async Task MarshallingLibraryImport_IsJudgedOnTheUsersDeclaration(string declaration, string id, string messagePart)
    {
        var outcome = await GeneratorCompilation.RunAsync(Header, "repro", Binding(declaration));

        // The premise: the generator implemented the method, and its [GeneratedCode] is merged onto the user's declaration.
        var method = UserMethod(outcome.Compilation);
        Assert.NotNull(method.PartialImplementationPart);
        Assert.Contains(method.GetAttributes(), a => a.AttributeClass?.Name == "GeneratedCodeAttribute");

        Assert.DoesNotContain(outcome.Findings, d => d.Id == "AD0001");
        var finding = Assert.Single(outcome.Findings, d => d.Id == id);
        Assert.Equal("/src/Binding.cs", finding.Location.SourceTree?.FilePath);
        Assert.Contains(messagePart, finding.GetMessage(), StringComparison.Ordinal);
        Assert.All(outcome.Findings, d => Assert.Equal("/src/Binding.cs", d.Location.SourceTree?.FilePath));
    }

    [Fact]
    public async Task ReproWithPointers_AndWithSpans_GetTheSameIlnt001()
    {
        var spans = await GeneratorCompilation.RunAsync(Header, "repro", Binding("[LibraryImport(\"repro\")] public static partial int rp_hash(Span<byte> o, ReadOnlySpan<byte> i, uint inlen);"));
        var pointers = await GeneratorCompilation.RunAsync(Header, "repro", Binding("[LibraryImport(\"repro\")] public static unsafe partial int rp_hash(byte* o, byte* i, uint inlen);"));
        Assert.Equal(
            pointers.Findings.Where(d => d.Id.StartsWith("ILNT", StringComparison.Ordinal)).Select(d => d.Id + ": " + d.GetMessage()),
            spans.Findings.Where(d => d.Id.StartsWith("ILNT", StringComparison.Ordinal)).Select(d => d.Id + ": " + d.GetMessage()));
        Assert.Contains(spans.Findings, d => d.Id == "ILNT001");
    }

    [Fact]
    public async Task CorrectMarshallingLibraryImports_GetNoFinding_AndTheGeneratorsCodeIsNotJudged()
    {
        var source = Binding("""
            [LibraryImport("repro")] public static partial int rp_hash(Span<byte> o, ReadOnlySpan<byte> i, ulong inlen);
                    [LibraryImport("repro", StringMarshalling = StringMarshalling.Utf8)] public static partial double rp_scale(string name, double factor);
                    [LibraryImport("repro", StringMarshalling = StringMarshalling.Utf8)] [return: MarshalAs(UnmanagedType.U1)] public static partial bool rp_ready(string name);
                    [LibraryImport("repro", StringMarshalling = StringMarshalling.Utf8)] public static partial int rp_open(string path);
            """);
        var outcome = await GeneratorCompilation.RunAsync(Header, "repro", source);
        Assert.Empty(outcome.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.True(outcome.Compilation.SyntaxTrees.Count() > 1, "the generator produced no code");
        Assert.Empty(outcome.Findings.Select(d => d.Id + ": " + d.GetMessage()));
    }

    [Fact]
    public async Task CallbackPassedToALibraryImport_IsReportedAtTheUsersCall()
    {
        var source = Binding("""
            public delegate void Callback(int e);

                    [LibraryImport("repro", StringMarshalling = StringMarshalling.Utf8)] public static partial void rp_set_handler(string topic, Callback callback, IntPtr userData);

                    public static void Subscribe() => rp_set_handler("events", e => Console.WriteLine(e), IntPtr.Zero);
            """);
        var outcome = await GeneratorCompilation.RunAsync(Header, "repro", source);
        Assert.DoesNotContain(outcome.Findings, d => d.Id == "AD0001");
        var finding = Assert.Single(outcome.Findings, d => d.Id == "ILNT010");
        Assert.Equal("/src/Binding.cs", finding.Location.SourceTree?.FilePath);
        Assert.Contains("callback", finding.GetMessage(), StringComparison.Ordinal);
    }

    private static IMethodSymbol UserMethod(Compilation compilation) =>
        compilation.GetTypeByMetadataName("Repro.Native")!.GetMembers().OfType<IMethodSymbol>().Single(m => m.MethodKind == MethodKind.Ordinary);
}
