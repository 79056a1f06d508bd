using MetricsServer.Model.Labels;
using MatchType = MetricsServer.Model.Labels.MatchType;
using MetricsServer.Model.Metadata;
using MetricsServer.Model.Storage;
using static MetricsServer.Tsdb.Tests.HeadFixture;

namespace MetricsServer.Tsdb.Tests;

public class HeadAppenderTests
{
    private static readonly LabelSet Up = LabelSet.FromStrings("__name__", "up", "job", "node");

    [Fact]
    public void Append_BeforeCommit_IsNotVisible()
    {
        var head = NewHead();
        var app = head.Appender();
        var r = SeriesRef.None;
        app.Append(ref r, Up, 1000, 1);

        var before = SelectAll(head, Matcher.Equal("__name__", "up"));
        app.Commit();
        var after = SelectAll(head, Matcher.Equal("__name__", "up"));

        Assert.Empty(before);
        Assert.Equal([(1000L, 1.0)], Assert.Single(after).Samples);
    }

    [Fact]
    public void Rollback_DiscardsSamples()
    {
        var head = NewHead();
        Add(head, Up, (1000, 1));
        var app = head.Appender();
        var r = SeriesRef.None;
        Assert.Equal(AppendResult.Ok, app.Append(ref r, Up, 2000, 2));
        app.Rollback();

        Assert.Equal([(1000L, 1.0)], Assert.Single(SelectAll(head, Matcher.Equal("job", "node"))).Samples);
        // The rolled back timestamp is free again.
        var again = head.Appender();
        Assert.Equal(AppendResult.Ok, again.Append(ref r, LabelSet.Empty, 2000, 3));
        again.Commit();
        Assert.Equal([(1000L, 1.0), (2000L, 3.0)], Assert.Single(SelectAll(head, Matcher.Equal("job", "node"))).Samples);
    }

    [Fact]
    public void Append_AfterCommit_Throws()
    {
        var head = NewHead();
        var app = head.Appender();
        app.Commit();
        var r = SeriesRef.None;
        Assert.Throws<InvalidOperationException>(() => app.Append(ref r, Up, 1, 1));
    }

    [Fact]
    public void Append_OutOfOrderSample_ReturnsOutOfOrder()
    {
        var head = NewHead();
        var r = Add(head, Up, (2000, 1));
        var app = head.Appender();

        Assert.Equal(AppendResult.OutOfOrder, app.Append(ref r, LabelSet.Empty, 1000, 1));
    }

    [Fact]
    public void Append_OutOfOrderWithinBatch_ReturnsOutOfOrder()
    {
        var head = NewHead();
        var app = head.Appender();
        var r = SeriesRef.None;
        Assert.Equal(AppendResult.Ok, app.Append(ref r, Up, 2000, 1));

        Assert.Equal(AppendResult.OutOfOrder, app.Append(ref r, Up, 1000, 1));
        Assert.Equal(AppendResult.Duplicate, app.Append(ref r, Up, 2000, 5));
        Assert.Equal(AppendResult.Ok, app.Append(ref r, Up, 2000, 1));
    }

    [Fact]
    public void Append_SameTimestampDifferentValue_ReturnsDuplicate()
    {
        var head = NewHead();
        var r = Add(head, Up, (1000, 1));
        var app = head.Appender();

        Assert.Equal(AppendResult.Duplicate, app.Append(ref r, LabelSet.Empty, 1000, 2));
        Assert.Equal(AppendResult.Ok, app.Append(ref r, LabelSet.Empty, 1000, 1));
        app.Commit();
        Assert.Equal([(1000L, 1.0)], Assert.Single(SelectAll(head, Matcher.Equal("job", "node"))).Samples);
    }

    [Fact]
    public void Append_SameTimestampNaNWithOtherBits_ReturnsDuplicate()
    {
        var head = NewHead();
        var r = Add(head, Up, (1000, double.NaN));
        var app = head.Appender();

        Assert.Equal(AppendResult.Duplicate, app.Append(ref r, LabelSet.Empty, 1000, StaleMarker.Value));
    }

    [Fact]
    public void Append_ByRef_ReusesSeriesAndRefIsStable()
    {
        var head = NewHead();
        var first = Add(head, Up, (1000, 1));
        var second = Add(head, LabelSet.FromStrings("__name__", "up", "job", "other"), (1000, 1));
        var app = head.Appender();
        var cached = first;
        Assert.Equal(AppendResult.Ok, app.Append(ref cached, LabelSet.Empty, 2000, 2));
        var byLabels = SeriesRef.None;
        Assert.Equal(AppendResult.Ok, app.Append(ref byLabels, Up, 3000, 3));
        app.Commit();

        Assert.Equal(1UL, first.Value);
        Assert.Equal(2UL, second.Value);
        Assert.Equal(first, cached);
        Assert.Equal(first, byLabels);
        Assert.Equal(2, head.NumSeries);
        Assert.Equal(3, Assert.Single(SelectAll(head, Matcher.Equal("job", "node"))).Samples.Count);
    }

