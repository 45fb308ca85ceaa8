using InteropLint.Manifest;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.AllocationLifetimeAnalyzer, InteropLint.CodeFixes.AllocationLifetimeCodeFixProvider>;

namespace InteropLint.Tests.ILNT002AllocationLifetime;

/// <summary>
/// Out-parameters the header's documentation says the caller frees, on the real git2.h: "The resulting
/// git_annotated_commit must be freed with git_annotated_commit_free" (<c>git_annotated_commit **out</c>), "a git_buf which
/// the caller must free when done (via git_buf_dispose)" (<c>git_buf *out</c>). Recorded in the manifest with the
/// parameter and the evidence, and followed by ILNT002 from the <c>out</c>/<c>ref</c> argument.
/// </summary>
[Trait(Tier.Name, Tier.RealHeader)]
public sealed class OutParameterOwnershipTests
{
    // win-x64 misses a MinGW type in git2/types.h (see Corpus/StructIdiomsCorpusTests): the ABIs it parses cleanly on.
    private static string Git2 => NativeHeaders.Scan("/usr/include/git2.h", "linux-x64;osx-arm64", "--library", "git2");

    private static List<OwnershipPair> OutPairs() =>
        ManifestReader.Read(Git2).Abis.Single(a => a.Target == "linux-x64").Ownership.Where(o => o.OutParameter >= 0).ToList();

    [Fact]
    public void Git2_DocumentedOutParameters_ArePairedWithTheirParameterAndEvidence()
    {
        var pairs = OutPairs();

        var commit = Assert.Single(pairs, p => p.Allocator == "git_annotated_commit_from_ref");
        Assert.Equal(("git_annotated_commit_free", 0, "doc-comment"), (commit.Deallocator, commit.OutParameter, ManifestSpelling.Of(commit.Reason)));
        Assert.Matches(@"^doc comment, annotated_commit\.h:\d+$", commit.Evidence);

        var filtered = Assert.Single(pairs, p => p.Allocator == "git_blob_filter");
        Assert.Equal(("git_buf_dispose", 0), (filtered.Deallocator, filtered.OutParameter));

        var mailmap = Assert.Single(pairs, p => p.Allocator == "git_mailmap_new");
        Assert.Equal(("git_mailmap_free", 0), (mailmap.Deallocator, mailmap.OutParameter));
    }

    [Fact]
    public void Git2_OutParameterWithoutAFreeingSentence_IsNotPaired()
    {
        // "@param out pointer to the repo which will be opened": nothing says who frees it, so nothing is inferred
        // (the name pair git_repository_open/free is about results, and this function returns int).
        Assert.DoesNotContain(OutPairs(), p => p.Allocator == "git_repository_open");
        // Every out pair names a deallocator that takes what the parameter points to, and is not the function itself.
        Assert.All(OutPairs(), p => Assert.NotEqual(p.Allocator, p.Deallocator));
    }

    private const string Bindings = """
        using System;
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Sequential)]
        struct GitBuf
        {
            public IntPtr ptr;
            public nuint reserved;
            public nuint size;
        }

        static class Git
        {
            [DllImport("git2")] public static extern int git_annotated_commit_from_ref(out IntPtr commit, IntPtr repo, IntPtr reference);
            [DllImport("git2")] public static extern IntPtr git_annotated_commit_id(IntPtr commit);
            [DllImport("git2")] public static extern void git_annotated_commit_free(IntPtr commit);
            [DllImport("git2")] public static extern int git_blob_filter(ref GitBuf output, IntPtr blob, string asPath, IntPtr options);
            [DllImport("git2")] public static extern void git_buf_dispose(ref GitBuf buffer);
        }
        """;

