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
