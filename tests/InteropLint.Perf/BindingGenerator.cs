using System.Globalization;
using System.Text;

namespace InteropLint.Perf;

/// <summary>
/// A large native API and its correct C# binding: <c>N</c> functions and <c>N/10</c> structs across the C types
/// bindings get wrong (<c>long</c>, <c>unsigned long</c>, <c>size_t</c>, <c>int64_t</c>, pointers, structs by pointer,
/// <c>const char*</c>, callbacks). The binding is right on every ABI, so the analyzers report nothing and the
/// figures measure the cost of checking, not of reporting.
/// </summary>
public sealed class GeneratedBinding
{
    /// <summary>The library name of the DllImports and of the scanner's <c>--library</c>.</summary>
    public const string Library = "perfbind";

    /// <summary>P/Invokes per C# file: bindings are split by area; one file of this size is what the IDE re-analyses.</summary>
    public const int FunctionsPerFile = 1000;

    private const int CallbackShapes = 4;

    private GeneratedBinding(int functions, string header, IReadOnlyList<(string Name, string Text)> sources)
    {
        Functions = functions;
        Header = header;
        Sources = sources;
    }

    public int Functions { get; }

    public int Structs => StructCount(Functions);

    public string Header { get; }

    /// <summary>C# files: the types first, then the P/Invokes in files of <see cref="FunctionsPerFile"/>.</summary>
    public IReadOnlyList<(string Name, string Text)> Sources { get; }

    /// <summary>The C# file the IDE benchmark edits, and the text of one P/Invoke in it that an edit can change.</summary>
    public (string File, string Anchor) EditTarget => (Sources[1].Name, "pb_fn_" + Id(0) + "(int value, CLong count)");

    /// <summary>The same header and P/Invokes with other C# files (the library around the binding).</summary>
    public GeneratedBinding WithSources(IReadOnlyList<(string Name, string Text)> sources) => new GeneratedBinding(Functions, Header, sources);

    public static int StructCount(int functions) => Math.Max(1, functions / 10);

    public static GeneratedBinding Create(int functions)
    {
        var structs = StructCount(functions);
        var header = new StringBuilder(functions * 64);
        var types = new StringBuilder(structs * 300);
        header.Append("/* perfbind.h: a generated API for InteropLint's benchmark. */\n#ifndef PERFBIND_H\n#define PERFBIND_H\n#include <stddef.h>\n#include <stdint.h>\n\n");
        types.Append("using System;\nusing System.Runtime.InteropServices;\n\nnamespace PerfBinding\n{\n");

        for (var c = 0; c < CallbackShapes; c++)
        {
            header.Append("typedef int (*pb_callback_").Append(c).Append(")(void *user, long value, size_t length);\n");
            types.Append("    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]\n    internal delegate int pb_callback_").Append(c)
                .Append("(IntPtr user, CLong value, nuint length);\n\n");
        }

        header.Append('\n');
        for (var s = 0; s < structs; s++)
        {
            AppendStruct(header, types, s);
        }

        types.Append("}\n");
        var sources = new List<(string, string)> { ("Types.cs", types.ToString()) };
        StringBuilder? methods = null;
        for (var f = 0; f < functions; f++)
        {
            if (f % FunctionsPerFile == 0)
            {
                methods = new StringBuilder(FunctionsPerFile * 160);
                methods.Append("using System;\nusing System.Runtime.InteropServices;\n\nnamespace PerfBinding\n{\n    internal static partial class NativeMethods\n    {\n");
            }

            AppendFunction(header, methods!, f, structs);
            if (f % FunctionsPerFile == FunctionsPerFile - 1 || f == functions - 1)
            {
                methods!.Append("    }\n}\n");
                sources.Add(("NativeMethods" + (f / FunctionsPerFile).ToString("D2", CultureInfo.InvariantCulture) + ".cs", methods.ToString()));
            }
        }

        header.Append("\n#endif\n");
        return new GeneratedBinding(functions, header.ToString(), sources);
    }

    private static string Id(int i) => i.ToString("D5", CultureInfo.InvariantCulture);

