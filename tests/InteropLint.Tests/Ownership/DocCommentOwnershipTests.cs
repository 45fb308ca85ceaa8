using InteropLint.Manifest;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.AllocationLifetimeAnalyzer, InteropLint.CodeFixes.AllocationLifetimeCodeFixProvider>;

namespace InteropLint.Tests.Ownership;

/// <summary>Ownership learned from what a declaration's comment says (issue 16), recorded with its evidence.</summary>
public sealed class DocCommentOwnershipTests
{
    private const string TkHeader = """
        typedef struct tk_item tk_item;
        void tk_free(void *p);
        char *tk_render(const tk_item *item); /* caller frees with tk_free */
        /* The name is owned by the item: do not free it. */
        char *tk_name(tk_item *item);
        """;

    private static OwnershipPair? PairOf(string manifestJson, string allocator) =>
        NativeHeaders.Read(manifestJson).FindAbi("linux-x64")!.Ownership.FirstOrDefault(p => p.Allocator == allocator);

    private static int LineOf(string path, string text) =>
        Array.FindIndex(File.ReadAllLines(path), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    [Fact]
    public void TrailingComment_NamesTheDeallocator_NegatedCommentDoesNot()
    {
        var manifest = NativeHeaders.ScanText(TkHeader, "linux-x64");
        var render = PairOf(manifest, "tk_render");
        Assert.NotNull(render);
        Assert.Equal("tk_free", render!.Deallocator);
        Assert.Equal(OwnershipReason.DocComment, render.Reason);
        Assert.Matches(@"^doc comment, h[0-9A-F]+\.h:3$", render.Evidence);
        Assert.Null(PairOf(manifest, "tk_name"));
    }

    /// <summary>The trailing comment is read from the line clang names, whatever the header's line breaks (and a UTF-8 byte order mark).</summary>
    [Theory]
    [InlineData("\r\n", false)]
    [InlineData("\r", false)]
    [InlineData("\n", true)]
    public void TrailingComment_IsFoundOnItsLine_WithAnyLineBreak(string lineBreak, bool byteOrderMark)
    {
        var header = (byteOrderMark ? "\uFEFF" : "") + "/* \u00e9t\u00e9 */" + lineBreak + TkHeader.ReplaceLineEndings(lineBreak);
        var render = PairOf(NativeHeaders.ScanText(header, "linux-x64"), "tk_render");
        Assert.NotNull(render);
        Assert.Equal("tk_free", render!.Deallocator);
        Assert.Matches(@"^doc comment, h[0-9A-F]+\.h:4$", render.Evidence);
    }

    [Fact]
    public void SdlClipboardText_IsFreedWithSdlFree_FromItsDocComment()
    {
        var pair = PairOf(NativeHeaders.Scan("/usr/include/SDL2/SDL_clipboard.h", "linux-x64"), "SDL_GetClipboardText");
        Assert.NotNull(pair);
        Assert.Equal("SDL_free", pair!.Deallocator);
        Assert.Equal("doc comment, SDL_clipboard.h:" + LineOf("/usr/include/SDL2/SDL_clipboard.h", "SDL_GetClipboardText(void)"), pair.Evidence);
    }

    [Fact]
    public async Task SdlClipboardTextReadAndNotFreed_Reports_WithTheEvidence()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;

            static class Sdl
            {
                [DllImport("SDL2")] static extern IntPtr SDL_GetClipboardText();
                [DllImport("SDL2")] static extern void SDL_free(IntPtr mem);

                static string? Leaks() => Marshal.PtrToStringUTF8({|#0:SDL_GetClipboardText()|});

                static string? Frees()
                {
                    var text = SDL_GetClipboardText();
                    try
                    {
                        return Marshal.PtrToStringUTF8(text);
                    }
                    finally
                    {
                        SDL_free(text);
                    }
                }
            }
            """;
        var line = LineOf("/usr/include/SDL2/SDL_clipboard.h", "SDL_GetClipboardText(void)");
        await Verify.VerifyAnalyzerAsync(source, NativeHeaders.Scan("/usr/include/SDL2/SDL_clipboard.h", "linux-x64"),
            Verify.Diagnostic("ILNT002").WithLocation(0).WithArguments(
                "the result of 'SDL_GetClipboardText' is never freed (passed to 'PtrToStringUTF8', which does not take ownership) (the caller owns it: freed by SDL_free: doc comment, SDL_clipboard.h:" + line + "); free it with SDL_free after use"));
    }

    [Fact]
    public void Dump_ShowsTheEvidence()
    {
        var (exitCode, output, _) = NativeHeaders.RunScannerCommand("dump", "/usr/include/SDL2/SDL_clipboard.h", "SDL_GetClipboardText", "--target", "linux-x64");
        Assert.Equal(0, exitCode);
        Assert.Contains("its result is freed by SDL_free (doc comment, SDL_clipboard.h:" + LineOf("/usr/include/SDL2/SDL_clipboard.h", "SDL_GetClipboardText(void)") + ")", output);
    }
}
