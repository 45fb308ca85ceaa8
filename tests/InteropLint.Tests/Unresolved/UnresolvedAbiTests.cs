using System.Text.RegularExpressions;
using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace InteropLint.Tests.Unresolved;

/// <summary>
/// Issue 14, item 1: a declaration clang could not resolve for an ABI gets no verdict there from any rule. The
/// headers are scanned by the real scanner; each binding is one the rule would flag if it trusted the facts
/// clang made up while recovering (shown by the same run against the manifest with the marks removed).
/// </summary>
public sealed class UnresolvedAbiTests
{
    /// <summary>Broken for every ABI: <c>missing_t</c> is declared nowhere, so clang makes it <c>int</c>.</summary>
    private const string BrokenEverywhere = """
        #include <stddef.h>
        #include <stdbool.h>
        #include <wchar.h>
        typedef missing_t handle_t;
        typedef struct broken_s { handle_t a; handle_t b; } broken_s;
        typedef void (*h_callback)(handle_t h);
        handle_t h_int(handle_t v);
        void h_vararg(handle_t h, const char *fmt, ...);
        const char *h_name(handle_t h);
        bool h_flag(handle_t h);
        void h_text(handle_t h, const wchar_t *text);
        void h_register(handle_t h, h_callback cb);
        void h_put(handle_t h, const char *s);
        void h_count(handle_t h, int a, int b);
        void h_fill(broken_s *s);
        """;

    private const string Binding = """
        using System;
        using System.Runtime.InteropServices;
        public delegate void HCallback(int h);
        [StructLayout(LayoutKind.Sequential)] public struct BrokenS { public long A; public long B; }
        public static unsafe class H
        {
            [DllImport("h")] public static extern long h_int(long v);
            [DllImport("h")] public static extern void h_vararg(int h, string fmt, int value);
            [DllImport("h")] public static extern string h_name(int h);
            [DllImport("h")] public static extern bool h_flag(int h);
            [DllImport("h", CharSet = CharSet.Unicode)] public static extern void h_text(int h, string text);
            [DllImport("h")] public static extern void h_register(int h, HCallback cb);
            [DllImport("h")] public static extern void h_put(int h, string s);
            [DllImport("h")] public static extern void h_count(int h, int a);
            [DllImport("h")] public static extern void h_fill(ref BrokenS s);

            public static void Use()
            {
                h_register(1, new HCallback(x => { }));
                for (var i = 0; i < 10; i++)
                {
                    h_put(i, "same text");
                }
            }
        }
        """;

    public static TheoryData<string> Rules => new()
    {
        nameof(IntegerWidthAnalyzer), nameof(AllocationLifetimeAnalyzer), nameof(StructLayoutAnalyzer), nameof(StringInLoopAnalyzer),
        nameof(SignatureMismatchAnalyzer), nameof(EntryPointAnalyzer), nameof(BorrowedStringAnalyzer), nameof(BoolWidthAnalyzer),
        nameof(CharWidthAnalyzer), nameof(CallbackLifetimeAnalyzer), nameof(VariadicAnalyzer), nameof(EnumSizeAnalyzer), nameof(ConstantDriftAnalyzer),
    };

    private static string Manifest => NativeHeaders.ScanText(BrokenEverywhere, NativeHeaders.DefaultTargets, "--library", "h");

    /// <summary>The manifest as it would be if the scanner trusted clang's recovery: the marks removed.</summary>
    private static string Trusting(string manifest) => Regex.Replace(manifest, ",\"unresolved\":\"[^\"]*\"", "");

