using System.Collections.Immutable;
using InteropLint.Analyzers;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace InteropLint.Tests.ILNT003StructLayout;

/// <summary>
/// Issue 15, struct side: layouts real bindings use that are right (opaque blobs, overlays, flattened unions,
/// read-only prefixes, implicit padding, opaque handles, ByValArray, formatted classes) and the drifts inside them
/// that are not. Expected offsets are worked out from the C rules in the comments, not taken from the analyzer.
/// </summary>
public class BindingIdiomTests
{
    // rp_state: 8 + 96 = 104 bytes on every ABI. lg_state: two longs, 16 on LP64, 8 on win-x64.
    // hs_state: 384 bytes aligned to 64 (libsodium's CRYPTO_ALIGN(64)). odb_stream: 8 + 4 (+4) + 8 = 24.
    private static string Blobs => NativeHeaders.ScanText("""
        #include <stddef.h>
        typedef struct rp_state { unsigned long long counter; unsigned char buffer[96]; } rp_state;
        int rp_init(rp_state *st);
        typedef struct lg_state { long a; long b; } lg_state;
        int lg_init(lg_state *st);
        typedef struct __attribute__((aligned(64))) hs_state { unsigned char opaque[384]; } hs_state;
        int hs_init(hs_state *st);
        typedef struct odb_stream { void *backend; unsigned int mode; void *hash_ctx; } odb_stream;
        int odb_open(odb_stream **out);
        int odb_write(odb_stream *s, const char *buf, size_t len);
        """);

    private static async Task<ImmutableArray<Diagnostic>> Run(string source, string manifest) =>
        await AnalyzerRunner.RunAsync(new StructLayoutAnalyzer(), source, manifest);

    private static string Single(ImmutableArray<Diagnostic> diagnostics)
    {
        Assert.Single(diagnostics);
        return diagnostics[0].GetMessage();
    }

    [Fact]
    public async Task OpaqueBlobOfTheCSize_PassedByRef_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.InteropServices;
            [StructLayout(LayoutKind.Explicit, Size = 104)]
            struct rp_state { }
            static class Native { [DllImport("demo")] public static extern int rp_init(ref rp_state st); }
            """;
        Assert.Empty(await Run(source, Blobs));
    }

    [Fact]
    public async Task OpaqueBlobTooSmall_ReportsSizeOnEveryAbi()
    {
        const string source = """
            using System.Runtime.InteropServices;
            [StructLayout(LayoutKind.Sequential, Size = 96)]
            struct RpState { }
            static class Native { [DllImport("demo")] public static extern int rp_init(ref RpState st); }
            """;
        var message = Single(await Run(source, Blobs));
        Assert.Contains("size 96 vs C 104 on linux-x64, win-x64, osx-arm64", message);
    }

    [Fact]
    public async Task OpaqueBlobOfTheLp64Size_ReportsWindowsOnly()
    {
        const string source = """
            using System.Runtime.InteropServices;
            [StructLayout(LayoutKind.Explicit, Size = 16)]
            struct lg_state { }
            static class Native { [DllImport("demo")] public static extern int lg_init(ref lg_state st); }
            """;
        var message = Single(await Run(source, Blobs));
        Assert.Contains("size 16 vs C 8 on win-x64", message);
        Assert.DoesNotContain("linux-x64", message);
    }

    [Fact]
    public async Task OverAlignedBlob_PassedByRefFromManagedMemory_ReportsAlignment()
    {
        const string source = """
            using System.Runtime.InteropServices;
            [StructLayout(LayoutKind.Explicit, Size = 384)]
            struct hs_state { }
            static class Native { [DllImport("demo")] public static extern int hs_init(ref hs_state st); }
            """;
        var message = Single(await Run(source, Blobs));
        Assert.Contains("C 'hs_state' is aligned to 64 bytes", message);
        Assert.Contains("NativeMemory.AlignedAlloc(384, 64)", message);
    }

    [Fact]
    public async Task OverAlignedBlob_OnlyBehindPointers_NoDiagnostic()
    {
        // The pointer may come from NativeMemory.AlignedAlloc: nothing says the bytes are the runtime's.
        const string source = """
            using System.Runtime.InteropServices;
            [StructLayout(LayoutKind.Explicit, Size = 384)]
            struct hs_state { }
            static unsafe class Native { [DllImport("demo")] public static extern int hs_init(hs_state* st); }
            """;
        Assert.Empty(await Run(source, Blobs));
    }

    // tree_node: 8 + 4 (+4) + 8 + 8 = 32 bytes; its first three fields (the part every node type shares) end at 24.
    // C hands nodes out (tree_root returns one) and takes them back (tree_text).
    private static string Tree => NativeHeaders.ScanText("""
        typedef struct tree_node { void *priv; int type; const char *name; struct tree_node *children; } tree_node;
        typedef struct tree_doc tree_doc;
        tree_node *tree_root(tree_doc *doc);
        char *tree_text(const tree_node *node);
        int tree_init(tree_node *node);
        """);

    // The first three fields of tree_node, the part every node type shares: 24 bytes.
    private const string TreeNodeView = """
        using System;
        using System.Runtime.InteropServices;
        [StructLayout(LayoutKind.Sequential)]
        unsafe struct TreeNode { public IntPtr priv; public int type; public byte* name; }

