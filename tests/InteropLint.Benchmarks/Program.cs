using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/InteropLint.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(InteropLint.Benchmarks.StrlenInLoop).Assembly).Run(args);
