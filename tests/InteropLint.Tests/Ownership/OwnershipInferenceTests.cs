using InteropLint.Manifest;
using InteropLint.Scanner;
using InteropLint.Tests.Infrastructure;
using Xunit;
using static InteropLint.Tests.Ownership.OwnershipManifests;

namespace InteropLint.Tests.Ownership;

public sealed class OwnershipInferenceTests
{
    private static AbiManifest Abi(params TestFunction[] functions)
    {
        var abi = new AbiManifest { Target = "linux-x64" };
        abi.Functions.AddRange(functions.Select(f => f.On(abi.Target)));
        OwnershipInference.Infer(abi);
        return abi;
    }

    private static string? DeallocatorOf(AbiManifest abi, string allocator) =>
        abi.Ownership.FirstOrDefault(p => p.Allocator == allocator)?.Deallocator;

    [Fact]
    public void NamePairs_InTheSameHeader_ArePaired()
    {
        var abi = Abi(
            Function("x_new", StructPointer("x")),
            Function("x_free", Void(), ("p", StructPointer("x"))),
            Function("y_create", StructPointer("y")),
            Function("y_destroy", Void(), ("p", StructPointer("y"))),
            Function("f_open", StructPointer("f")),
            Function("f_close", Int(), ("p", StructPointer("f"))),
            Function("buf", StructPointer("buf")),
            Function("buf_free", Void(), ("p", StructPointer("buf"))));
        Assert.Equal("x_free", DeallocatorOf(abi, "x_new"));
        Assert.Equal("y_destroy", DeallocatorOf(abi, "y_create"));
        Assert.Equal("f_close", DeallocatorOf(abi, "f_open"));
        Assert.Equal("buf_free", DeallocatorOf(abi, "buf"));
        Assert.All(abi.Ownership, p => Assert.Equal(OwnershipReason.NamePair, p.Reason));
    }

    [Fact]
    public void ConstResultsAndNonPointerResults_AreNeverAllocators()
    {
        var abi = Abi(
            Function("x_new", CharPointer(isConst: true)),
            Function("x_open", Int()),
            Function("x_free", Void(), ("p", VoidPointer())),
            Function("x_close", Void(), ("p", VoidPointer())));
        Assert.Empty(abi.Ownership);
    }

    [Fact]
    public void PairsInDifferentHeaders_AreNotPaired()
    {
        var free = Function("x_free", Void(), ("p", StructPointer("x")));
        free.File = "/usr/include/other.h";
        var abi = Abi(Function("x_new", StructPointer("x")), free);
        Assert.Empty(abi.Ownership);
    }

    [Fact]
    public void CloseNeverPairsWithMalloc_FreeDoes()
    {
        var abi = Abi(
            Function("db_close", Int(), ("db", StructPointer("db"))),
            Function("db_malloc", VoidPointer(), ("n", Int())),
            Function("db_free", Void(), ("p", VoidPointer())));
        Assert.Equal("db_free", DeallocatorOf(abi, "db_malloc"));
    }

    [Fact]
    public void MallocAttribute_InLibcHeader_PairsWithFree_ElsewhereWithSamePrefixFree()
    {
        var strdup = Function("strdup", CharPointer(isConst: false), ("s", CharPointer()));
        strdup.File = "/usr/include/string.h";
        strdup.Attributes = new[] { "malloc", "nonnull" };
        var make = Function("lib_make_label", CharPointer(isConst: false));
        make.Attributes = new[] { "malloc" };
        var unknown = Function("other_thing", CharPointer(isConst: false));
        unknown.Attributes = new[] { "malloc" };
        var abi = Abi(strdup, make, unknown, Function("lib_free", Void(), ("p", VoidPointer())));
        Assert.Equal("free", DeallocatorOf(abi, "strdup"));
        Assert.Equal(OwnershipReason.Libc, abi.Ownership.Single(p => p.Allocator == "strdup").Reason);
        Assert.Equal("lib_free", DeallocatorOf(abi, "lib_make_label"));
        Assert.Null(DeallocatorOf(abi, "other_thing"));
    }

    [Fact]
    public void MallocAttribute_SamePrefixFreeThatTakesTheResultAsItsContext_IsNotItsDeallocator()
    {
        // libpng: png_create_read_struct is PNG_ALLOCATED (malloc) and png_free(png_ptr, ptr) frees memory
        // png_malloc(png_ptr, size) gave, *using* the png_struct: it cannot free the png_struct itself.
        var create = Function("png_create_read_struct", StructPointer("png_struct"), ("ver", CharPointer()));
        create.Attributes = new[] { "malloc" };
        var malloc = Function("png_malloc", VoidPointer(), ("png_ptr", StructPointer("png_struct")), ("size", Int()));
        malloc.Attributes = new[] { "malloc" };
        var abi = Abi(create, malloc, Function("png_free", Void(), ("png_ptr", StructPointer("png_struct")), ("ptr", VoidPointer())));
        Assert.Null(DeallocatorOf(abi, "png_create_read_struct"));
        Assert.Equal("png_free", DeallocatorOf(abi, "png_malloc"));
    }

