using System.Globalization;
using BenchmarkDotNet.Attributes;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb;
using Prometheus;

namespace MetricsServer.Benchmarks.Tsdb;

/// <summary>
/// Bytes of managed heap per active series after 100k series × 120 samples (one full chunk each), measured with
/// <see cref="GC.GetTotalMemory(bool)"/> around building the head. The figure is printed by the global setup; the
/// benchmark itself times a full select over one metric name.
/// </summary>
[MemoryDiagnoser]
public class HeadFootprint
{
    private const int SeriesCount = 100_000;
    private const int SamplesPerSeries = 120;
    private Head _head = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Measured from before the labels exist: the head keeps (interned copies of) them, the caller's sets are dropped.
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var labels = new LabelSet[SeriesCount];
        for (var i = 0; i < SeriesCount; i++)
        {
            labels[i] = LabelSet.FromStrings(
                "__name__", "http_requests_total",
                "job", "api",
                "instance", "10.0.0." + (i % 250).ToString(CultureInfo.InvariantCulture) + ":9100",
                "path", "/p" + (i / 250).ToString(CultureInfo.InvariantCulture));
        }
        _head = Build(labels);
        labels = null!;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// HeadFootprint: {(after - before) / (double)SeriesCount:F0} bytes per series ({SeriesCount} series x {SamplesPerSeries} samples, labels included)"));
    }

    private static Head Build(LabelSet[] labels)
    {
        var head = new Head(HeadOptions.Default, new HeadMetrics(Metrics.NewCustomRegistry()));
        var refs = new SeriesRef[labels.Length];
        var random = new Random(42);
        var values = new double[labels.Length];
        for (var s = 0; s < SamplesPerSeries; s++)
        {
            var app = head.Appender();
            for (var i = 0; i < labels.Length; i++)
            {
                // Counters with realistic increments and a little scrape jitter.
                values[i] += random.Next(0, 50);
                app.Append(ref refs[i], labels[i], s * 15_000L + random.Next(0, 3), values[i]);
            }
            app.Commit();
        }
        return head;
    }

    [Benchmark]
    public int SelectOnePath()
    {
        using var q = _head.Querier(0, long.MaxValue);
        var set = q.Select(false, null, Matcher.Equal("path", "/p7"));
        var n = 0;
        ISampleIterator? it = null;
        while (set.MoveNext())
        {
            it = set.Current.Iterator(it);
            while (it.Next() == ValueKind.Float) n++;
        }
        return n;
    }
}