    [Fact]
    public async Task OutCommitNeverFreed_Reports_WithTheDocCommentEvidence()
    {
        var source = Bindings + """

            static class Use
            {
                static IntPtr Id(IntPtr repo, IntPtr reference)
                {
                    if ({|#0:Git.git_annotated_commit_from_ref(out var commit, repo, reference)|} != 0)
                    {
                        return IntPtr.Zero;
                    }

                    return Git.git_annotated_commit_id(commit);
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, Git2, Verify.Diagnostic("ILNT002").WithLocation(0).WithMessage(
            "'git_annotated_commit_from_ref' out-parameter 'out' value in 'commit' is never freed "
            + "(the caller owns it: freed by git_annotated_commit_free: doc comment, annotated_commit.h:33); "
            + "that 'git_annotated_commit_id' does not keep it is judged from its name only; free it with git_annotated_commit_free in a finally"));
    }

    [Fact]
    public async Task OutCommitFreedInFinally_NoDiagnostic()
    {
        var source = Bindings + """

            static class Use
            {
                static bool Exists(IntPtr repo, IntPtr reference)
                {
                    if (Git.git_annotated_commit_from_ref(out var commit, repo, reference) != 0)
                    {
                        return false;
                    }

                    try
                    {
                        return Git.git_annotated_commit_id(commit) != IntPtr.Zero;
                    }
                    finally
                    {
                        Git.git_annotated_commit_free(commit);
                    }
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, Git2);
    }

    [Fact]
    public async Task StatusInALocal_FailureBranchHoldsNothing_SuccessBranchLeakIsReported()
    {
        var source = Bindings + """

            static class Use
            {
                static int Fails(IntPtr repo, IntPtr reference)
                {
                    var error = Git.git_annotated_commit_from_ref(out var commit, repo, reference);
                    if (error < 0)
                    {
                        return error;
                    }

                    Git.git_annotated_commit_free(commit);
                    return 0;
                }

                static int Pattern(IntPtr repo, IntPtr reference)
                {
                    if (Git.git_annotated_commit_from_ref(out var commit, repo, reference) is not 0)
                    {
                        return -1;
                    }

                    Git.git_annotated_commit_free(commit);
                    return 0;
                }

                static int Leaks(IntPtr repo, IntPtr reference, bool early)
                {
                    int error = {|#0:Git.git_annotated_commit_from_ref(out var commit, repo, reference)|};
                    if (error != 0)
                    {
                        return error;
                    }

                    if (early)
                    {
                        return 1;
                    }

                    Git.git_annotated_commit_free(commit);
                    return 0;
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, Git2, Verify.Diagnostic("ILNT002").WithLocation(0).WithMessage(
            "'git_annotated_commit_from_ref' out-parameter 'out' value in 'commit' is not freed on the path that returns at line 55 "
            + "(the caller owns it: freed by git_annotated_commit_free: doc comment, annotated_commit.h:33); free it with git_annotated_commit_free in a finally"));
    }

    [Fact]
    public async Task StatusTestedByAnUnreadConvention_NeitherBranchIsChecked()
    {
        // "> 0" could be a count or an error: which branch holds the commit is not known, so nothing is reported
        var source = Bindings + """

            static class Use
            {
                static int Unknown(IntPtr repo, IntPtr reference)
                {
                    if (Git.git_annotated_commit_from_ref(out var commit, repo, reference) > 0)
                    {
                        return 1;
                    }

                    return 0;
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, Git2);
    }

    [Fact]
    public async Task FilteredBufferByRef_NotDisposed_Reports_DisposedByRef_DoesNot()
    {
        var source = Bindings + """

            static class Use
            {
                static string? Leaks(IntPtr blob)
                {
                    var buffer = new GitBuf();
                    {|#0:Git.git_blob_filter(ref buffer, blob, "a.txt", IntPtr.Zero)|};
                    return Marshal.PtrToStringUTF8(buffer.ptr, (int)buffer.size);
                }

                static string? Disposes(IntPtr blob)
                {
                    var buffer = new GitBuf();
                    Git.git_blob_filter(ref buffer, blob, "a.txt", IntPtr.Zero);
                    var text = Marshal.PtrToStringUTF8(buffer.ptr, (int)buffer.size);
                    Git.git_buf_dispose(ref buffer);
                    return text;
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, Git2, Verify.Diagnostic("ILNT002").WithLocation(0));
    }
}
