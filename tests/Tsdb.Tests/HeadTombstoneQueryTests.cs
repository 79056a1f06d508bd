using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using static MetricsServer.Tsdb.Tests.HeadFixture;

namespace MetricsServer.Tsdb.Tests;

/// <summary>Head queries leave out deleted intervals, as Prometheus's head reader does.</summary>
public class HeadTombstoneQueryTests
{
    private static readonly LabelSet A = LabelSet.FromStrings("__name__", "m", "s", "a");
    private static readonly LabelSet B = LabelSet.FromStrings("__name__", "m", "s", "b");

    /// <summary>A head with series a and b holding t = 0, 10, ..., 10*(n-1) (a: value t, b: value -t); 500 samples span several chunks.</summary>
    private static (Head Head, ulong RefA) Populated(int n = 500)
    {
        var head = NewHead();
        var app = head.Appender();
        SeriesRef ra = default, rb = default;
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(AppendResult.Ok, app.Append(ref ra, A, i * 10, i * 10));
            Assert.Equal(AppendResult.Ok, app.Append(ref rb, B, i * 10, -i * 10));
        }
        app.Commit();
        return (head, ra.Value);
    }

    private static List<long> Expected(int n, Func<long, bool> deleted, long min = long.MinValue, long max = long.MaxValue)
    {
        var result = new List<long>();
        for (var i = 0; i < n; i++)
        {
            long t = i * 10;
            if (t >= min && t <= max && !deleted(t)) result.Add(t);
        }
        return result;
    }

    private static List<long> Timestamps(Head head, LabelSet labels, long min = long.MinValue, long max = long.MaxValue)
    {
        using var q = head.Querier(min, max);
        var selected = Select(q, true, Matcher.Equal("s", labels.Get("s")));
        return selected.Count == 0 ? [] : [.. selected[0].Samples.Select(s => s.T)];
    }

    /// <summary>Deleted intervals as flat pairs: min, max, min, max, ...</summary>
    public static TheoryData<string, long[]> IntervalCases => new()
    {
        { "one sample", [100, 100] },
        { "inside one chunk", [105, 300] },
        { "across chunk boundaries, whole chunks inside", [1000, 3500] },
        { "several intervals", [0, 50, 700, 900, 4000, 4100] },
        { "everything from a point on", [2000, long.MaxValue] },
        { "everything up to a point", [long.MinValue, 1234] },
        { "adjacent intervals", [100, 199, 200, 299] },
    };

    [Theory]
    [MemberData(nameof(IntervalCases))]
    public void Select_DeletedIntervals_AreLeftOutOfThatSeriesOnly(string name, long[] pairs)
    {
        Assert.NotEmpty(name);
        var intervals = pairs.Chunk(2).Select(p => (Min: p[0], Max: p[1])).ToArray();
        var (head, refA) = Populated();
        foreach (var (min, max) in intervals) head.Tombstones.Add(refA, min, max);
        bool Deleted(long t) => intervals.Any(i => t >= i.Min && t <= i.Max);

        Assert.Equal(Expected(500, Deleted), Timestamps(head, A));
        Assert.Equal(Expected(500, _ => false), Timestamps(head, B));
        // Clipped to a query range as well.
        Assert.Equal(Expected(500, Deleted, 55, 3333), Timestamps(head, A, 55, 3333));
    }

    [Fact]
    public void Select_SeriesWithEverySampleInRangeDeleted_IsNotSelected()
    {
        var (head, refA) = Populated();
        head.Tombstones.Add(refA, 1000, 2000);

        using (var q = head.Querier(1000, 2000))
        {
            var selected = Select(q, true, Matcher.Equal("__name__", "m"));
            Assert.Equal([B], selected.Select(s => s.Labels));
        }
        // Outside the deleted interval the series is still there.
        using (var q = head.Querier(900, 2000))
        {
            var selected = Select(q, true, Matcher.Equal("__name__", "m"));
            Assert.Equal([A, B], selected.Select(s => s.Labels));
            Assert.Equal(Enumerable.Range(90, 10).Select(i => (i * 10L, i * 10.0)), selected[0].Samples);
        }
    }

    [Fact]
    public void Select_SeriesDeletedEntirely_IsNotSelected()
    {
        var (head, refA) = Populated();
        head.Tombstones.Add(refA, long.MinValue, long.MaxValue);

        Assert.Equal([B], SelectAll(head, Matcher.Equal("__name__", "m")).Select(s => s.Labels));
    }

    [Fact]
    public void Seek_IntoDeletedInterval_LandsOnFirstSampleAfterIt()
    {
        var (head, refA) = Populated();
        head.Tombstones.Add(refA, 1000, 2500);
        using var q = head.Querier(long.MinValue, long.MaxValue);
        var set = q.Select(false, null, Matcher.Equal("s", "a"));
        Assert.True(set.MoveNext());
        var it = set.Current.Iterator();

        Assert.Equal(ValueKind.Float, it.Seek(995));
        Assert.Equal(2510, it.AtTimestamp());
        Assert.Equal(ValueKind.Float, it.Next());
        Assert.Equal(2520, it.AtTimestamp());
        Assert.Equal(ValueKind.Float, it.Seek(2520));
        Assert.Equal(2520, it.AtTimestamp());
    }

    [Fact]
    public void Seek_IntoIntervalDeletedToTheEnd_EndsTheSeries()
    {
        var (head, refA) = Populated();
        head.Tombstones.Add(refA, 3000, long.MaxValue);
        using var q = head.Querier(long.MinValue, long.MaxValue);
        var set = q.Select(false, null, Matcher.Equal("s", "a"));
        Assert.True(set.MoveNext());
        var it = set.Current.Iterator();

        Assert.Equal(ValueKind.Float, it.Seek(2990));
        Assert.Equal(2990, it.AtTimestamp());
        Assert.Equal(ValueKind.None, it.Next());
        Assert.Null(it.Error);
    }

    [Fact]
    public void Select_DeleteAfterSelect_DoesNotChangeTheSelectedSeries()
    {
        var (head, refA) = Populated();
        using var q = head.Querier(long.MinValue, long.MaxValue);
        var set = q.Select(false, null, Matcher.Equal("s", "a"));
        Assert.True(set.MoveNext());

        head.Tombstones.Add(refA, 0, 1000);

        Assert.Equal(500, Samples(set.Current).Count);
        Assert.Equal(399, Timestamps(head, A).Count);
    }

    [Fact]
    public void Iterator_ReusedForAnotherSeries_ForgetsTheFirstSeriesIntervals()
    {
        var (head, refA) = Populated();
        head.Tombstones.Add(refA, 0, 2000);
        using var q = head.Querier(long.MinValue, long.MaxValue);
        var set = q.Select(true, null, Matcher.Equal("__name__", "m"));
        Assert.True(set.MoveNext());
        var it = set.Current.Iterator();
        var a = 0;
        while (it.Next() == ValueKind.Float) a++;
        Assert.True(set.MoveNext());
        it = set.Current.Iterator(it);
        var b = 0;
        while (it.Next() == ValueKind.Float) b++;

        Assert.Equal(299, a);
        Assert.Equal(500, b);
    }
}
