using System.Globalization;
using BenchmarkDotNet.Attributes;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb;
using Prometheus;

namespace MetricsServer.Benchmarks.Tsdb;

/// <summary>
/// The steady-state scrape path of the head: 100k known series, one sample each per commit, appended by cached ref.
/// Figures are per sample (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class HeadBenchmarks
{
    private const int SeriesCount = 100_000;
    private Head _head = null!;
    private SeriesRef[] _refs = null!;
    private long _t;

    [GlobalSetup]
    public void Setup()
    {
        _head = new Head(HeadOptions.Default, new HeadMetrics(Metrics.NewCustomRegistry()));
        _refs = new SeriesRef[SeriesCount];
        var app = _head.Appender();
        for (var i = 0; i < SeriesCount; i++)
        {
            var labels = LabelSet.FromStrings(
                "__name__", "http_requests_total",
                "job", "api",
                "instance", "10.0.0." + (i % 250).ToString(CultureInfo.InvariantCulture) + ":9100",
                "path", "/p" + (i / 250).ToString(CultureInfo.InvariantCulture));
            app.Append(ref _refs[i], labels, 0, i);
        }
        app.Commit();
        _t = 0;
    }

    [Benchmark(OperationsPerInvoke = SeriesCount)]
    public void AppendByRef()
    {
        _t += 15_000;
        var app = _head.Appender();
        var refs = _refs;
        for (var i = 0; i < refs.Length; i++) app.Append(ref refs[i], LabelSet.Empty, _t, i + _t);
        app.Commit();
    }
}
