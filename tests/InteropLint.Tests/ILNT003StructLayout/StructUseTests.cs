using InteropLint.Analyzers;
using InteropLint.CodeFixes;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.StructLayoutAnalyzer, InteropLint.CodeFixes.StructLayoutCodeFixProvider>;

namespace InteropLint.Tests.ILNT003StructLayout;

/// <summary>
/// A struct named unlike any C record is checked when a P/Invoke uses it, wherever that P/Invoke is declared:
/// in another file, through a local or a global alias, or through the struct it is nested in. (The analyzer finds
/// those uses per struct, by name, in each file's syntax index, instead of binding every P/Invoke.)
/// </summary>
public class StructUseTests
{
    // #pragma pack(1): kind 0, length 1; size 5. Sequential C# without Pack: length 4; size 8.
    private static string Header => NativeHeaders.ScanText("""
        #pragma pack(push, 1)
        typedef struct wire { unsigned char kind; unsigned int length; } wire;
        #pragma pack(pop)
        typedef struct envelope { int tag; wire body; } envelope;
        void send_wire(const wire *w);
        void send_envelope(envelope *e);
        """);

    private const string Packet = """
        struct {|#0:Packet|} { public byte kind; public uint {|#1:length|}; }
        """;

    [Fact]
    public async Task UsedByAPInvokeInAnotherFile_Reported()
    {
        await RunAsync(
            [Packet, """
                static unsafe class Native
                {
                    [System.Runtime.InteropServices.DllImport("demo")]
                    public static extern void send_wire(Packet* w);
                }
                """],
            Drift());
    }

    [Fact]
    public async Task UsedThroughALocalAlias_Reported()
    {
        await RunAsync(
            [Packet, """
                using Frame = Packet;

                static unsafe class Native
                {
                    [System.Runtime.InteropServices.DllImport("demo")]
                    public static extern void send_wire(Frame* w);
                }
                """],
            Drift());
    }

    [Fact]
    public async Task UsedThroughAGlobalAliasDeclaredElsewhere_Reported()
    {
        await RunAsync(
            [Packet, "global using Frame = Packet;", """
                static unsafe class Native
                {
                    [System.Runtime.InteropServices.DllImport("demo")]
                    public static extern void send_wire(Frame* w);
                }
                """],
            Drift());
    }

    [Fact]
    public async Task NestedInAStructAPInvokeUses_Reported()
    {
        // envelope: tag 0, body 4 (wire is packed: size 5), size 12 with int alignment. Packet nested as 'body' drifts.
        await RunAsync(
            [Packet, """
                struct Letter { public int tag; public Packet body; }
                """, """
                static unsafe class Native
                {
                    [System.Runtime.InteropServices.DllImport("demo")]
                    public static extern void send_envelope(Letter* e);
                }
                """],
            Drift(),
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult("ILNT003", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithSpan("/0/Test1.cs", 1, 8, 1, 14).WithSpan("/0/Test1.cs", 1, 47, 1, 51));
    }

    [Fact]
    public async Task NamedUnlikeARecordAndNotUsed_NotReported()
    {
        await RunAsync(
            [Packet.Replace("{|#0:Packet|}", "Packet").Replace("{|#1:length|}", "length"), """
                static unsafe class Native
                {
                    [System.Runtime.InteropServices.DllImport("demo")]
                    public static extern void send_wire(void* w);
                }
                """]);
    }

    // Named like the C record 'wire', with Packet's drift: only a struct that can reach native code stands for it.
    private const string Wire = """
        struct {|#0:wire|} { public byte kind; public uint {|#1:length|}; }
        """;

    [Fact]
    public async Task NamedLikeARecordButManagedOnly_NotReported()
    {
        // Bindings keep managed structs named like C records (a wrapper's own 'wire' in a list): no native code sees them.
        await RunAsync(
            [Wire.Replace("{|#0:wire|}", "wire").Replace("{|#1:length|}", "length"), """
                using System.Collections.Generic;

                struct Queue { public List<wire> Items; public wire Last; }

                static class Registry
                {
                    private static readonly List<wire> All = new List<wire>();

                    public static wire Add(wire w) { All.Add(w); return w; }

                    public static int Count<T>(T[] items) => items.Length + sizeof(int);
                }
                """]);
    }

    [Theory]
    [InlineData("a P/Invoke the header does not declare", """
        static class Native
        {
            [System.Runtime.InteropServices.DllImport("other")]
            public static extern void log_wire(ref wire w);
        }
        """)]
    [InlineData("a P/Invoke taking an array", """
        static class Native
        {
            [System.Runtime.InteropServices.DllImport("other")]
            public static extern void log_wires(wire[] w, int count);
        }
        """)]
    [InlineData("a delegate's signature", """
        delegate void OnWire(in wire w);
        """)]
    [InlineData("a function pointer's signature", """
        unsafe struct Callbacks { public delegate* unmanaged<wire*, void> OnWire; }
        """)]
    [InlineData("Marshal.SizeOf<T>", """
        static class Sizes { public static int Wire() => System.Runtime.InteropServices.Marshal.SizeOf<wire>(); }
        """)]
    [InlineData("Marshal.PtrToStructure with typeof", """
        static class Reader { public static object? Read(System.IntPtr p) => System.Runtime.InteropServices.Marshal.PtrToStructure(p, typeof(wire)); }
        """)]
    [InlineData("Marshal.StructureToPtr of a value", """
        using System.Runtime.InteropServices;

        static class Writer { public static void Write(wire w, System.IntPtr p) => Marshal.StructureToPtr(w, p, false); }
        """)]
    [InlineData("a pointer cast", """
        static unsafe class Reader { public static byte Kind(void* p) => ((wire*)p)->kind; }
        """)]
    [InlineData("MemoryMarshal.Cast", """
        static class Reader { public static System.Span<wire> View(System.Span<byte> bytes) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, wire>(bytes); }
        """)]
    [InlineData("Unsafe.As", """
        static class Reader { public static ref wire View(ref byte b) => ref System.Runtime.CompilerServices.Unsafe.As<byte, wire>(ref b); }
        """)]
    [InlineData("a field of a struct that reaches native code", """
        struct Holder { public int tag; public wire body; }

        static class Sizes { public static int Holder() => System.Runtime.InteropServices.Marshal.SizeOf<Holder>(); }
        """)]
    public async Task NamedLikeARecordReachingNative_Reported(string how, string use)
    {
        Assert.NotEmpty(how);
        await RunAsync([Wire, use], Drift());
    }

    [Fact]
    public async Task NamedLikeARecordWithAnExplicitLayout_Reported()
    {
        // [StructLayout] declares native intent even when this compilation never passes the struct.
        await RunAsync(["[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]\n" + Wire], Drift());
    }

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Drift() => Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1);

    private static async Task RunAsync(string[] sources, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
    {
        var test = new InteropTest<StructLayoutAnalyzer, StructLayoutCodeFixProvider>(TestFramework.Net80);
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        test.WithManifest(Header);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }
}
