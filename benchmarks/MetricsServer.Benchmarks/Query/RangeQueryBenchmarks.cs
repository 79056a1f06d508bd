using BenchmarkDotNet.Attributes;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Query.Ast;
using MetricsServer.Query.Engine;
using MetricsServer.Query.Parsing;
using MetricsServer.Tsdb;
using Prometheus;

namespace MetricsServer.Benchmarks.Query;

/// <summary>
/// Range queries as a dashboard sends them: 2,000 counter series (20 pods × 10 codes × 10 handlers) scraped every
/// 15 s for 1 h, queried over that hour at a 15 s step (241 steps). The per-step cost of selecting, rating and
/// aggregating is what the rig's range queries spend their time on.
/// </summary>
[MemoryDiagnoser]
public class RangeQueryBenchmarks
{
    private const long HourMs = 3_600_000;
    private const long ScrapeMs = 15_000;

    private Head _head = null!;
    private PromQLEngine _engine = null!;
    private Expr _sumByCode = null!;
    private Expr _rate = null!;
    private Expr _ratio = null!;

    [GlobalSetup]
    public void Setup()
    {
        _head = new Head(HeadOptions.Default, new HeadMetrics(Metrics.NewCustomRegistry()));
        var app = _head.Appender();
        var refs = new SeriesRef[2000];
        var labels = new LabelSet[2000];
        var i = 0;
        for (var pod = 0; pod < 20; pod++)
        {
            for (var code = 0; code < 10; code++)
            {
                for (var handler = 0; handler < 10; handler++)
                {
                    labels[i++] = LabelSet.FromStrings("__name__", "http_requests_total", "code", (200 + code * 50).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        "handler", "/h" + handler, "pod", "pod-" + pod);
                }
            }
        }
        for (var t = 0L; t <= HourMs; t += ScrapeMs)
        {
            for (var s = 0; s < labels.Length; s++) app.Append(ref refs[s], labels[s], t, t / 1000.0 * (1 + s % 7));
        }
        app.Commit();
        _engine = new PromQLEngine(new EngineOptions());
        _sumByCode = PromQLParser.Parse("sum by (code) (rate(http_requests_total[1m]))");
        _rate = PromQLParser.Parse("rate(http_requests_total{handler=\"/h1\"}[1m])");
        _ratio = PromQLParser.Parse("sum by (pod) (rate(http_requests_total{code=~\"5..\"}[1m])) / sum by (pod) (rate(http_requests_total[1m]))");
    }

    [Benchmark(Baseline = true)]
    public QueryResult SumByCodeOfRate() => _engine.Range(_head, _sumByCode, 0, HourMs, ScrapeMs, CancellationToken.None);

    [Benchmark]
    public QueryResult RateOf200Series() => _engine.Range(_head, _rate, 0, HourMs, ScrapeMs, CancellationToken.None);

    [Benchmark]
    public QueryResult ErrorRatioByPod() => _engine.Range(_head, _ratio, 0, HourMs, ScrapeMs, CancellationToken.None);
}
