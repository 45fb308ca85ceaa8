using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.StructLayoutAnalyzer, InteropLint.CodeFixes.StructLayoutCodeFixProvider>;

namespace InteropLint.Tests.ILNT003StructLayout;

/// <summary>
/// ILNT003 on small headers parsed by the real scanner (libclang) for linux-x64, win-x64 and osx-arm64. Expected
/// offsets are worked out from the C layout rules in the comments, not taken from the analyzer.
/// </summary>
public class SmallHeaderTests
{
    private const string AllAbis = "on linux-x64, win-x64, osx-arm64";

    // #pragma pack(1): tag 0 (1), length 1 (4), flags 5 (2); size 7, alignment 1 on every ABI.
    private static string Packed => NativeHeaders.ScanText("""
        #pragma pack(push, 1)
        typedef struct packed_header { unsigned char tag; unsigned int length; unsigned short flags; } packed_header;
        #pragma pack(pop)
        void read_header(packed_header *h);
        """);

    [Fact]
    public async Task PragmaPack1_WithoutPack_Reports_AndFixAddsPack()
    {
        // Without Pack the C# fields sit at 0, 4 (aligned), 8; size 12 (alignment 4).
        const string source = """
            using System.Runtime.InteropServices;

            [StructLayout(LayoutKind.Sequential)]
            struct {|#0:packed_header|}
            {
                public byte tag;
                public uint {|#1:length|};
                public ushort flags;
            }

            static class Native
            {
                [DllImport("demo")]
                public static extern void read_header(ref packed_header h);
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;

            [StructLayout(LayoutKind.Sequential, Pack = 1)]
            struct packed_header
            {
                public byte tag;
                public uint length;
                public ushort flags;
            }

            static class Native
            {
                [DllImport("demo")]
                public static extern void read_header(ref packed_header h);
            }
            """;
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'packed_header' does not match C 'packed_header' (" + Where(Packed, "packed_header") + "): field 'length' is at offset 4 (4 bytes) but C 'length' is at offset 1 (4 bytes); "
            + "size 12 vs C 7 " + AllAbis + "; set Pack = 1");
        await Verify.VerifyCodeFixAsync(source, fixedSource, Packed, expected);
    }

    [Fact]
    public async Task PragmaPack1_WithPack1_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.InteropServices;

            [StructLayout(LayoutKind.Sequential, Pack = 1)]
            struct Header { public byte tag; public uint length; public ushort flags; }

            static class Native
            {
                [DllImport("demo")]
                public static extern void read_header(ref Header h);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, Packed);
    }

    // A union: every member at 0; size 8 (the double), alignment 8.
    private static string Union => NativeHeaders.ScanText("""
        typedef union value { int i; double d; unsigned char bytes[8]; } value;
        void set_value(value *v);
        """);

    [Fact]
    public async Task UnionAsSequentialStruct_Reports_AndFixMakesExplicitLayout()
    {
        // Sequential: i 0 (4), d 8 (8), bytes 16 (8); size 24.
        const string source = """
            using System.Runtime.InteropServices;

            unsafe struct {|#0:Value|}
            {
                public int i;
                public double {|#1:d|};
                public fixed byte bytes[8];
            }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void set_value(Value* v);
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;

            [StructLayout(LayoutKind.Explicit)]
            unsafe struct Value
            {
                [FieldOffset(0)]
                public int i;
                [FieldOffset(0)]
                public double d;
                [FieldOffset(0)]
                public fixed byte bytes[8];
            }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void set_value(Value* v);
            }
            """;
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'Value' does not match C 'value' (" + Where(Union, "value") + "): field 'd' is at offset 8 (8 bytes) but every member of C union 'value' is at offset 0 (union size 8); "
            + "size 24 vs C 8 " + AllAbis + "; use LayoutKind.Explicit with every field at offset 0");
        await Verify.VerifyCodeFixAsync(source, fixedSource, Union, expected);
    }

    [Fact]
    public async Task UnionAsExplicitLayout_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.InteropServices;

            [StructLayout(LayoutKind.Explicit)]
            struct Value
            {
                [FieldOffset(0)] public int i;
                [FieldOffset(0)] public double d;
                [FieldOffset(0)] public ulong bytes;
            }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void set_value(Value* v);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, Union);
    }

    // Bit-fields: readable bit 0, writable bit 1, mode bits 2-7, count bits 8-19 of one 'unsigned int' unit at 0
    // (bytes 0-2 hold bits); next at 4; size 8 — the same under the SysV and MSVC rules, as every unit member is unsigned int.
    private static string BitFields => NativeHeaders.ScanText("""
        typedef struct flags { unsigned int readable : 1; unsigned int writable : 1; unsigned int mode : 6; unsigned int count : 12; int next; } flags;
        void set_flags(flags *f);
        """);

    [Fact]
    public async Task BitFieldsInOneUIntStorageField_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.InteropServices;

            struct Flags { public uint bits; public int next; }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void set_flags(Flags* f);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, BitFields);
    }

    [Fact]
    public async Task BitFieldsAsSeparateByteFields_Reports()
    {
        // byte readable 0, byte writable 1, byte mode 2, ushort count 4, int next 8; size 12.
        const string source = """
            using System.Runtime.InteropServices;

            struct {|#0:Flags|}
            {
                public byte {|#1:readable|};
                public byte writable;
                public byte mode;
                public ushort count;
                public int next;
            }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void set_flags(Flags* f);
            }
            """;
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'Flags' does not match C 'flags' (" + Where(BitFields, "flags") + "): field 'readable' at offset 0 (1 byte) does not cover C bit-fields 'readable, writable, mode, count' "
            + "(bytes 0-2 of a 4-byte unit): declare one integer field for the unit; size 12 vs C 8 " + AllAbis);
        await Verify.VerifyAnalyzerAsync(source, BitFields, expected);
    }

    [Fact]
    public async Task BitFieldsInAUShort_TooNarrow_Reports()
    {
        // The bits reach byte 2; a 2-byte field at 0 does not hold 'count'. Sizes agree (next at 4, size 8), the unit does not.
        const string source = """
            using System.Runtime.InteropServices;

            struct {|#0:Flags|} { public ushort {|#1:bits|}; public int next; }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void set_flags(Flags* f);
            }
            """;
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'Flags' does not match C 'flags' (" + Where(BitFields, "flags") + "): field 'bits' at offset 0 (2 bytes) does not cover C bit-fields 'readable, writable, mode, count' "
            + "(bytes 0-2 of a 4-byte unit): declare one integer field for the unit " + AllAbis);
        await Verify.VerifyAnalyzerAsync(source, BitFields, expected);
    }

    // Fixed arrays: id 0 (4), name 4 (16), tags 20 (3 × 2 = 6) → 26, rounded to alignment 4 → size 28.
    private static string Arrays => NativeHeaders.ScanText("""
        typedef struct name_record { int id; char name[16]; unsigned short tags[3]; } name_record;
        void put_name(const name_record *r);
        """);

    [Fact]
    public async Task FixedBufferTooShort_Reports_AndFixSetsLength()
    {
        // name[12]: name 4 (12), tags 16 (6) → 22 → size 24.
        const string source = """
            using System.Runtime.InteropServices;

            unsafe struct {|#0:NameRecord|}
            {
                public int id;
                public fixed byte {|#1:name[12]|};
                public fixed ushort tags[3];
            }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void put_name(NameRecord* r);
            }
            """;
        var fixedSource = source.Replace("{|#0:NameRecord|}", "NameRecord").Replace("{|#1:name[12]|}", "name[16]");
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'NameRecord' does not match C 'name_record' (" + Where(Arrays, "name_record") + "): field 'name' is at offset 4 (12 bytes) but C 'name' is at offset 4 (16 bytes); "
            + "size 24 vs C 28 " + AllAbis + "; make 'name' 16 elements long");
        await Verify.VerifyCodeFixAsync(source, fixedSource, Arrays, expected);
    }

    [Fact]
    public async Task InlineArraysAndSeparateElementFields_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.CompilerServices;
            using System.Runtime.InteropServices;

            [InlineArray(16)]
            struct NameBuffer { private byte _element0; }

            struct NameRecord
            {
                public int id;
                public NameBuffer name;
                public ushort tag0, tag1, tag2;
            }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void put_name(NameRecord* r);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, Arrays);
    }

    [Fact]
    public async Task InlineArrayTooLong_Reports()
    {
        // InlineArray(20): name 4 (20), tags 24 (6) → 30 → size 32.
        const string source = """
            using System.Runtime.CompilerServices;
            using System.Runtime.InteropServices;

            [InlineArray(20)]
            struct NameBuffer { private byte _element0; }

            struct {|#0:NameRecord|}
            {
                public int id;
                public NameBuffer {|#1:name|};
                public ushort tag0, tag1, tag2;
            }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void put_name(NameRecord* r);
            }
            """;
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'NameRecord' does not match C 'name_record' (" + Where(Arrays, "name_record") + "): field 'name' is at offset 4 (20 bytes) but C 'name' is at offset 4 (16 bytes); "
            + "size 32 vs C 28 " + AllAbis);
        await Verify.VerifyAnalyzerAsync(source, Arrays, expected);
    }

    // Nested: point {int x; int y;} is 8 bytes; segment: from 0, to 8, tag 16 ('long': 8 on LP64 → size 24; 4 on win-x64 → size 20).
    private static string Nested => NativeHeaders.ScanText("""
        typedef struct point { int x; int y; } point;
        typedef struct segment { point from; point to; long tag; } segment;
        void draw(const segment *s);
        """);

    [Fact]
    public async Task NestedStructsWithCLong_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.InteropServices;

            struct Point { public int x; public int y; }
            struct Segment { public Point from; public Point to; public CLong tag; }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void draw(Segment* s);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, Nested);
    }

    [Fact]
    public async Task NestedStructWrong_ReportedOnTheNestedStruct_AndFixed()
    {
        // Point { short x; int y; }: x 0 (2), y 4 → 8 bytes, the size of C's point: Segment still lines up,
        // Point itself is reported (matched because Segment nests it) and fixed.
        const string source = """
            using System.Runtime.InteropServices;

            struct {|#0:Point|} { public short {|#1:x|}; public int y; }
            struct Segment { public Point from; public Point to; public CLong tag; }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void draw(Segment* s);
            }
            """;
        var fixedSource = source.Replace("{|#0:Point|}", "Point").Replace("short {|#1:x|}", "int x");
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'Point' does not match C 'point' (" + Where(Nested, "point") + "): field 'x' is at offset 0 (2 bytes) but C 'x' is at offset 0 (4 bytes) " + AllAbis + "; use int for 'x'");
        await Verify.VerifyCodeFixAsync(source, fixedSource, Nested, expected);
    }

    [Fact]
    public async Task NestedStructTooLarge_ReportedOnBoth()
    {
        // Point { int x; long y; }: y at 8 → 16 bytes. In Segment, 'from' covers C's from (0-7) and to (8-15):
        // the first difference inside is from.y at 8 where C has from.y at 4.
        const string source = """
            using System.Runtime.InteropServices;

            struct {|#0:Point|} { public int x; public long {|#1:y|}; }
            struct {|#2:Segment|} { public Point {|#3:from|}; public Point to; public CLong tag; }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void draw(Segment* s);
            }
            """;
        var point = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'Point' does not match C 'point' (" + Where(Nested, "point") + "): field 'y' is at offset 8 (8 bytes) but C 'y' is at offset 4 (4 bytes); size 16 vs C 8 " + AllAbis + "; use int for 'y'");
        var segment = Verify.Diagnostic("ILNT003").WithLocation(2).WithLocation(3).WithArguments(
            "struct 'Segment' does not match C 'segment' (" + Where(Nested, "segment") + "): field 'from.y' is at offset 8 (8 bytes) but C 'from.y' is at offset 4 (4 bytes); "
            + "size 40 vs C 24 on linux-x64, osx-arm64; and field 'from.y' is at offset 8 (8 bytes) but C 'from.y' is at offset 4 (4 bytes); size 40 vs C 20 on win-x64");
        await Verify.VerifyAnalyzerAsync(source, Nested, point, segment);
    }

    // Flexible array member: length 0 (4), data[] at 4 takes no space; size 4.
    private static string Flexible => NativeHeaders.ScanText("""
        typedef struct blob { unsigned int length; unsigned char data[]; } blob;
        void send_blob(const blob *b);
        """);

    [Fact]
    public async Task FlexibleArrayMemberLeftOut_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.InteropServices;

            struct Blob { public uint length; }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void send_blob(Blob* b);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, Flexible);
    }

    [Fact]
    public async Task FlexibleArrayMemberAsOneElementBuffer_Reports()
    {
        // fixed byte data[1] at 4 → 5 → size 8 (alignment 4).
        const string source = """
            using System.Runtime.InteropServices;

            unsafe struct {|#0:Blob|} { public uint length; public fixed byte {|#1:data[1]|}; }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void send_blob(Blob* b);
            }
            """;
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'Blob' does not match C 'blob' (" + Where(Flexible, "blob") + "): field 'data' at offset 4 (1 byte) stands for C flexible array member 'data', which takes no space; size 8 vs C 4 " + AllAbis);
        await Verify.VerifyAnalyzerAsync(source, Flexible, expected);
    }

    // C bool is 1 byte: verbose 0 (1), level 4; size 8.
    private static string Bools => NativeHeaders.ScanText("""
        #include <stdbool.h>
        typedef struct options { bool verbose; int level; } options;
        void set_options(options opts);
        void get_options(options *opts);
        """);

    [Fact]
    public async Task BoolFieldMarshalledByValue_Reports_AndFixAddsMarshalAsU1()
    {
        // DllImport copies a non-blittable struct: bool becomes a 4-byte BOOL, so verbose is 4 bytes (level still at 4).
        const string source = """
            using System.Runtime.InteropServices;

            struct {|#0:Options|}
            {
                public bool {|#1:verbose|};
                public int level;
            }

            static class Native
            {
                [DllImport("demo")]
                public static extern void set_options(Options opts);
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;

            struct Options
            {
                [MarshalAs(UnmanagedType.U1)]
                public bool verbose;
                public int level;
            }

            static class Native
            {
                [DllImport("demo")]
                public static extern void set_options(Options opts);
            }
            """;
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'Options' does not match C 'options' (" + Where(Bools, "options") + "): field 'verbose' is at offset 0 (4 bytes) but C 'verbose' is at offset 0 (1 byte) "
            + AllAbis + "; marshal 'verbose' as a 1-byte bool");
        await Verify.VerifyCodeFixAsync(source, fixedSource, Bools, expected);
    }

    [Fact]
    public async Task BoolFieldByPointer_NoDiagnostic()
    {
        // Through a pointer native code sees the managed bytes: bool is 1 byte there.
        const string source = """
            using System.Runtime.InteropServices;

            struct Options { public bool verbose; public int level; }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void get_options(Options* opts);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, Bools);
    }

    // wchar_t: 2 bytes on win-x64, 4 on linux-x64 and osx-arm64; glyph is { ch 0, width 4 } → size 8 everywhere.
    private static string WideChars => NativeHeaders.ScanText("""
        #include <stddef.h>
        typedef struct glyph { wchar_t ch; int width; } glyph;
        void draw_glyph(glyph *g);
        """);

    [Fact]
    public async Task WCharField_NoPortableLayout_ReportsWithoutFix()
    {
        // A UTF-16 char is 2 bytes: right on Windows only.
        const string source = """
            using System.Runtime.InteropServices;

            struct {|#0:Glyph|} { public char {|#1:ch|}; public int width; }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void draw_glyph(Glyph* g);
            }
            """;
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'Glyph' does not match C 'glyph' (" + Where(WideChars, "glyph") + "): field 'ch' is at offset 0 (2 bytes) but C 'ch' is at offset 0 (4 bytes) on linux-x64, osx-arm64; "
            + "no C# type has the width of C 'wchar_t' (field 'ch') on every ABI (4 bytes on linux-x64, osx-arm64, 2 bytes on win-x64): declare the struct once per OS");
        await Verify.VerifyCodeFixAsync(source, source, WideChars, expected);
    }

    [Fact]
    public async Task UnusedStructWithOtherName_NoDiagnostic()
    {
        const string source = """
            struct Unrelated { public short x; public int y; }
            """;
        await Verify.VerifyAnalyzerAsync(source, Nested);
    }

    [Fact]
    public async Task StructNamedLikeRecordMeasuredForNativeCode_Reports()
    {
        // No P/Invoke uses it, but Marshal.SizeOf measures it for native memory: it stands for C 'point' by its name.
        const string source = """
            struct {|#0:point|} { public short {|#1:x|}; public int y; }

            static class Sizes { public static int Point() => System.Runtime.InteropServices.Marshal.SizeOf<point>(); }
            """;
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'point' does not match C 'point' (" + Where(Nested, "point") + "): field 'x' is at offset 0 (2 bytes) but C 'x' is at offset 0 (4 bytes) " + AllAbis + "; use int for 'x'");
        await Verify.VerifyAnalyzerAsync(source, Nested, expected);
    }

    [Fact]
    public async Task NativeTypeNameAttribute_Matches()
    {
        const string source = """
            [NativeTypeName("struct point")]
            struct {|#0:Pt|} { public short {|#1:x|}; public int y; }

            [System.AttributeUsage(System.AttributeTargets.All)]
            sealed class NativeTypeNameAttribute : System.Attribute { public NativeTypeNameAttribute(string name) { } }
            """;
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'Pt' does not match C 'point' (" + Where(Nested, "point") + "): field 'x' is at offset 0 (2 bytes) but C 'x' is at offset 0 (4 bytes) " + AllAbis + "; use int for 'x'");
        await Verify.VerifyAnalyzerAsync(source, Nested, expected);
    }

    // C11 anonymous union member: kind 0 (4), the union { int i; double d; } at 8 (8, aligned for the double); size 16.
    private static string Tagged => NativeHeaders.ScanText("""
        typedef struct tagged { int kind; union { int i; double d; }; } tagged;
        void use_tagged(tagged *t);
        """);

    [Fact]
    public async Task AnonymousUnionAsOverlappingExplicitFields_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.InteropServices;

            [StructLayout(LayoutKind.Explicit)]
            struct Tagged
            {
                [FieldOffset(0)] public int kind;
                [FieldOffset(8)] public int i;
                [FieldOffset(8)] public double d;
            }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void use_tagged(Tagged* t);
            }
            """;
        await Verify.VerifyAnalyzerAsync(source, Tagged);
    }

    [Fact]
    public async Task AnonymousUnionMembersAsSequentialFields_Reports()
    {
        // Sequential: kind 0, i 4, d 8; size 16 — the size agrees, but i is not where the union is.
        const string source = """
            using System.Runtime.InteropServices;

            struct {|#0:Tagged|} { public int kind; public int {|#1:i|}; public double d; }

            static unsafe class Native
            {
                [DllImport("demo")]
                public static extern void use_tagged(Tagged* t);
            }
            """;
        var expected = Verify.Diagnostic("ILNT003").WithLocation(0).WithLocation(1).WithArguments(
            "struct 'Tagged' does not match C 'tagged' (" + Where(Tagged, "tagged") + "): field 'i' is at offset 4 (4 bytes) but C '(anonymous union)' is at offset 8 (8 bytes) " + AllAbis);
        await Verify.VerifyAnalyzerAsync(source, Tagged, expected);
    }

    /// <summary>"h0123.h:2": the temp header's file name and the record's line, as the message names them.</summary>
    private static string Where(string manifestJson, string record)
    {
        var manifest = NativeHeaders.Read(manifestJson);
        var decl = manifest.Abis[0].FindRecord(record)!;
        return Path.GetFileName(decl.File) + ":" + decl.Line;
    }
}