    [Fact]
    public void Append_UnknownRefWithoutLabels_ReturnsInvalidSeries()
    {
        var head = NewHead();
        var app = head.Appender();
        var r = new SeriesRef(42);

        Assert.Equal(AppendResult.InvalidSeries, app.Append(ref r, LabelSet.Empty, 1, 1));
    }

    [Theory]
    [InlineData("duplicate names", new[] { "a", "1", "a", "2" })]
    [InlineData("empty name", new[] { "", "1" })]
    public void Append_InvalidLabels_ReturnsInvalidSeries(string name, string[] pairs)
    {
        Assert.NotEmpty(name);
        var head = NewHead();
        var labels = LabelSet.FromSorted(Enumerable.Range(0, pairs.Length / 2).Select(i => new Label(pairs[2 * i], pairs[2 * i + 1])).ToArray());
        var app = head.Appender();
        var r = SeriesRef.None;

        Assert.Equal(AppendResult.InvalidSeries, app.Append(ref r, labels, 1, 1));
        Assert.Equal(0, head.NumSeries);
    }

    [Fact]
    public void AppendHistogram_ReturnsUnsupported()
    {
        var head = NewHead();
        var app = head.Appender();
        var r = SeriesRef.None;

        Assert.Equal(AppendResult.Unsupported, app.AppendHistogram(ref r, Up, 1, null!));
    }

    [Fact]
    public void AppendExemplar_ReturnsOk()
    {
        var head = NewHead();
        var app = head.Appender();
        var r = SeriesRef.None;

        Assert.Equal(AppendResult.Ok, app.AppendExemplar(ref r, Up, new Exemplar(LabelSet.FromStrings("trace_id", "x"), 1, 5)));
    }

    [Fact]
    public void UpdateMetadata_OnCommit_KeepsLatest()
    {
        var head = NewHead();
        var app = head.Appender();
        var r = SeriesRef.None;
        app.UpdateMetadata(ref r, Up, new MetricMetadata(MetricType.Gauge, "old", ""));
        app.UpdateMetadata(ref r, Up, new MetricMetadata(MetricType.Gauge, "new", ""));
        Assert.Null(head.GetMetadata(r));
        app.Commit();

        Assert.Equal("new", head.GetMetadata(r)?.Help);
    }

    [Fact]
    public void Append_StaleMarker_RoundTripsBitPattern()
    {
        var head = NewHead();
        Add(head, Up, (1000, 1), (2000, StaleMarker.Value));

        var samples = Assert.Single(SelectAll(head, Matcher.Equal("job", "node"))).Samples;
        Assert.Equal(StaleMarker.Bits, BitConverter.DoubleToUInt64Bits(samples[1].V));
    }

    [Fact]
    public async Task Append_ConcurrentAppendersAndQuerier_AllSamplesLand()
    {
        var head = NewHead();
        const int Series = 50, Samples = 400;
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            var reads = 0;
            do
            {
                using var q = head.Querier(long.MinValue, long.MaxValue);
                var set = q.Select(false, null, new Matcher(MatchType.Regex, "__name__", "m.*"));
                while (set.MoveNext())
                {
                    // A consistent prefix: timestamps strictly increasing, values equal to their index.
                    var it = set.Current.Iterator();
                    var expected = 0L;
                    while (it.Next() == ValueKind.Float)
                    {
                        var (t, v) = it.At();
                        Assert.Equal(expected * 10, t);
                        Assert.Equal(expected, v);
                        expected++;
                    }
                    Assert.Null(it.Error);
                }
                reads++;
            }
            while (!stop.IsCancellationRequested);
            return reads;
        });
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            var refs = new SeriesRef[Series];
            for (var i = 0; i < Samples; i++)
            {
                var app = head.Appender();
                for (var s = 0; s < Series; s++)
                {
                    var labels = LabelSet.FromStrings("__name__", "m" + w, "s", s.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    Assert.Equal(AppendResult.Ok, app.Append(ref refs[s], labels, i * 10L, i));
                }
                app.Commit();
            }
        })).ToArray();
        await Task.WhenAll(writers);
        await stop.CancelAsync();
        Assert.True(await reader > 0);

        var all = SelectAll(head, new Matcher(MatchType.Regex, "__name__", "m.*"));
        Assert.Equal(4 * Series, all.Count);
        Assert.All(all, s => Assert.Equal(Samples, s.Samples.Count));
        Assert.Equal(4 * Series, head.NumSeries);
    }
}
