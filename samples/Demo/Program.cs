using System;
using System.Runtime.InteropServices;
using static DemoSample.DemoNative;

namespace DemoSample;

// Calls libinteropdemo and prints what it reads back next to the value it should be, computed
// here in C# from the header's documented behaviour. Exit code 0 only when every check holds.
internal static unsafe class Program
{
    private static int failures;

    // C long is 8 bytes on LP64 (Linux, macOS), 4 on Windows: the right answers depend on it.
    private static readonly bool LongIs64Bits = sizeof(CLong) == 8;

    private static int Main()
    {
        Console.WriteLine($"{Marshal.PtrToStringUTF8(demo_version())}, {RuntimeInformation.RuntimeIdentifier}");

        ShoutNames();
        ReadRecordTable();
        CountEvenNumbers();
        AddAndChecksum();

        // Last: every string the library handed out should have gone back by now.
        long live = (long)demo_live_allocations().Value;
        Report("live allocations", live, 0);

        Console.WriteLine(failures == 0 ? "result: OK" : $"result: FAILED ({failures} wrong)");
        return failures == 0 ? 0 : 1;
    }

    // ILNT002: the caller owns demo_strdup_upper's result; nothing frees it.
    private static void ShoutNames()
    {
        foreach (string name in new[] { "alice", "bob", "carol" })
        {
            IntPtr upper = demo_strdup_upper(name);
            Console.WriteLine($"shout: {name} -> {Marshal.PtrToStringUTF8(upper)}");
        }
    }

    // ILNT003 (and ILNT001/ILNT008 per field): the C# struct is not C's demo_record.
    private static void ReadRecordTable()
    {
        IntPtr table = demo_record_table(out uint count);
        int stride = Marshal.SizeOf<DemoRecord>();
        Report("demo_record size (C vs C#)", stride, (long)demo_record_size());
        for (int i = 0; i < count; i++)
        {
            DemoRecord record = Marshal.PtrToStructure<DemoRecord>(table + i * stride);
            long id = i + 1;
            Report($"record[{i}].id", record.Id, id);
            Report($"record[{i}].length", record.Length, 42 * id);
            Report($"record[{i}].count", record.Count, LongIs64Bits ? (1L << 33) + id : id);
        }
    }

    // ILNT008: C bool is one byte; the default marshalling reads four.
    private static void CountEvenNumbers()
    {
        int even = 0;
        for (int i = 1; i <= 10; i++)
        {
            if (demo_is_even(i))
            {
                even++;
            }
        }
        Report("even numbers in 1..10", even, 5);
    }

    // ILNT001: C long and unsigned long are 8 bytes on LP64, size_t is pointer-sized.
    private static void AddAndChecksum()
    {
        long sum = (long)int.MaxValue + 1;
        Report("demo_add_long(2147483647, 1)", demo_add_long(int.MaxValue, 1), LongIs64Bits ? sum : (int)sum);

        var data = new byte[64 * 1024];
        ulong expected = 0;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i * 31 + 7);
            expected += data[i] * (ulong)(i + 1);
        }
        fixed (byte* bytes = data)
        {
            Report("demo_checksum(64 KiB)", demo_checksum(bytes, (uint)data.Length),
                LongIs64Bits ? (long)expected : (uint)expected);
        }
    }

    private static void Report(string what, long actual, long expected)
    {
        bool right = actual == expected;
        if (!right)
        {
            failures++;
        }
        Console.WriteLine($"{what}: {actual}{(right ? "" : $" WRONG, expected {expected}")}");
    }
}