        """;

    [Fact]
    public async Task PrefixView_OfRecordsCHandsOut_PassedBackByPointer_NoDiagnostic()
    {
        // The C# struct is never storage: every TreeNode* came from tree_root, so C reads its own 32 bytes.
        const string source = TreeNodeView + """
            static unsafe class Native
            {
                [DllImport("demo")] public static extern TreeNode* tree_root(IntPtr doc);
                [DllImport("demo")] public static extern IntPtr tree_text(TreeNode* node);
            }
            """;
        Assert.Empty(await Run(source, Tree));
    }

    [Fact]
    public async Task PrefixView_PassedByPointer_NeverHandedOutByC_Reports()
    {
        // Nothing returns a tree_node*: the pointer tree_init gets is to memory the caller allocated, 24 bytes of 32.
        const string source = TreeNodeView + """
            static unsafe class Native
            {
                [DllImport("demo")] public static extern int tree_init(TreeNode* node);
            }
            """;
        Assert.Contains("size 24 vs C 32", Single(await Run(source, Tree)));
    }

    [Fact]
    public async Task PrefixView_HandedOutByC_ButAlsoPassedByRef_Reports()
    {
        // ref makes the marshaller pass managed storage of 24 bytes where C reads 32.
        const string source = TreeNodeView + """
            static unsafe class Native
            {
                [DllImport("demo")] public static extern TreeNode* tree_root(IntPtr doc);
                [DllImport("demo")] public static extern int tree_init(ref TreeNode node);
            }
            """;
        Assert.Contains("size 24 vs C 32", Single(await Run(source, Tree)));
    }

    [Fact]
    public async Task EmptyStructBehindPointers_IsAnOpaqueHandle_NoDiagnostic()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            struct odb_stream { }
            static unsafe class Native
            {
                [DllImport("demo")] public static extern int odb_open(out odb_stream* stream);
                [DllImport("demo")] public static extern int odb_write(odb_stream* s, byte* buf, UIntPtr len);
            }
            """;
        Assert.Empty(await Run(source, Blobs));
    }

    [Fact]
    public async Task EmptyStructPassedByRef_IsALayoutClaim_Reports()
    {
        // 'ref odb_stream' hands C one managed byte where it writes 24.
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            struct odb_stream { }
            static unsafe class Native { [DllImport("demo")] public static extern int odb_write(ref odb_stream s, byte* buf, UIntPtr len); }
            """;
        var message = Single(await Run(source, Blobs));
        Assert.Contains("size 1 vs C 24", message);
    }

    // node: kind 0 (4); anonymous union at 8 { off, addr2: 8 bytes }; anonymous union at 16 { pos {x 16, y 20}, weight (double) 16 }; size 24.
    private static string Unions => NativeHeaders.ScanText("""
        typedef struct node {
            int kind;
            union { unsigned long long off; unsigned long long addr2; };
            union { struct { int x, y; } pos; double weight; };
        } node;
        void node_get(node *n);
        """);

    [Fact]
    public async Task FlattenedAnonymousUnions_InExplicitLayout_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.InteropServices;
            [StructLayout(LayoutKind.Explicit)]
            struct Node
            {
                [FieldOffset(0)] public int kind;
                [FieldOffset(8)] public ulong off;
                [FieldOffset(8)] public ulong addr2;
                [FieldOffset(16)] public int x;
                [FieldOffset(20)] public int y;
                [FieldOffset(16)] public double weight;
            }
            static class Native { [DllImport("demo")] public static extern void node_get(ref Node n); }
            """;
        Assert.Empty(await Run(source, Unions));
    }

    [Fact]
    public async Task FlattenedUnionMemberOfTheWrongWidth_ReportsThatMember()
    {
        // float (4 bytes) where C's union holds a double: x is right, weight is not, though x covers its bytes.
        const string source = """
            using System.Runtime.InteropServices;
            [StructLayout(LayoutKind.Explicit)]
            struct Node
            {
                [FieldOffset(0)] public int kind;
                [FieldOffset(8)] public ulong off;
                [FieldOffset(16)] public int x;
                [FieldOffset(20)] public int y;
                [FieldOffset(16)] public float weight;
                [FieldOffset(16)] public ulong pad;
            }
            static class Native { [DllImport("demo")] public static extern void node_get(ref Node n); }
            """;
        var message = Single(await Run(source, Unions));
        Assert.Contains("field 'weight' is at offset 16 (4 bytes) but C 'weight' is at offset 16 (8 bytes)", message);
    }

    [Fact]
    public async Task FlattenedUnionMemberOfTheWrongKind_Reports()
    {
        // An 8-byte integer read where C keeps only a double or {x, y}: same width, wrong kind.
        const string source = """
            using System.Runtime.InteropServices;
            [StructLayout(LayoutKind.Explicit)]
            struct Node
            {
                [FieldOffset(0)] public int kind;
                [FieldOffset(8)] public ulong off;
                [FieldOffset(16)] public long weight;
                [FieldOffset(16)] public double asDouble;
            }
            static class Native { [DllImport("demo")] public static extern void node_get(ref Node n); }
            """;
        var message = Single(await Run(source, Unions));
        Assert.Contains("field 'weight' at offset 16 (8 bytes) is an integer but C 'weight' there is floating-point", message);
    }

    // reg: tag 0 (4); an anonymous union at 8 of { an anonymous struct { lo 8, hi 12 }, both 8 (8) } and a second
    // anonymous union at 16 of { an anonymous struct { a 16, b 18 (shorts) }, word 16 (4) }; size 24. Two anonymous
    // members of each kind: each has its own record, none collapses onto the first.
    private static string AnonymousMembers => NativeHeaders.ScanText("""
        typedef struct reg {
            int tag;
            union { struct { int lo, hi; }; long long both; };
            union { struct { short a, b; }; int word; };
        } reg;
        void reg_get(reg *r);
        """);

    [Fact]
    public async Task AnonymousStructsInAnonymousUnions_Flattened_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.InteropServices;
            [StructLayout(LayoutKind.Explicit, Size = 24)]
            struct Reg
            {
                [FieldOffset(0)] public int tag;
                [FieldOffset(8)] public int lo;
                [FieldOffset(12)] public int hi;
                [FieldOffset(8)] public long both;
                [FieldOffset(16)] public short a;
                [FieldOffset(18)] public short b;
                [FieldOffset(16)] public int word;
            }
            static class Native { [DllImport("demo")] public static extern void reg_get(ref Reg r); }
            """;
        Assert.Empty(await Run(source, AnonymousMembers));
    }

    [Fact]
    public async Task AnonymousStructsInAnonymousUnions_MemberOfTheSecondUnionMisplaced_Reports()
    {
        // b at 20 — past the second union's anonymous struct, where C has nothing.
        const string source = """
            using System.Runtime.InteropServices;
            [StructLayout(LayoutKind.Explicit, Size = 24)]
            struct Reg
            {
                [FieldOffset(0)] public int tag;
                [FieldOffset(8)] public int lo;
                [FieldOffset(12)] public int hi;
                [FieldOffset(8)] public long both;
                [FieldOffset(16)] public short a;
                [FieldOffset(20)] public short b;
                [FieldOffset(16)] public int word;
            }
            static class Native { [DllImport("demo")] public static extern void reg_get(ref Reg r); }
            """;
        var message = Single(await Run(source, AnonymousMembers));
        Assert.Contains("field 'b' is at offset 20 (2 bytes) but C 'b' is at offset 18 (2 bytes)", message);
    }

    // padded: a 0 (4), padding1 4 (4), b 8 (8), c 16 (2), padding2 18 (6); size 24 on every ABI.
    private static string NamedPadding => NativeHeaders.ScanText("""
        typedef struct padded { int a; char padding1[4]; long long b; short c; char padding2[6]; } padded;
        void padded_get(padded *p);
        """);

    [Fact]
    public async Task CNamedPadding_CSharpImplicitPadding_NoDiagnostic()
    {
        // Sequential: a 0, b 8 (aligned), c 16; size 24 (aligned to 8): every offset and the size agree.
        const string source = """
            using System.Runtime.InteropServices;
            struct Padded { public int a; public long b; public short c; }
            static class Native { [DllImport("demo")] public static extern void padded_get(ref Padded p); }
            """;
        Assert.Empty(await Run(source, NamedPadding));
    }

    [Fact]
    public async Task CNamedPadding_CSharpFieldOfTheWrongWidth_Reports()
    {
        // int b: b 4 (over padding1, same width), c 8 (2 bytes) where C's b is (8 bytes); size 12 vs 24.
        const string source = """
            using System.Runtime.InteropServices;
            struct Padded { public int a; public int b; public short c; }
            static class Native { [DllImport("demo")] public static extern void padded_get(ref Padded p); }
            """;
        var message = Single(await Run(source, NamedPadding));
        Assert.Contains("field 'c' is at offset 8 (2 bytes) but C 'b' is at offset 8 (8 bytes); size 12 vs C 24", message);
    }

    // errbuf: 256 chars. pt: 8 bytes. poly: pts 0 (32), n 32; size 36.
    private static string Arrays => NativeHeaders.ScanText("""
        typedef struct errbuf { char data[256]; } errbuf;
        int pc_open(errbuf *e);
        typedef struct pt { int x, y; } pt;
        typedef struct poly { pt pts[4]; int n; } poly;
        void poly_get(poly *p);
        """);

    [Fact]
    public async Task ByValArrayInStruct_IsInlineStorage_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.InteropServices;
            struct ErrorBuffer { [MarshalAs(UnmanagedType.ByValArray, SizeConst = 256)] public byte[] Data; }
            struct Pt { public int x, y; }
            struct Poly { [MarshalAs(UnmanagedType.ByValArray, SizeConst = 4)] public Pt[] pts; public int n; }
            static class Native
            {
                [DllImport("demo")] public static extern int pc_open(out ErrorBuffer e);
                [DllImport("demo")] public static extern void poly_get(ref Poly p);
            }
            """;
        Assert.Empty(await Run(source, Arrays));
    }

    [Fact]
    public async Task ByValArrayOfStructsTooShort_Reports()
    {
        // SizeConst = 3: pts 0 (24), n 24; C's n is at 32.
        const string source = """
            using System.Runtime.InteropServices;
            struct Pt { public int x, y; }
            struct Poly { [MarshalAs(UnmanagedType.ByValArray, SizeConst = 3)] public Pt[] pts; public int n; }
            static class Native { [DllImport("demo")] public static extern void poly_get(ref Poly p); }
            """;
        var message = Single(await Run(source, Arrays));
        Assert.Contains("'pts' is at offset 0 (24 bytes) but C 'pts' is at offset 0 (32 bytes)", message);
    }

    // clone_opts: version 0 (4), bare 4 (4), checkout 8 (8); size 16 on 64-bit ABIs.
    private static string Classes => NativeHeaders.ScanText("""
        typedef struct clone_opts { unsigned int version; int bare; void *checkout; } clone_opts;
        int do_clone(const char *url, const clone_opts *opts);
        typedef struct holder { clone_opts opts; int flags; } holder;
        void holder_get(holder *h);
        """);

    [Fact]
    public async Task FormattedClass_MatchingMarshalledLayout_NoDiagnostic()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            [StructLayout(LayoutKind.Sequential)]
            class CloneOptions { public uint version = 1; public int bare; public IntPtr checkout; }
            static class Native { [DllImport("demo")] public static extern int do_clone(string url, CloneOptions opts); }
            """;
        Assert.Empty(await Run(source, Classes));
    }

    [Fact]
    public async Task FormattedClass_TooLarge_ReportsWithMarshalledLayout()
    {
        // A field the library version does not have: C reads 16 bytes of a 24-byte copy, and fields past 16 are never seen.
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            [StructLayout(LayoutKind.Sequential)]
            class CloneOptions { public uint version = 1; public int bare; public IntPtr checkout; public IntPtr fetch_opts; }
            static class Native { [DllImport("demo")] public static extern int do_clone(string url, CloneOptions opts); }
            """;
        var message = Single(await Run(source, Classes));
        Assert.StartsWith("class 'CloneOptions' does not match C 'clone_opts'", message);
        Assert.Contains("field 'fetch_opts' at offset 16 (8 bytes) has no C counterpart; size 24 vs C 16", message);
    }

    [Fact]
    public async Task StructWithFormattedClassField_IsCheckedInline()
    {
        // The marshaller copies the class's fields inline: opts 0 (24 with the extra field), flags 24; C's flags is at 16.
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            [StructLayout(LayoutKind.Sequential)]
            class CloneOptions { public uint version; public int bare; public IntPtr checkout; public IntPtr extra; }
            struct Holder { public CloneOptions opts; public int flags; }
            static class Native { [DllImport("demo")] public static extern void holder_get(ref Holder h); }
            """;
        var diagnostics = await Run(source, Classes);
        Assert.Contains(diagnostics, d => d.GetMessage().StartsWith("struct 'Holder' does not match C 'holder'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StructWithPlainClassField_SaysNotChecked_AsInfo()
    {
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            class Options { public uint version; }
            struct Holder { public Options opts; public int flags; }
            static class Native { [DllImport("demo")] public static extern void holder_get(ref Holder h); }
            """;
        var diagnostic = Assert.Single(await Run(source, Classes));
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Contains("struct 'Holder' is not checked against C 'holder'", diagnostic.GetMessage());
        Assert.Contains("'Options' is a class without [StructLayout(Sequential)]", diagnostic.GetMessage());
    }
}
