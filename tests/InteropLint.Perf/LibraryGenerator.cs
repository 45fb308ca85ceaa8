using System.Globalization;
using System.Text;

namespace InteropLint.Perf;

/// <summary>
/// A binding *library* the way real ones look (issue 19): the generated binding's P/Invokes and structs, and around
/// them classes with bodies — wrappers that call the P/Invokes, SafeHandles, <c>Marshal.*</c> buffers freed in
/// <c>finally</c>, <c>GCHandle</c>s, loops over strings, LINQ, async wrappers — plus the managed code such a library
/// mostly consists of (validation, formatting, caching). About 100 lines per P/Invoke: 400 P/Invokes make ~40k
/// lines. The library is correct, so what the analyzers cost is the cost of looking, not of reporting.
/// </summary>
public static class LibraryGenerator
{
    /// <summary>Wrapped functions per C# file (one class per file, as libraries split by area).</summary>
    private const int FunctionsPerClass = 10;

    public static GeneratedBinding Create(int functions)
    {
        var binding = GeneratedBinding.Create(functions);
        var sources = binding.Sources.ToList();
        sources.Add(("Support.cs", Support));
        for (var start = 0; start < functions; start += FunctionsPerClass)
        {
            var index = start / FunctionsPerClass;
            var text = new StringBuilder(FunctionsPerClass * 5000);
            text.Append("using System;\nusing System.Collections.Generic;\nusing System.Globalization;\nusing System.Linq;\nusing System.Runtime.InteropServices;\n")
                .Append("using System.Text;\nusing System.Threading;\nusing System.Threading.Tasks;\n\nnamespace PerfBinding\n{\n")
                .Append("    public sealed partial class Area").Append(Id(index)).Append(" : IDisposable\n    {\n")
                .Append("        private readonly Dictionary<string, long> _cache = new Dictionary<string, long>(StringComparer.Ordinal);\n")
                .Append("        private readonly List<string> _log = new List<string>();\n        private bool _disposed;\n\n");
            for (var f = start; f < Math.Min(functions, start + FunctionsPerClass); f++)
            {
                AppendWrapper(text, f, GeneratedBinding.StructCount(functions));
                AppendManaged(text, f);
            }

            text.Append("        public void Dispose()\n        {\n            _disposed = true;\n            _cache.Clear();\n            _log.Clear();\n        }\n\n")
                .Append("        private void ThrowIfDisposed()\n        {\n            if (_disposed)\n            {\n                throw new ObjectDisposedException(GetType().Name);\n            }\n        }\n    }\n}\n");
            sources.Add(("Area" + Id(index) + ".cs", text.ToString()));
        }

        return binding.WithSources(sources);
    }

    public static int Lines(GeneratedBinding library) => library.Sources.Sum(s => s.Text.Count(c => c == '\n'));

