using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace InteropLint.Benchmarks;

// Each benchmark runs a loop of 1000 calls; figures are per call (OperationsPerInvoke). "Original" is the loop ILNT004
// reports; "Fixed" is what its fix writes. ShortRun: 1 launch, 3 warm-ups, 3 iterations — enough for differences of
// this size on a shared machine; use --job default for tighter intervals.

/// <summary>glibc <c>strlen</c> with a loop-invariant string variable: the marshaller encodes and copies it per call.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class StrlenInLoop
{
    private const int Calls = 1000;
    private string _text = "";

    /// <summary>Characters in the string: a short name and a 10 KB document.</summary>
    [Params(12, 10 * 1024)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = new string('x', Length);
        if (Original() != Fixed())
        {
            throw new InvalidOperationException("the fixed loop must compute what the original computes");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public nuint Original()
    {
        var text = _text;
        nuint total = 0;
        for (var i = 0; i < Calls; i++)
        {
            total += Libc.strlen(text);
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public nuint Fixed()
    {
        var text = _text;
        nuint total = 0;
        IntPtr textUtf8 = Marshal.StringToCoTaskMemUTF8(text);
        try
        {
            for (var i = 0; i < Calls; i++)
            {
                total += Libc.strlen(textUtf8);
            }
        }
        finally
        {
            Marshal.FreeCoTaskMem(textUtf8);
        }

        return total;
    }
}

/// <summary>glibc <c>strlen</c> with a literal: the fix passes <c>"…\0"u8</c>, encoded by the compiler.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class StrlenLiteralInLoop
{
    private const int Calls = 1000;

    [GlobalSetup]
    public void Setup()
    {
        if (Original() != Fixed())
        {
            throw new InvalidOperationException("the fixed loop must compute what the original computes");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public nuint Original()
    {
        nuint total = 0;
        for (var i = 0; i < Calls; i++)
        {
            total += Libc.strlen("hello, world");
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public nuint Fixed()
    {
        nuint total = 0;
        for (var i = 0; i < Calls; i++)
        {
            total += Libc.strlen(in MemoryMarshal.GetReference("hello, world\0"u8));
        }

        return total;
    }
}

/// <summary>native/'s <c>demo_person_init</c> (reads the whole name, copies 15 bytes) with a loop-invariant name.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class DemoPersonInitInLoop
{
    private const int Calls = 1000;
    private string _name = "";

    [Params(12, 10 * 1024)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _name = new string('n', Length);
        if (Original() != Fixed())
        {
            throw new InvalidOperationException("the fixed loop must compute what the original computes");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public int Original()
    {
        var name = _name;
        var sum = 0;
        for (var i = 0; i < Calls; i++)
        {
            Demo.demo_person_init(out var person, name, i, 0);
            sum += person.Home.X;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public int Fixed()
    {
        var name = _name;
        var sum = 0;
        IntPtr nameUtf8 = Marshal.StringToCoTaskMemUTF8(name);
        try
        {
            for (var i = 0; i < Calls; i++)
            {
                Demo.demo_person_init(out var person, nameUtf8, i, 0);
                sum += person.Home.X;
            }
        }
        finally
        {
            Marshal.FreeCoTaskMem(nameUtf8);
        }

        return sum;
    }
}

/// <summary><c>demo_person_init</c> with a literal name, fixed to a UTF-8 literal.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class DemoPersonInitLiteralInLoop
{
    private const int Calls = 1000;

    [GlobalSetup]
    public void Setup()
    {
        if (Original() != Fixed())
        {
            throw new InvalidOperationException("the fixed loop must compute what the original computes");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public int Original()
    {
        var sum = 0;
        for (var i = 0; i < Calls; i++)
        {
            Demo.demo_person_init(out var person, "Ada Lovelace", i, 0);
            sum += person.Home.X;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public int Fixed()
    {
        var sum = 0;
        for (var i = 0; i < Calls; i++)
        {
            Demo.demo_person_init(out var person, in MemoryMarshal.GetReference("Ada Lovelace\0"u8), i, 0);
            sum += person.Home.X;
        }

        return sum;
    }
}