    private static DiagnosticAnalyzer Create(string rule) =>
        (DiagnosticAnalyzer)Activator.CreateInstance(typeof(IntegerWidthAnalyzer).Assembly.GetTypes().Single(t => t.Name == rule))!;

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task DeclarationUnresolvedOnEveryAbi_GetsNoFinding(string rule)
    {
        Assert.Contains("\"unresolved\":\"header errors (", Manifest);
        var diagnostics = await AnalyzerRunner.RunAsync(Create(rule), Binding, Manifest);
        if (rule == nameof(StringInLoopAnalyzer))
        {
            // ILNT004 judges the C# (a string re-encoded per iteration) with or without a header: what it says
            // must be what it says with no header at all, so nothing of the unresolved declaration went into it.
            var withoutHeader = await AnalyzerRunner.RunAsync(Create(rule), Binding, null);
            Assert.Equal(withoutHeader.Select(d => d.GetMessage()), diagnostics.Select(d => d.GetMessage()));
            return;
        }

        Assert.Empty(diagnostics);
    }

    /// <summary>The control: the same binding against the trusting manifest is flagged by the rules the binding targets.</summary>
    [Theory]
    [InlineData(nameof(IntegerWidthAnalyzer))]
    [InlineData(nameof(StructLayoutAnalyzer))]
    [InlineData(nameof(StringInLoopAnalyzer))]
    [InlineData(nameof(SignatureMismatchAnalyzer))]
    [InlineData(nameof(BorrowedStringAnalyzer))]
    [InlineData(nameof(BoolWidthAnalyzer))]
    [InlineData(nameof(CharWidthAnalyzer))]
    [InlineData(nameof(VariadicAnalyzer))]
    public async Task TheSameBinding_IsFlagged_WhenTheRecoveredFactsAreTrusted(string rule)
    {
        var diagnostics = await AnalyzerRunner.RunAsync(Create(rule), Binding, Trusting(Manifest));
        Assert.NotEmpty(diagnostics);
    }

    /// <summary>Broken on win-x64 only (as SDL2's Uint8 was without Windows headers): the other ABIs are still checked.</summary>
    private const string BrokenOnWindows = """
        #ifdef _WIN32
        typedef win_only_u8 my_u8;
        #else
        typedef unsigned char my_u8;
        #endif
        typedef struct rgba { my_u8 r, g, b, a; } rgba;
        my_u8 get_u8(my_u8 v);
        void set_color(rgba *c);
        long get_long(void);
        """;

    [Fact]
    public async Task DeclarationUnresolvedOnOneAbi_IsCheckedOnTheOthers_AndSaysWhyNotThere()
    {
        // No --sysroot here: win-x64 is parsed freestanding so that the header's own error stays.
        var manifest = NativeHeaders.ScanText(BrokenOnWindows, NativeHeaders.DefaultTargets, "--library", "c", "--sysroot", "win-x64=none");
        const string correct = """
            using System.Runtime.InteropServices;
            [StructLayout(LayoutKind.Sequential)] public struct Rgba { public byte R, G, B, A; }
            public static unsafe class C
            {
                [DllImport("c")] public static extern byte get_u8(byte v);
                [DllImport("c")] public static extern void set_color(Rgba* c);
            }
            """;
        Assert.Empty(await AnalyzerRunner.RunAsync(new IntegerWidthAnalyzer(), correct, manifest));
        Assert.Empty(await AnalyzerRunner.RunAsync(new StructLayoutAnalyzer(), correct, manifest));
        Assert.NotEmpty(await AnalyzerRunner.RunAsync(new IntegerWidthAnalyzer(), correct, Trusting(manifest)));

        // A real bug on the ABIs that were understood is still reported, and says where it was not checked.
        const string wrong = """
            using System.Runtime.InteropServices;
            public static class C
            {
                [DllImport("c")] public static extern int get_u8(int v);
            }
            """;
        var diagnostics = await AnalyzerRunner.RunAsync(new IntegerWidthAnalyzer(), wrong, manifest);
        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d => Assert.Contains("not checked on win-x64: header errors (", d.GetMessage()));
        Assert.All(diagnostics, d => Assert.Contains("linux-x64", d.GetMessage()));
    }
}