    [Fact]
    public void TypePair_NeedsAllocatingVerbSamePrefixAndSamePointerType()
    {
        var abi = Abi(
            Function("demo_strdup_upper", CharPointer(isConst: false), ("s", CharPointer())),
            Function("demo_name_buffer", CharPointer(isConst: false)),
            Function("demo_string_free", Void(), ("s", CharPointer(isConst: false))));
        Assert.Equal("demo_string_free", DeallocatorOf(abi, "demo_strdup_upper"));
        Assert.Equal(OwnershipReason.TypePair, abi.Ownership.Single().Reason);
        Assert.Null(DeallocatorOf(abi, "demo_name_buffer"));
    }

    [Fact]
    public void Infer_IsIdempotent()
    {
        var abi = Abi(Function("x_new", StructPointer("x")), Function("x_free", Void(), ("p", StructPointer("x"))));
        OwnershipInference.Infer(abi);
        Assert.Single(abi.Ownership);
    }

    [Fact]
    public void RealGlibcHeaders_StrdupAndMallocFreedWithFree_GetenvNotOwned()
    {
        var manifest = ManifestReader.Read(Scan("/usr/include/stdlib.h"));
        var abi = manifest.FindAbi("linux-x64")!;
        Assert.Equal("free", DeallocatorOf(abi, "malloc"));
        Assert.Equal("free", DeallocatorOf(abi, "calloc"));
        Assert.Null(DeallocatorOf(abi, "getenv"));
        var strings = ManifestReader.Read(Scan("/usr/include/string.h")).FindAbi("linux-x64")!;
        Assert.Equal("free", DeallocatorOf(strings, "strdup"));
        Assert.Equal("free", DeallocatorOf(strings, "strndup"));
        Assert.Null(DeallocatorOf(strings, "strerror"));
    }

    [Fact]
    public void RealGlibcStdio_FilesAreClosedNotFreed()
    {
        var abi = ManifestReader.Read(Scan("/usr/include/stdio.h")).FindAbi("linux-x64")!;
        Assert.Equal("fclose", DeallocatorOf(abi, "fopen"));
        Assert.Equal("fclose", DeallocatorOf(abi, "tmpfile"));
        Assert.Equal("pclose", DeallocatorOf(abi, "popen"));
        Assert.Equal("free", DeallocatorOf(abi, "tempnam"));
        Assert.DoesNotContain(abi.Ownership, p => p.Deallocator == "free" && p.Allocator != "tempnam");
    }

    [Fact]
    public void RealLibraryHeaders_PairsFollowTheirNamingConventions()
    {
        var zlib = ManifestReader.Read(Scan("/usr/include/zlib.h")).FindAbi("linux-x64")!;
        Assert.Equal("gzclose", DeallocatorOf(zlib, "gzopen"));
        Assert.Null(DeallocatorOf(zlib, "zlibVersion"));
        var bzip = ManifestReader.Read(Scan("/usr/include/bzlib.h")).FindAbi("linux-x64")!;
        Assert.Equal("BZ2_bzclose", DeallocatorOf(bzip, "BZ2_bzopen"));
        Assert.Equal("BZ2_bzReadClose", DeallocatorOf(bzip, "BZ2_bzReadOpen"));
    }

    [Fact]
    public void RealSqliteHeader_MallocPairsWithFree_ErrmsgAndColumnTextNotOwned()
    {
        var abi = ManifestReader.Read(Scan("/usr/include/sqlite3.h")).FindAbi("linux-x64")!;
        Assert.Equal("sqlite3_free", DeallocatorOf(abi, "sqlite3_malloc"));
        Assert.Null(DeallocatorOf(abi, "sqlite3_errmsg"));
        Assert.Null(DeallocatorOf(abi, "sqlite3_column_text"));
        Assert.DoesNotContain(abi.Ownership, p => p.Deallocator == "sqlite3_close");
    }

    [Fact]
    public void DemoLibraryHeader_OwnedStringsAndHandlesArePaired_BorrowedAreNot()
    {
        var abi = ManifestReader.Read(Scan("native/include/interopdemo.h")).FindAbi("linux-x64")!;
        Assert.Equal("demo_string_free", DeallocatorOf(abi, "demo_strdup_upper"));
        Assert.Equal("demo_buffer_destroy", DeallocatorOf(abi, "demo_buffer_create"));
        Assert.Null(DeallocatorOf(abi, "demo_version"));
        Assert.Null(DeallocatorOf(abi, "demo_color_name"));
    }
}
