using InteropLint.Analyzers;
using InteropLint.Manifest;
using InteropLint.Tests.Infrastructure;
using Xunit;
using Verify = InteropLint.Tests.Infrastructure.InteropVerifier<InteropLint.Analyzers.EnumSizeAnalyzer, InteropLint.CodeFixes.EnumSizeCodeFixProvider>;

namespace InteropLint.Tests.ILNT012EnumSize;

public class EnumSizeTests
{
    // GCC/Clang: unsigned int (no negative enumerator); MSVC: int.
    private static readonly CTypeOn ColorInt = t => AbiTargets.IsWindows(t) ? C.Int(t) : C.UInt(t);

    // An enumerator beyond 32 bits: unsigned long on LP64 with GCC/Clang, still int with MSVC.
    private static readonly CTypeOn FlagsInt = t => AbiTargets.IsWindows(t) ? C.Int(t) : C.Named("unsigned long", C.SizeT)(t);
    private static readonly CTypeOn LevelInt = C.UChar;
    private static readonly CTypeOn BigInt = C.LongLong;

    private static readonly string Manifest = new TestManifest(library: "demo")
        .Enum("demo_color", ColorInt, ("DEMO_RED", 0), ("DEMO_GREEN", 1), ("DEMO_BLUE", 2))
        .Enum("demo_flags", FlagsInt, ("DEMO_FLAG_NONE", 0), ("DEMO_BIG", 0x100000000))
        .Enum("demo_level", LevelInt, ("DEMO_LOW", 0), ("DEMO_HIGH", 200))
        .Enum("demo_big", BigInt, ("DEMO_HUGE", 1L << 40))
        .Function("demo_next_color", C.Enum("demo_color", ColorInt), ("c", C.Enum("demo_color", ColorInt)))
        .Function("demo_flags_combine", C.Enum("demo_flags", FlagsInt), ("a", C.Enum("demo_flags", FlagsInt)), ("b", C.Enum("demo_flags", FlagsInt)))
        .Function("demo_set_level", C.Void, ("level", C.Enum("demo_level", LevelInt)))
        .Function("demo_get_level", C.Void, ("level", C.Pointer(C.Enum("demo_level", LevelInt))))
        .Function("demo_set_big", C.Void, ("value", C.Enum("demo_big", BigInt)))
        .Json();

    [Fact]
    public Task EnumBeyond32Bits_HasNoPortableSize_ReportsWithoutFix()
    {
        const string source = """
            using System.Runtime.InteropServices;
            public enum DemoFlags : ulong { None = 0, Big = 0x100000000 }
            static class Demo
            {
                [DllImport("demo")]
                public static extern {|#0:DemoFlags|} demo_flags_combine({|#1:DemoFlags|} a, {|#2:DemoFlags|} b);
            }
            """;
        const string message = " is 'DemoFlags' (enum : ulong, 8 bytes) but C enum 'demo_flags' (demo_flags_combine, demo.h:15) is 4 bytes on win-x64 and 8 bytes on linux-x64, osx-arm64"
            + "; no C# type has its size on every ABI (GCC and Clang widen an enum with enumerators beyond 32 bits, MSVC does not): declare the P/Invoke per OS, or change the C API to a fixed-width integer";
        return Verify.VerifyCodeFixAsync(source, source, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT012EnumSize).WithLocation(0).WithArguments("the return value" + message),
            Verify.Diagnostic(RuleIdentifiers.ILNT012EnumSize).WithLocation(1).WithArguments("parameter 'a'" + message),
            Verify.Diagnostic(RuleIdentifiers.ILNT012EnumSize).WithLocation(2).WithArguments("parameter 'b'" + message));
    }

    [Fact]
    public Task PackedEnum_FixChangesUnderlyingType_FixAllOnce()
    {
        const string source = """
            using System.Runtime.InteropServices;
            public enum DemoLevel { Low = 0, High = 200 }
            static class Demo
            {
                [DllImport("demo")] public static extern void demo_set_level({|#0:DemoLevel|} level);
                [DllImport("demo")] public static extern void demo_get_level(out {|#1:DemoLevel|} level);
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;
            public enum DemoLevel : byte { Low = 0, High = 200 }
            static class Demo
            {
                [DllImport("demo")] public static extern void demo_set_level(DemoLevel level);
                [DllImport("demo")] public static extern void demo_get_level(out DemoLevel level);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT012EnumSize).WithLocation(0).WithArguments(
                "parameter 'level' is 'DemoLevel' (enum : int, 4 bytes) but C enum 'demo_level' (demo_set_level, demo.h:16) is 1 byte; declare the enum ': byte'"),
            Verify.Diagnostic(RuleIdentifiers.ILNT012EnumSize).WithLocation(1));
    }

    [Fact]
    public Task IntegerForTypedEnum_BecomesLong()
    {
        const string source = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo")] public static extern void demo_set_big({|#0:int|} value);
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;
            static class Demo
            {
                [DllImport("demo")] public static extern void demo_set_big(long value);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest,
            Verify.Diagnostic(RuleIdentifiers.ILNT012EnumSize).WithLocation(0).WithArguments(
                "parameter 'value' is 'int' (4 bytes) but C enum 'demo_big' (demo_set_big, demo.h:18) is 8 bytes; use 'long'"));
    }

    [Fact]
    public Task ByteEnumForIntEnum_BecomesInt_EvenWhereCIsUnsigned()
    {
        const string source = """
            using System.Runtime.InteropServices;
            public enum DemoColor : byte { Red, Green, Blue }
            static class Demo
            {
                [DllImport("demo")] public static extern {|ILNT012:DemoColor|} demo_next_color({|ILNT012:DemoColor|} c);
            }
            """;
        const string fixedSource = """
            using System.Runtime.InteropServices;
            public enum DemoColor : int { Red, Green, Blue }
            static class Demo
            {
                [DllImport("demo")] public static extern DemoColor demo_next_color(DemoColor c);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Manifest);
    }

    [Fact]
    public Task MatchingSizes_NoDiagnostic()
    {
        const string source = """
            using System.Runtime.InteropServices;
            public enum DemoColor { Red, Green, Blue }
            public enum DemoLevel : byte { Low = 0, High = 200 }
            static class Demo
            {
                [DllImport("demo")] public static extern DemoColor demo_next_color(DemoColor c);
                [DllImport("demo")] public static extern void demo_set_level(DemoLevel level);
                [DllImport("demo", EntryPoint = "demo_set_level")] public static extern void SetLevel(byte level);
                [DllImport("demo")] public static extern void demo_set_big(long value);
                [DllImport("demo", EntryPoint = "demo_next_color")] public static extern uint NextColor(uint c);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Manifest);
    }
}
