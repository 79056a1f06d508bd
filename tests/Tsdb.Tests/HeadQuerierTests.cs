using MetricsServer.Model.Labels;
using MatchType = MetricsServer.Model.Labels.MatchType;
using MetricsServer.Model.Storage;
using static MetricsServer.Tsdb.Tests.HeadFixture;

namespace MetricsServer.Tsdb.Tests;

public class HeadQuerierTests
{
    private static Head Populated()
    {
        var head = NewHead();
        Add(head, LabelSet.FromStrings("__name__", "up", "job", "api", "instance", "a:1"), (10, 1));
        Add(head, LabelSet.FromStrings("__name__", "up", "job", "api", "instance", "b:1"), (10, 2));
        Add(head, LabelSet.FromStrings("__name__", "up", "job", "db", "instance", "c:1", "env", "prod"), (10, 3));
        Add(head, LabelSet.FromStrings("__name__", "requests_total", "job", "api", "instance", "a:1"), (10, 4));
        return head;
    }

    public static TheoryData<string, Matcher[], string[]> MatcherCases => new()
    {
        { "equal", [Matcher.Equal("job", "api")], ["a:1", "a:1", "b:1"] },
        { "not equal", [Matcher.Equal("__name__", "up"), new(MatchType.NotEqual, "job", "api")], ["c:1"] },
        { "regex", [new(MatchType.Regex, "instance", "a.*|c.*")], ["a:1", "a:1", "c:1"] },
        { "not regex", [Matcher.Equal("__name__", "up"), new(MatchType.NotRegex, "instance", "a.*")], ["b:1", "c:1"] },
        { "absent label", [Matcher.Equal("__name__", "up"), Matcher.Equal("env", "")], ["a:1", "b:1"] },
        { "present label", [new(MatchType.NotEqual, "env", "")], ["c:1"] },
        { "regex matching empty", [Matcher.Equal("__name__", "up"), new(MatchType.Regex, "env", "prod|")], ["a:1", "b:1", "c:1"] },
        { "regex is anchored", [new(MatchType.Regex, "job", "ap")], [] },
        { "no such value", [Matcher.Equal("job", "nope")], [] },
        { "all match empty", [Matcher.Equal("env", ""), new(MatchType.Regex, "job", ".*")], [] },
        { "no matchers", [], [] },
    };

    [Theory]
    [MemberData(nameof(MatcherCases))]
    public void Select_ByMatchers_ReturnsMatchingSeries(string name, Matcher[] matchers, string[] instances)
    {
        Assert.NotEmpty(name);
        var head = Populated();

        var selected = SelectAll(head, matchers).Select(s => s.Labels.Get("instance")).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(instances, selected);
    }

    [Fact]
    public void Select_Sorted_ReturnsLabelSetOrder()
    {
        var head = NewHead();
        Add(head, LabelSet.FromStrings("__name__", "b", "x", "2"), (1, 1));
        Add(head, LabelSet.FromStrings("__name__", "b", "x", "1"), (1, 1));
        Add(head, LabelSet.FromStrings("__name__", "a", "y", "1"), (1, 1));
        Add(head, LabelSet.FromStrings("__name__", "b"), (1, 1));

        var selected = SelectAll(head, new Matcher(MatchType.Regex, "__name__", ".+")).Select(s => s.Labels.ToString()).ToArray();

        Assert.Equal(["{__name__=\"a\", y=\"1\"}", "{__name__=\"b\"}", "{__name__=\"b\", x=\"1\"}", "{__name__=\"b\", x=\"2\"}"], selected);
    }

    [Fact]
    public void Select_TimeRange_ClipsSamplesAndSkipsSeriesOutside()
    {
        var head = NewHead(HeadOptions.Default with { SamplesPerChunk = 4 });
        var samples = Enumerable.Range(0, 20).Select(i => (T: i * 10L, V: (double)i)).ToArray();
        Add(head, LabelSet.FromStrings("__name__", "a"), samples);
        Add(head, LabelSet.FromStrings("__name__", "b"), (1000, 1));

        using var q = head.Querier(35, 120);
        var selected = Select(q, true, new Matcher(MatchType.Regex, "__name__", "a|b"));

        var only = Assert.Single(selected);
        Assert.Equal(samples.Where(s => s.T is >= 35 and <= 120).ToList(), only.Samples);
    }

    [Fact]
    public void Iterator_Seek_AcrossChunksAndClipped()
    {
        var head = NewHead(HeadOptions.Default with { SamplesPerChunk = 3 });
        Add(head, LabelSet.FromStrings("__name__", "a"), Enumerable.Range(0, 10).Select(i => (i * 10L, (double)i)).ToArray());
        using var q = head.Querier(15, 75);
        var set = q.Select(false, null, Matcher.Equal("__name__", "a"));
        Assert.True(set.MoveNext());
        var it = set.Current.Iterator();

        Assert.Equal(ValueKind.Float, it.Seek(0));
        Assert.Equal(20, it.AtTimestamp());
        Assert.Equal(ValueKind.Float, it.Seek(41));
        Assert.Equal((50L, 5.0), it.At());
        Assert.Equal(ValueKind.Float, it.Seek(10));
        Assert.Equal(50, it.AtTimestamp());
        Assert.Equal(ValueKind.Float, it.Next());
        Assert.Equal(60, it.AtTimestamp());
        Assert.Equal(ValueKind.Float, it.Next());
        Assert.Equal(ValueKind.None, it.Next());
        Assert.Equal(ValueKind.None, it.Seek(80));
    }

    [Fact]
    public void Iterator_Reuse_RestartsOnAnotherSeries()
    {
        var head = Populated();
        using var q = head.Querier(0, 100);
        var set = q.Select(true, null, Matcher.Equal("job", "api"));
        ISampleIterator? it = null;
        var values = new List<double>();
        while (set.MoveNext())
        {
            it = set.Current.Iterator(it);
            while (it.Next() == ValueKind.Float) values.Add(it.At().Value);
        }

        Assert.Equal([1.0, 2.0, 4.0], values.Order());
    }

    [Fact]
    public void Select_AfterQuerierCreated_SnapshotExcludesLaterAppends()
    {
        var head = NewHead();
        var r = Add(head, LabelSet.FromStrings("__name__", "a"), (10, 1));
        using var q = head.Querier(0, 1000);
        var set = q.Select(false, null, Matcher.Equal("__name__", "a"));
        Assert.True(set.MoveNext());
        var app = head.Appender();
        app.Append(ref r, LabelSet.Empty, 20, 2);
        app.Commit();

        Assert.Equal([(10L, 1.0)], Samples(set.Current));
    }

    [Fact]
    public void LabelValues_WithAndWithoutMatchers_AreSortedAndFiltered()
    {
        var head = Populated();
        using var q = head.Querier(0, 100);

        Assert.Equal(["a:1", "b:1", "c:1"], q.LabelValues("instance"));
        Assert.Equal(["a:1", "b:1"], q.LabelValues("instance", Matcher.Equal("__name__", "up"), Matcher.Equal("job", "api")));
        Assert.Equal(["prod"], q.LabelValues("env", Matcher.Equal("__name__", "up")));
        Assert.Empty(q.LabelValues("missing"));
    }

    [Fact]
    public void LabelNames_WithAndWithoutMatchers_AreSortedAndFiltered()
    {
        var head = Populated();
        using var q = head.Querier(0, 100);

        Assert.Equal(["__name__", "env", "instance", "job"], q.LabelNames());
        Assert.Equal(["__name__", "instance", "job"], q.LabelNames(Matcher.Equal("job", "api")));
    }
}
