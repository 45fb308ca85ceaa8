using System.Text;
using InteropLint.Analyzers;
using InteropLint.Manifest;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace InteropLint.Tests.Robustness;

/// <summary>
/// Issue 10 item 2, the scanner's side: bad headers and environments through the scanner's command line. Each
/// gives exit code 0, a readable manifest with a diagnostic that says where and what (clang's file:line and
/// message, or what to install), everything that could still be parsed, and no hang; the tool-diagnostics
/// analyzer then turns it into an ILNT900/901/902 a person can act on.
/// </summary>
public sealed class BadHeaderTests
{
    /// <summary>A hang guard for the scanner process, not a timing assertion: no case comes near it.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(3);

    private const string Targets = "linux-x64;win-x64";

    private readonly ITestOutputHelper _output;

    public BadHeaderTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task SyntaxError_ReportsClangsLine_AndKeepsTheOtherDeclarations()
    {
        var header = WriteHeader("syntax.h", "int before_error(int x);\nint broken(int x, ;\nstruct after_s { int a; };\nint after_error(long y);\n");
        var result = Scan(header);

        var error = AssertError(result.Manifest, header, line: 2);
        Assert.Contains("expected", error.Message, StringComparison.OrdinalIgnoreCase);
        AssertDeclares(result.Manifest, "before_error", "after_error");
        await AssertToolDiagnosticAsync(result.Json, RuleIdentifiers.ILNT900HeaderDidNotParse, header, 2, error.Message);
    }

    [Fact]
    public async Task MissingInclude_ReportsTheFileNotFound_AtTheIncludeLine()
    {
        var header = WriteHeader("missing.h", "int before_missing(int x);\n#include \"does_not_exist_anywhere.h\"\nint after_missing(int x);\n");
        var result = Scan(header);

        var error = AssertError(result.Manifest, header, line: 2);
        Assert.Contains("does_not_exist_anywhere.h", error.Message, StringComparison.Ordinal);
        AssertDeclares(result.Manifest, "before_missing");
        await AssertToolDiagnosticAsync(result.Json, RuleIdentifiers.ILNT900HeaderDidNotParse, header, 2, "does_not_exist_anywhere.h");
    }

    [Fact]
    public async Task HashError_CarriesTheHeadersOwnMessage()
    {
        var header = WriteHeader("config.h", "int before_config(void);\n#error \"run ./configure first (FUZZ_CONFIG)\"\nint after_config(void);\n");
        var result = Scan(header);

        var error = AssertError(result.Manifest, header, line: 2);
        Assert.Contains("run ./configure first (FUZZ_CONFIG)", error.Message, StringComparison.Ordinal);
        AssertDeclares(result.Manifest, "before_config", "after_config");
        await AssertToolDiagnosticAsync(result.Json, RuleIdentifiers.ILNT900HeaderDidNotParse, header, 2, "run ./configure first (FUZZ_CONFIG)");
    }

    [Fact]
    public async Task HeaderIncludingItselfWithoutGuards_StopsWithNestingError()
    {
        var header = WriteHeader("self.h", "int recursive_decl(int x);\n#include \"self.h\"\n");
        var result = Scan(header);

        var error = AssertError(result.Manifest, header, line: 2);
        Assert.Contains("nested too deeply", error.Message, StringComparison.Ordinal);
        AssertDeclares(result.Manifest, "recursive_decl");
        await AssertToolDiagnosticAsync(result.Json, RuleIdentifiers.ILNT900HeaderDidNotParse, header, 2, "nested too deeply");
    }

