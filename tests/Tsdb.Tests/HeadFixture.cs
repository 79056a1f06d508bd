using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using Prometheus;

namespace MetricsServer.Tsdb.Tests;

/// <summary>Builds heads with their own metrics registry, and reads samples back.</summary>
internal static class HeadFixture
{
    public static Head NewHead(out CollectorRegistry registry, HeadOptions? options = null)
    {
        registry = Metrics.NewCustomRegistry();
        return new Head(options ?? HeadOptions.Default, new HeadMetrics(registry));
    }

    public static Head NewHead(HeadOptions? options = null) => NewHead(out _, options);

    public static SeriesRef Add(Head head, LabelSet labels, params (long T, double V)[] samples)
    {
        var app = head.Appender();
        var r = SeriesRef.None;
        foreach (var (t, v) in samples) Assert.Equal(AppendResult.Ok, app.Append(ref r, labels, t, v));
        app.Commit();
        return r;
    }

    public static List<(long T, double V)> Samples(ISeries series)
    {
        var result = new List<(long, double)>();
        var it = series.Iterator();
        while (it.Next() == ValueKind.Float) result.Add(it.At());
        Assert.Null(it.Error);
        return result;
    }

    public static List<(LabelSet Labels, List<(long T, double V)> Samples)> Select(IQuerier q, bool sort, params Matcher[] matchers)
    {
        var set = q.Select(sort, null, matchers);
        var result = new List<(LabelSet, List<(long, double)>)>();
        while (set.MoveNext()) result.Add((set.Current.Labels, Samples(set.Current)));
        Assert.Null(set.Error);
        return result;
    }

    public static List<(LabelSet Labels, List<(long T, double V)> Samples)> SelectAll(Head head, params Matcher[] matchers)
    {
        using var q = head.Querier(long.MinValue, long.MaxValue);
        return Select(q, true, matchers);
    }
}
