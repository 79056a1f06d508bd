using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using Prometheus;
using static MetricsServer.Tsdb.Tests.HeadFixture;

namespace MetricsServer.Tsdb.Tests;

public class HeadTests
{
    [Fact]
    public void Truncate_DropsOldChunksAndEmptySeries_KeepsPostingsConsistent()
    {
        var head = NewHead(HeadOptions.Default with { SamplesPerChunk = 5 });
        var old = LabelSet.FromStrings("__name__", "old", "job", "gone");
        var live = LabelSet.FromStrings("__name__", "live", "job", "here");
        Add(head, old, (10, 1), (20, 2));
        var liveRef = Add(head, live, Enumerable.Range(0, 12).Select(i => (i * 10L, (double)i)).ToArray());

        head.Truncate(55);

        Assert.Equal(1, head.NumSeries);
        Assert.Empty(SelectAll(head, Matcher.Equal("__name__", "old")));
        using var q = head.Querier(long.MinValue, long.MaxValue);
        Assert.Equal(["here"], q.LabelValues("job"));
        Assert.DoesNotContain("old", q.LabelValues("__name__"));
        // The chunk [0, 40] went; [50, 90] and the open one stay.
        var samples = Assert.Single(SelectAll(head, Matcher.Equal("__name__", "live"))).Samples;
        Assert.Equal(50, samples[0].T);
        Assert.Equal(7, samples.Count);
        Assert.Equal(50, head.MinTime);
        Assert.Equal(110, head.MaxTime);
        Assert.Equal(liveRef, Add(head, live, (120, 1)));
    }

    [Fact]
    public void Truncate_ThenAppendOlderSample_ReturnsOutOfBounds()
    {
        var head = NewHead();
        var r = Add(head, LabelSet.FromStrings("__name__", "a"), (100, 1));
        head.Truncate(50);
        var app = head.Appender();
        var fresh = SeriesRef.None;

        Assert.Equal(AppendResult.OutOfBounds, app.Append(ref fresh, LabelSet.FromStrings("__name__", "b"), 40, 1));
        Assert.Equal(AppendResult.Ok, app.Append(ref r, LabelSet.Empty, 200, 1));
    }

    [Fact]
    public void Truncate_SeriesRemoved_CachedRefWithLabelsCreatesNewSeries()
    {
        var head = NewHead();
        var labels = LabelSet.FromStrings("__name__", "a");
        var r = Add(head, labels, (10, 1));
        head.Truncate(100);
        var app = head.Appender();
        var cached = r;

        Assert.Equal(AppendResult.Ok, app.Append(ref cached, labels, 200, 2));
        app.Commit();
        Assert.NotEqual(r, cached);
        Assert.Equal([(200L, 2.0)], Assert.Single(SelectAll(head, Matcher.Equal("__name__", "a"))).Samples);
    }

    [Fact]
    public void Truncate_PendingSeries_IsKept()
    {
        var head = NewHead();
        var app = head.Appender();
        var r = SeriesRef.None;
        app.Append(ref r, LabelSet.FromStrings("__name__", "a"), 200, 1);
        head.Truncate(100);
        app.Commit();

        Assert.Equal(1, head.NumSeries);
        Assert.Single(SelectAll(head, Matcher.Equal("__name__", "a")));
    }

    [Fact]
    public void Metrics_AfterAppends_HavePrometheusNamesAndValues()
    {
        var head = NewHead(out var registry, HeadOptions.Default with { SamplesPerChunk = 2 });
        var a = Add(head, LabelSet.FromStrings("__name__", "a"), (1000, 1), (2000, 2), (3000, 3));
        Add(head, LabelSet.FromStrings("__name__", "b"), (500, 1));
        var app = head.Appender();
        app.Append(ref a, LabelSet.Empty, 1, 1);
        app.Commit();

        var text = Export(registry);
        Assert.Contains("prometheus_tsdb_head_series 2", text, StringComparison.Ordinal);
        Assert.Contains("prometheus_tsdb_head_series_created_total 2", text, StringComparison.Ordinal);
        Assert.Contains("prometheus_tsdb_head_samples_appended_total{type=\"float\"} 4", text, StringComparison.Ordinal);
        Assert.Contains("prometheus_tsdb_out_of_order_samples_total{type=\"float\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("prometheus_tsdb_head_chunks 3", text, StringComparison.Ordinal);
        Assert.Contains("prometheus_tsdb_head_min_time 500", text, StringComparison.Ordinal);
        Assert.Contains("prometheus_tsdb_head_max_time 3000", text, StringComparison.Ordinal);
        Assert.Equal(500, head.MinTime);
        Assert.Equal(3000, head.MaxTime);
    }

    [Fact]
    public void Constructor_StripeSizeNotPowerOfTwo_Throws()
    {
        Assert.Throws<ArgumentException>(() => NewHead(HeadOptions.Default with { StripeSize = 1000 }));
    }

    private static string Export(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
