using InteropLint.Manifest;
using Xunit;

namespace InteropLint.Tests.Scanner;

/// <summary>
/// Facts the scanner may record for an ABI only when clang understood them there (issue 14): attributes read
/// once per attribute, static functions skipped, error-recovered declarations marked unresolved.
/// </summary>
public sealed class AbiFactsScanTests
{
    [Fact]
    public void AttributeThroughAMacroDefinedFarAway_IsStillRead()
    {
        // The attribute's extent runs from the #define to the use: the name must come from where the extent starts.
        var filler = string.Concat(Enumerable.Range(0, 200).Select(i => $"typedef int filler_{i};\n"));
        var header = "#include <stddef.h>\n#define MY_ALLOC __attribute__((__malloc__)) __attribute__((alloc_size(1)))\n"
            + filler
            + "void *my_alloc(size_t n) MY_ALLOC;\n";
        var abi = ScannerHarness.Abi(ScannerHarness.ScanText(header, "linux-x64"), "linux-x64");
        Assert.Equal(new[] { "alloc_size", "malloc" }, abi.FindFunctions("my_alloc").Single().Attributes);
    }

    [Fact]
    public void StaticFunctions_AreNotCollected_ExternOnesAre()
    {
        const string header = """
            static int hidden(int x) { return x; }
            static inline int hidden_inline(int x) { return x; }
            extern int visible(int x);
            """;
        var abi = ScannerHarness.Abi(ScannerHarness.ScanText(header, "linux-x64"), "linux-x64");
        Assert.Empty(abi.FindFunctions("hidden"));
        Assert.Empty(abi.FindFunctions("hidden_inline"));
        Assert.Single(abi.FindFunctions("visible"));
    }

    [Fact]
    public void IntrinsicsHeader_GivesNoFunctions_AndNoErrorsOnX64()
    {
        // Every function of clang's intrinsics headers is static inline: none can be bound.
        var abi = ScannerHarness.Abi(ScannerHarness.ScanText("#include <immintrin.h>\n", "linux-x64"), "linux-x64");
        Assert.True(abi.Scanned);
        Assert.DoesNotContain(abi.Diagnostics, d => d.Severity >= ScanSeverity.Error);
        Assert.Empty(abi.FindFunctions("_mm_add_ps")); // static inline
        Assert.Empty(abi.FindFunctions("_mm256_abs_epi8"));
        Assert.DoesNotContain(abi.Functions, f => f.HasAttribute("static"));
    }

    [Fact]
    public void UnknownTypeName_MakesEveryDeclarationThatReachesItUnresolved_AndNoOtherDeclaration()
    {
        const string header = """
            typedef not_a_type my_u8;
            typedef my_u8 *my_u8_ptr;
            typedef struct color { my_u8 r, g, b, a; } color;
            struct holder { color *c; };
            struct clean { int x; long y; };
            typedef struct opaque opaque;
            void set_color(int index, my_u8 value);
            void fill(const color *c);
            void take_holder(struct holder h);
            my_u8_ptr get_data(void);
            int clean_function(struct clean *c, opaque *o, long n);
            """;
        var abi = ScannerHarness.Abi(ScannerHarness.ScanText(header, "linux-x64"), "linux-x64");
        foreach (var name in new[] { "set_color", "fill", "take_holder", "get_data" })
        {
            Assert.StartsWith("header errors (test.h:1)", abi.FindFunctions(name).Single().Unresolved);
        }

        Assert.False(abi.FindRecord("color")!.IsResolved);
        Assert.False(abi.FindRecord("holder")!.IsResolved);
        Assert.False(abi.FindTypedef("my_u8")!.IsResolved);
        Assert.True(abi.FindFunctions("clean_function").Single().IsResolved);
        Assert.True(abi.FindRecord("clean")!.IsResolved);
        Assert.True(abi.FindRecord("opaque")!.IsResolved);
    }

    [Fact]
    public void Unresolved_SurvivesTheManifestRoundTrip()
    {
        var manifest = ScannerHarness.ScanText("typedef nope my_t;\nvoid f(my_t x);\nvoid g(int x);\n", "linux-x64");
        var text = ManifestWriter.Write(manifest);
        var read = ManifestReader.Read(text);
        var abi = ScannerHarness.Abi(read, "linux-x64");
        Assert.False(abi.FindFunctions("f").Single().IsResolved);
        Assert.True(abi.FindFunctions("g").Single().IsResolved);
    }

    [Fact]
    public void Sdl2OnWindows_NoUnresolvedFactIsRecordedAsAnInt()
    {
        // SDL2's Uint8 is uint8_t: when that does not resolve for a foreign target, clang makes it 'int'.
        // Whatever the scanner reads for win-x64, Uint8 is either 1 byte or unresolved, never 4 bytes.
        var manifest = ScannerHarness.Scan(new[] { "/usr/include/SDL2/SDL.h" }, new[] { "win-x64", "osx-arm64" }, new[] { "/usr/include/SDL2" });
        foreach (var rid in new[] { "win-x64", "osx-arm64" })
        {
            var abi = ScannerHarness.Abi(manifest, rid);
            foreach (var (name, size) in new[] { ("Uint8", 1L), ("Sint64", 8L), ("Uint16", 2L) })
            {
                var typedef = abi.FindTypedef(name);
                Assert.NotNull(typedef);
                Assert.True(!typedef!.IsResolved || typedef.Type.Size == size, $"{rid} {name}: {typedef.Type.Size} bytes, resolved");
            }

            var color = abi.FindRecord("SDL_Color");
            Assert.True(color is null || !color.IsResolved || color.Size == 4, rid + " SDL_Color");
        }
    }
}

/// <summary>glibc's asm labels and transparent unions, from the real headers (issue 14, item 4).</summary>
public sealed class GlibcSymbolTests
{
    [Fact]
    public void AsmLabel_RecordsTheExportedSymbol()
    {
        var abi = ScannerHarness.Abi(ScannerHarness.ScanText("#define _XOPEN_SOURCE 700\n#include <signal.h>\n#include <string.h>\n", "linux-x64"), "linux-x64");
        Assert.Equal("__xpg_sigpause", abi.FindFunctions("sigpause").Single().Symbol);
        Assert.Equal("__xpg_strerror_r", abi.FindFunctions("strerror_r").Single().Symbol);
        Assert.Equal("", abi.FindFunctions("raise").Single().Symbol);
        Assert.Same(abi.FindFunctions("sigpause").Single(), abi.FindFunctionsBySymbol("__xpg_sigpause").Single());
    }

    [Fact]
    public void TransparentUnionParameter_IsRecordedAsItsFirstMember()
    {
        // Under _GNU_SOURCE every socket call takes __CONST_SOCKADDR_ARG, a transparent union passed as a pointer.
        var abi = ScannerHarness.Abi(ScannerHarness.ScanText("#define _GNU_SOURCE\n#include <sys/socket.h>\n", "linux-x64"), "linux-x64");
        var bind = abi.FindFunctions("bind").Single();
        Assert.Equal(CTypeKind.Pointer, bind.Parameters[1].Type.Kind);
        Assert.Equal(8, bind.Parameters[1].Type.Size);
        Assert.Equal(CTypeKind.Pointer, abi.FindFunctions("accept").Single().Parameters[1].Type.Kind);
    }
}