    private static void AppendStruct(StringBuilder c, StringBuilder cs, int s)
    {
        var name = "pb_rec_" + Id(s);
        c.Append("typedef struct ").Append(name).Append(" {\n    int id;\n");
        cs.Append("    [StructLayout(LayoutKind.Sequential)]\n    internal struct ").Append(name).Append("\n    {\n        public int id;\n");
        switch (s % 4)
        {
            case 0:
                c.Append("    long count;\n    unsigned long flags;\n    size_t length;\n");
                cs.Append("        public CLong count;\n        public CULong flags;\n        public nuint length;\n");
                break;
            case 1:
                c.Append("    int64_t stamp;\n    double ratio;\n    void *data;\n");
                cs.Append("        public long stamp;\n        public double ratio;\n        public IntPtr data;\n");
                break;
            case 2:
                c.Append("    unsigned char kind;\n    const char *name;\n    uint32_t mask;\n    long offset;\n");
                cs.Append("        public byte kind;\n        public IntPtr name;\n        public uint mask;\n        public CLong offset;\n");
                break;
            default:
                c.Append("    short small;\n    float scale;\n    uint64_t total;\n    size_t capacity;\n    int *values;\n");
                cs.Append("        public short small;\n        public float scale;\n        public ulong total;\n        public nuint capacity;\n        public IntPtr values;\n");
                break;
        }

        c.Append("} ").Append(name).Append(";\n\n");
        cs.Append("    }\n\n");
    }

    private static void AppendFunction(StringBuilder c, StringBuilder cs, int f, int structs)
    {
        var name = "pb_fn_" + Id(f);
        var rec = "pb_rec_" + Id(f % structs);
        var callback = "pb_callback_" + (f % CallbackShapes).ToString(CultureInfo.InvariantCulture);
        string cDecl;
        string csDecl;
        switch (f % 8)
        {
            case 0:
                cDecl = "int " + name + "(int value, long count)";
                csDecl = "int " + name + "(int value, CLong count)";
                break;
            case 1:
                cDecl = "unsigned long " + name + "(unsigned long flags, size_t length)";
                csDecl = "CULong " + name + "(CULong flags, nuint length)";
                break;
            case 2:
                cDecl = "size_t " + name + "(const char *text, size_t length)";
                csDecl = "nuint " + name + "([MarshalAs(UnmanagedType.LPUTF8Str)] string text, nuint length)";
                break;
            case 3:
                cDecl = "int64_t " + name + "(" + rec + " *record, int64_t stamp)";
                csDecl = "long " + name + "(ref " + rec + " record, long stamp)";
                break;
            case 4:
                cDecl = "void " + name + "(void *handle, int *result)";
                csDecl = "void " + name + "(IntPtr handle, out int result)";
                break;
            case 5:
                // a borrowed string: the caller reads it, never frees it, so the binding returns the pointer
                cDecl = "const char *" + name + "(const " + rec + " *record)";
                csDecl = "IntPtr " + name + "(in " + rec + " record)";
                break;
            case 6:
                cDecl = "int " + name + "(" + callback + " callback, void *user)";
                csDecl = "int " + name + "(" + callback + " callback, IntPtr user)";
                break;
            default:
                cDecl = "long " + name + "(uint32_t mask, double scale, unsigned char kind, ptrdiff_t delta)";
                csDecl = "CLong " + name + "(uint mask, double scale, byte kind, nint delta)";
                break;
        }

        c.Append(cDecl).Append(";\n");
        cs.Append("        [DllImport(\"").Append(Library).Append("\", ExactSpelling = true)]\n        internal static extern ").Append(csDecl).Append(";\n\n");
    }

    /// <summary>Writes the header, the C# files and a project that builds them (for the <c>dotnet build</c> figures).</summary>
    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        WriteIfChanged(Path.Combine(directory, "perfbind.h"), Header);
        foreach (var (name, text) in Sources)
        {
            WriteIfChanged(Path.Combine(directory, name), text);
        }
    }

    /// <summary>Leaves an unchanged file alone, so a no-change rebuild really sees no change.</summary>
    public static void WriteIfChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            return;
        }

        File.WriteAllText(path, text, new UTF8Encoding(false));
    }
}