    [Fact]
    public void HugeMacroExpansion_IsScanned_WithTheDeclarationsAroundIt()
    {
        // HUGE expands to 2^17 terms; the scanner evaluates macros into constants, so this also bounds its evaluator.
        var text = new StringBuilder("int before_huge(int x);\n#define M0 1\n");
        for (var i = 1; i <= 17; i++)
        {
            text.Append("#define M").Append(i).Append(" (M").Append(i - 1).Append(" + M").Append(i - 1).Append(")\n");
        }

        text.Append("#define HUGE M17\nint huge_array_user(char buffer[HUGE % 7 + 1]);\nint after_huge(int x);\n");
        var header = WriteHeader("huge.h", text.ToString());
        var result = Scan(header);

        AssertDeclares(result.Manifest, "before_huge", "huge_array_user", "after_huge");
        var bound = result.Manifest.Abis[0].Constants.FirstOrDefault(c => c.Name == "HUGE");
        _output.WriteLine("HUGE = " + (bound?.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(not a constant)"));
        Assert.True(bound is null || bound.Value == 1 << 17, "HUGE, if evaluated, is 2^17");
    }

    [Fact]
    public async Task NonUtf8Bytes_GiveAReadableManifest()
    {
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.ASCII.GetBytes("/* Latin-1 comment: caf"));
        bytes.AddRange(new byte[] { 0xE9, 0xFF, 0xFE });
        bytes.AddRange(Encoding.ASCII.GetBytes(" */\nint latin1_fn(int x);\n#define LATIN1_TEXT \"na"));
        bytes.Add(0xEF);
        bytes.AddRange(Encoding.ASCII.GetBytes("ve\"\n#error bad byte "));
        bytes.AddRange(new byte[] { 0xC3, 0x28, 0xA0 });
        bytes.AddRange(Encoding.ASCII.GetBytes("\nint after_latin1(int x);\n"));
        var header = Path.Combine(TempDirectory(), "latin1.h");
        File.WriteAllBytes(header, bytes.ToArray());
        var result = Scan(header);

        AssertError(result.Manifest, header, line: 4);
        AssertDeclares(result.Manifest, "latin1_fn", "after_latin1");
        await AssertToolDiagnosticAsync(result.Json, RuleIdentifiers.ILNT900HeaderDidNotParse, header, 4, "bad byte");
    }

    [Fact]
    public async Task HeaderThatDoesNotExist_IsNotScanned_AndSaysWhichPath()
    {
        var header = Path.Combine(TempDirectory(), "no_such_header.h");
        var result = Scan(header);

        Assert.All(result.Manifest.Abis, a => Assert.False(a.Scanned));
        Assert.All(result.Manifest.Abis, a => Assert.Contains(a.Diagnostics, d => d.Message.Contains(header, StringComparison.Ordinal) && d.Message.Contains("not found", StringComparison.Ordinal)));
        var d = await ToolDiagnosticAsync(result.Json, RuleIdentifiers.ILNT902ManifestUnreadable);
        Assert.Contains(header, d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("not found", d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/nonexistent/libclang-fuzz.so")]
    [InlineData("libz.so.1")] // a library that is there but is not libclang
    public async Task LibclangMissing_GivesTheInstallHint(string libclang)
    {
        var header = WriteHeader("plain.h", "int plain_fn(int x);\n");
        var result = Scan(header, environment: new Dictionary<string, string>
        {
            ["INTEROPLINT_LIBCLANG"] = libclang,
            ["INTEROPLINT_LIBCLANG_NOPROBE"] = "1",
        });

        Assert.All(result.Manifest.Abis, a => Assert.False(a.Scanned));
        var d = await ToolDiagnosticAsync(result.Json, RuleIdentifiers.ILNT901LibclangNotFound);
        Assert.Contains("apt-get install", d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("INTEROPLINT_LIBCLANG", d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("linux-x64", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeoutBoundHit_SaysSo_AndStillWritesTheManifest()
    {
        var result = Scan("/usr/include/sqlite3.h", extra: new[] { "--timeout", "0.001" });

        Assert.All(result.Manifest.Abis, a => Assert.Contains(a.Diagnostics, d => d.Message.Contains("did not finish", StringComparison.Ordinal)));
        var d = await ToolDiagnosticAsync(result.Json, RuleIdentifiers.ILNT902ManifestUnreadable);
        Assert.Contains("did not finish", d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("sqlite3.h", d.GetMessage(), StringComparison.Ordinal);
    }

    private (NativeManifest Manifest, string Json) Scan(string header, string[]? extra = null, Dictionary<string, string>? environment = null)
    {
        var output = Path.Combine(TempDirectory(), Path.GetFileNameWithoutExtension(header) + ".interoplint.json");
        var args = new List<string> { "scan", header, "--targets", Targets };
        args.AddRange(extra ?? Array.Empty<string>());
        args.AddRange(new[] { "-o", output });
        var (exit, stdout, stderr) = RunScanner(args, environment ?? new Dictionary<string, string>());
        _output.WriteLine($"scan {Path.GetFileName(header)}: exit {exit}\n{stdout}{stderr}");
        Assert.True(File.Exists(output), $"no manifest written (exit code {exit}: {stderr})");
        var json = File.ReadAllText(output);
        var manifest = ManifestReader.Read(json);
        // 3 exactly when the scan itself failed somewhere (no libclang, a unit out of time): the build then retries
        var incomplete = manifest.Abis.Any(a => a.Diagnostics.Any(d => d.Code != ToolCode.None));
        Assert.True(exit == (incomplete ? 3 : 0), $"exit code {exit}: {stderr}");
        return (manifest, json);
    }

    private static (int ExitCode, string StdOut, string StdErr) RunScanner(IEnumerable<string> arguments, Dictionary<string, string> environment) =>
        NativeHeaders.RunScannerCommand(arguments, environment, HangGuard);

    private static ScanDiagnostic AssertError(NativeManifest manifest, string header, int line)
    {
        ScanDiagnostic? first = null;
        foreach (var abi in manifest.Abis)
        {
            Assert.True(abi.Scanned, abi.Target + " was not scanned");
            var error = abi.Diagnostics.FirstOrDefault(d => d.Severity >= ScanSeverity.Error && d.File == header && d.Line == line);
            Assert.True(error != null, $"{abi.Target}: no error at {header}:{line}; diagnostics: {string.Join(" | ", abi.Diagnostics)}");
            first ??= error;
        }

        return first!;
    }

    private static void AssertDeclares(NativeManifest manifest, params string[] functions)
    {
        foreach (var abi in manifest.Abis)
        {
            foreach (var name in functions)
            {
                Assert.True(abi.FindFunctions(name).Count > 0, $"{abi.Target}: '{name}' is missing; functions: {string.Join(", ", abi.Functions.Select(f => f.Name))}");
            }
        }
    }

    /// <summary>ILNT900 at the header line, naming clang's message and the ABIs.</summary>
    private static async Task AssertToolDiagnosticAsync(string manifest, string id, string header, int line, string messagePart)
    {
        var diagnostics = await AnalyzerRunner.RunAsync(new ToolDiagnosticsAnalyzer(), "class C { }", manifest);
        var d = diagnostics.FirstOrDefault(x => x.Id == id && x.Location.GetLineSpan().Path == header && x.Location.GetLineSpan().StartLinePosition.Line == line - 1);
        Assert.True(d != null, $"no {id} at {header}:{line}; got: {string.Join(" | ", diagnostics.Select(x => x.Id + " " + x.Location.GetLineSpan() + " " + x.GetMessage()))}");
        Assert.Contains(messagePart, d!.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("linux-x64", d.GetMessage(), StringComparison.Ordinal);
    }

    private static async Task<Diagnostic> ToolDiagnosticAsync(string manifest, string id)
    {
        var diagnostics = await AnalyzerRunner.RunAsync(new ToolDiagnosticsAnalyzer(), "class C { }", manifest);
        var d = diagnostics.FirstOrDefault(x => x.Id == id);
        Assert.True(d != null, $"no {id}; got: {string.Join(" | ", diagnostics.Select(x => x.Id + " " + x.GetMessage()))}");
        return d!;
    }

    private static string WriteHeader(string name, string text)
    {
        var path = Path.Combine(TempDirectory(), name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "interoplint-tests", "bad-headers", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
