using BenchmarkDotNet.Attributes;
using MetricsServer.Query.Ast;
using MetricsServer.Query.Parsing;

namespace MetricsServer.Benchmarks.Query;

/// <summary>Parsing (and type-checking) typical dashboard expressions, and printing one back in canonical form.</summary>
[MemoryDiagnoser]
public class PromQLParserBenchmarks
{
    private const string Dashboard =
        "histogram_quantile(0.99, sum by (le, handler) (rate(http_request_duration_seconds_bucket{job=\"api\", code=~\"5..\"}[5m])))";

    private const string ErrorRatio =
        "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m])) / on(job) group_left sum by (job) (rate(http_requests_total[5m])) > bool 0.01";

    private Expr _parsed = null!;
    private string _dashboard = string.Empty;
    private string _errorRatio = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _dashboard = Dashboard;
        _errorRatio = ErrorRatio;
        _parsed = PromQLParser.Parse(Dashboard);
    }

    [Benchmark(Baseline = true)]
    public Expr ParseHistogramQuantile() => PromQLParser.Parse(_dashboard);

    [Benchmark]
    public Expr ParseErrorRatio() => PromQLParser.Parse(_errorRatio);

    [Benchmark]
    public string PrintHistogramQuantile() => _parsed.ToString();
}