    private static string Id(int i) => i.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>The wrapper of P/Invoke <paramref name="f"/>, in the style its C shape calls for (see GeneratedBinding).</summary>
    private static void AppendWrapper(StringBuilder cs, int f, int structs)
    {
        var fn = "NativeMethods.pb_fn_" + Id(f);
        var rec = "pb_rec_" + Id(f % structs);
        var n = Id(f);
        switch (f % 8)
        {
            case 0: // int (int, long): a loop of calls, an argument check
                cs.Append($@"        public int Call{n}(int value, long count)
        {{
            ThrowIfDisposed();
            if (value < 0)
            {{
                throw new ArgumentOutOfRangeException(nameof(value), value, ""must not be negative"");
            }}

            var total = 0;
            for (var i = 0; i < 4; i++)
            {{
                total += {fn}(value + i, new CLong(checked((nint)count)));
            }}

            return total;
        }}

");
                break;
            case 1: // unsigned long (unsigned long, size_t): through a SafeHandle'd native buffer
                cs.Append($@"        public ulong Call{n}(ulong flags, int length)
        {{
            using var buffer = new NativeBuffer(length);
            var result = {fn}(new CULong(checked((nuint)flags)), (nuint)buffer.Length);
            return result.Value;
        }}

");
                break;
            case 2: // size_t (const char*, size_t): a loop over strings, and LINQ
                cs.Append($@"        public long Call{n}(IEnumerable<string> names)
        {{
            long total = 0;
            foreach (var name in names)
            {{
                total += (long){fn}(name, (nuint)name.Length);
            }}

            return total;
        }}

        public long Measure{n}(IReadOnlyList<string> names) =>
            names.Where(name => !string.IsNullOrEmpty(name))
                 .Select(name => (long){fn}(name, (nuint)Encoding.UTF8.GetByteCount(name)))
                 .Sum();

");
                break;
            case 3: // int64_t (T*, int64_t): a struct by ref, try/finally
                cs.Append($@"        public long Call{n}(int id, long stamp)
        {{
            var record = new {rec} {{ id = id }};
            try
            {{
                return {fn}(ref record, stamp);
            }}
            finally
            {{
                _log.Add(""record "" + record.id.ToString(CultureInfo.InvariantCulture));
            }}
        }}

");
                break;
            case 4: // void (void*, int*): a native buffer freed in finally
                cs.Append($@"        public int Call{n}(int size)
        {{
            var memory = Marshal.AllocHGlobal(size);
            try
            {{
                {fn}(memory, out var result);
                return result;
            }}
            finally
            {{
                Marshal.FreeHGlobal(memory);
            }}
        }}

");
                break;
            case 5: // const char* (const T*): a borrowed string read, never freed
                cs.Append($@"        public string Call{n}(int id)
        {{
            var record = new {rec} {{ id = id }};
            var text = {fn}(in record);
            return Marshal.PtrToStringUTF8(text) ?? string.Empty;
        }}

");
                break;
            case 6: // int (callback, void*): a delegate kept alive, the state behind a GCHandle
                cs.Append($@"        private static readonly pb_callback_{f % 4} Callback{n} = OnValue{n};

        public int Call{n}(object state)
        {{
            var handle = GCHandle.Alloc(state);
            try
            {{
                return {fn}(Callback{n}, GCHandle.ToIntPtr(handle));
            }}
            finally
            {{
                handle.Free();
            }}
        }}

        private static int OnValue{n}(IntPtr user, CLong value, nuint length) =>
            GCHandle.FromIntPtr(user).Target is null ? -1 : (int)(value.Value + (nint)length);

");
                break;
            default: // long (uint32_t, double, unsigned char, ptrdiff_t): async wrappers
                cs.Append($@"        public Task<long> Call{n}Async(uint mask, double scale, CancellationToken cancellationToken = default) =>
            Task.Run(() => (long){fn}(mask, scale, 1, 0).Value, cancellationToken);

        public async Task<long> Sum{n}Async(IEnumerable<uint> masks, CancellationToken cancellationToken = default)
        {{
            long sum = 0;
            foreach (var mask in masks)
            {{
                sum += await Call{n}Async(mask, 1.0, cancellationToken).ConfigureAwait(false);
            }}

            return sum;
        }}

");
                break;
        }
    }

    /// <summary>The managed code around each wrapper: most of a real library's lines, with no interop in them.</summary>
    private static void AppendManaged(StringBuilder cs, int f)
    {
        var n = Id(f);
        cs.Append($@"        public string Describe{n}(IReadOnlyDictionary<string, int> options)
        {{
            var text = new StringBuilder();
            text.Append(""Area{n}("");
            var first = true;
            foreach (var pair in options.OrderBy(p => p.Key, StringComparer.Ordinal))
            {{
                if (!first)
                {{
                    text.Append("", "");
                }}

                first = false;
                text.Append(pair.Key).Append('=').Append(pair.Value.ToString(CultureInfo.InvariantCulture));
            }}

            return text.Append(')').ToString();
        }}

        public long Cached{n}(string key, Func<string, long> compute)
        {{
            if (key is null)
            {{
                throw new ArgumentNullException(nameof(key));
            }}

            lock (_cache)
            {{
                if (_cache.TryGetValue(key, out var known))
                {{
                    return known;
                }}

                var value = compute(key);
                _cache[key] = value;
                return value;
            }}
        }}

        public static int Classify{n}(int code) => code switch
        {{
            < 0 => -1,
            0 => 0,
            < 100 => 1,
            < 1000 => 2,
            _ => 3,
        }};

        public IReadOnlyList<(string Name, int Count)> Summarize{n}(IEnumerable<string> words) =>
            words.GroupBy(w => w.ToUpperInvariant())
                 .Select(g => (g.Key, g.Count()))
                 .OrderByDescending(p => p.Item2)
                 .ThenBy(p => p.Key, StringComparer.Ordinal)
                 .Take(10)
                 .ToList();

        public static IEnumerable<int> Window{n}(IReadOnlyList<int> values, int size)
        {{
            for (var i = 0; i + size <= values.Count; i++)
            {{
                var sum = 0;
                for (var j = i; j < i + size; j++)
                {{
                    sum += values[j];
                }}

                yield return sum / size;
            }}
        }}

        public bool TryParse{n}(string text, out int value)
        {{
            try
            {{
                value = int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
                return true;
            }}
            catch (FormatException)
            {{
                _log.Add(""not a number: "" + text);
                value = 0;
                return false;
            }}
        }}

");
    }

    private const string Support = @"using System;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PerfBinding
{
    /// <summary>A native buffer owned by a SafeHandle.</summary>
    public sealed class NativeBuffer : SafeHandleZeroOrMinusOneIsInvalid
    {
        public NativeBuffer(int length)
            : base(true)
        {
            Length = length;
            SetHandle(Marshal.AllocHGlobal(length));
        }

        public int Length { get; }

        protected override bool ReleaseHandle()
        {
            Marshal.FreeHGlobal(handle);
            return true;
        }
    }
}
";
}
