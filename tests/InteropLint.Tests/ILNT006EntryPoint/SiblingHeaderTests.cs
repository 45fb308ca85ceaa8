using InteropLint.Analyzers;
using InteropLint.Manifest;
using InteropLint.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace InteropLint.Tests.ILNT006EntryPoint;

/// <summary>
/// A function declared in a header of the library that the user did not list (issue 14: 27 ILNT006 across two
/// bindings) is not "not declared": ILNT006 says where it is declared and that it is not checked, at Info.
/// </summary>
public sealed class SiblingHeaderTests
{
    private const string Binding = """
        using System.Runtime.InteropServices;
        public static class L
        {
            [DllImport("sib")] public static extern int sib_open(int flags);
            [DllImport("sib")] public static extern int sib_extra(int mode);
            [DllImport("sib")] public static extern void sib_deep();
            [DllImport("sib")] public static extern void sib_macro_impl(int x);
            [DllImport("sib")] public static extern void sib_in_comment();
            [DllImport("sib")] public static extern void sib_never_declared();
        }
        """;

    /// <summary>
    /// sib.h includes sib/core.h only; sib/extra.h and sib/sys/deep.h are the library's too. A name in a comment or
    /// only in a <c>#define</c> is no declaration.
    /// </summary>
    private static string Library()
    {
        var root = Path.Combine(Path.GetTempPath(), "interoplint-tests", "siblings-" + Environment.ProcessId);
        Directory.CreateDirectory(Path.Combine(root, "sib", "sys"));
        File.WriteAllText(Path.Combine(root, "sib.h"), "#include \"sib/core.h\"\n");
        File.WriteAllText(Path.Combine(root, "sib", "core.h"), "int sib_open(int flags);\n");
        File.WriteAllText(Path.Combine(root, "sib", "extra.h"), """
            /* sib_in_comment(void) is described here, not declared */
            #define SIB_HELPER(x) \
                sib_macro_impl(x)

            int sib_extra(int mode);
            """);
        File.WriteAllText(Path.Combine(root, "sib", "sys", "deep.h"), "void sib_deep(void);\n");
        return NativeHeaders.Scan(Path.Combine(root, "sib.h"), "linux-x64;win-x64", "--library", "sib");
    }

    [Fact]
    public void Scanner_RecordsTheLibrarysUnreadHeaders_AsSiblings_WithFileAndLine()
    {
        var abi = NativeHeaders.Read(Library()).Abis.Single(a => a.Target == "linux-x64");
        var siblings = abi.Elsewhere.Where(e => e.Where == ElsewhereKind.Sibling).ToDictionary(e => e.Name);

        Assert.EndsWith("sib/extra.h", siblings["sib_extra"].File.Replace('\\', '/'), StringComparison.Ordinal);
        Assert.Equal(5, siblings["sib_extra"].Line);
        Assert.EndsWith("sib/sys/deep.h", siblings["sib_deep"].File.Replace('\\', '/'), StringComparison.Ordinal);
        Assert.DoesNotContain("sib_open", siblings.Keys); // declared by the scanned header itself
        Assert.DoesNotContain("sib_in_comment", siblings.Keys);
        Assert.DoesNotContain("sib_macro_impl", siblings.Keys);
    }

    [Fact]
    public async Task DeclaredInASibling_IsNotCheckedInfo_NamingTheFile_AnUndeclaredOneIsStillAWarning()
    {
        var diagnostics = await AnalyzerRunner.RunAsync(new EntryPointAnalyzer(), Binding, Library());
        var byName = diagnostics.ToDictionary(d => d.GetMessage().Split('\'')[1]);

        Assert.Equal(DiagnosticSeverity.Info, byName["sib_extra"].Severity);
        Assert.Contains("declared in extra.h:5", byName["sib_extra"].GetMessage(), StringComparison.Ordinal);
        Assert.Contains("not checked", byName["sib_extra"].GetMessage(), StringComparison.Ordinal);
        Assert.Equal(DiagnosticSeverity.Info, byName["sib_deep"].Severity);
        Assert.DoesNotContain("sib_open", byName.Keys);
        foreach (var missing in new[] { "sib_never_declared", "sib_macro_impl", "sib_in_comment" })
        {
            Assert.Equal(DiagnosticSeverity.Warning, byName[missing].Severity);
        }
    }

    /// <summary>git2.h (in /usr/include, a system root) includes git2/*.h; git2/sys/*.h are the library's too.</summary>
    [Fact]
    [Trait(Tier.Name, Tier.RealHeader)]
    public async Task Git2_SysHeaderFunction_IsDeclaredElsewhere_NotMissing()
    {
        var manifest = NativeHeaders.Scan("/usr/include/git2.h", "linux-x64;osx-arm64", "--library", "git2");
        const string source = """
            using System;
            using System.Runtime.InteropServices;
            public static class G
            {
                [DllImport("git2")] public static extern int git_repository_new(out IntPtr repo);
                [DllImport("git2")] public static extern int git_repository_open(out IntPtr repo, string path);
                [DllImport("git2")] public static extern int git_repository_opne(out IntPtr repo, string path);
            }
            """;
        var diagnostics = await AnalyzerRunner.RunAsync(new EntryPointAnalyzer(), source, manifest);
        var byName = diagnostics.ToDictionary(d => d.GetMessage().Split('\'')[1]);

        Assert.Equal(DiagnosticSeverity.Info, byName["git_repository_new"].Severity);
        Assert.Contains("declared in repository.h:", byName["git_repository_new"].GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain("git_repository_open", byName.Keys);
        Assert.Equal(DiagnosticSeverity.Warning, byName["git_repository_opne"].Severity);
    }
}
