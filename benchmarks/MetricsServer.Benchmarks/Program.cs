using BenchmarkDotNet.Running;

namespace MetricsServer.Benchmarks;

/// <summary>Runs the benchmarks named on the command line: <c>dotnet run -c Release -- --filter '*Parse*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
