using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.Blocks;
using MetricsServer.Tsdb.Chunks;
using MatchType = MetricsServer.Model.Labels.MatchType;

namespace MetricsServer.Tsdb.Tests.Blocks;

public sealed class BlockQuerierTests : IDisposable
{
    private readonly TempDataDirectory _dir = new();
    private readonly BlockReader _block;

    // Five series; "env" is missing on s4, and "path" only on s1 and s2.
    private static readonly LabelSet[] Series =
    [
        LabelSet.FromStrings("__name__", "http_requests_total", "env", "prod", "path", "/api", "series", "s1"),
        LabelSet.FromStrings("__name__", "http_requests_total", "env", "dev", "path", "/health", "series", "s2"),
        LabelSet.FromStrings("__name__", "up", "env", "prod", "series", "s3"),
        LabelSet.FromStrings("__name__", "up", "series", "s4"),
        LabelSet.FromStrings("__name__", "node_load1", "env", "staging", "series", "s5"),
    ];

    public BlockQuerierTests()
    {
        var input = Series.Select((l, i) => new BlockSeries(l, [new BlockChunk(1000, 2000, XorChunk.Encode([(1000, i), (2000, i + 0.5)]))])).ToList();
        var meta = new BlockWriter(TimeProvider.System).Write(_dir.Path, input);
        _block = BlockReader.Open(Path.Combine(_dir.Path, meta.Ulid.ToString()));
    }

    public void Dispose()
    {
        _block.Dispose();
        _dir.Dispose();
    }

    public static TheoryData<string, MatchType, string, string> Cases => new()
    {
        { "equal", MatchType.Equal, "prod", "s1 s3" },
        { "equal absent value", MatchType.Equal, "nope", "" },
        { "equal empty selects missing", MatchType.Equal, "", "s4" },
        { "not equal keeps missing", MatchType.NotEqual, "prod", "s2 s4 s5" },
        { "regex", MatchType.Regex, "prod|staging", "s1 s3 s5" },
        { "regex matching empty keeps missing", MatchType.Regex, "dev|", "s2 s4" },
        { "regex dot plus requires label", MatchType.Regex, ".+", "s1 s2 s3 s5" },
        { "not regex", MatchType.NotRegex, "prod|dev", "s4 s5" },
        { "not regex of dot plus selects missing only", MatchType.NotRegex, ".+", "s4" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Select_EnvMatcherWithNameMatcher_SelectsByPostings(string name, MatchType type, string value, string expected)
    {
        Assert.NotNull(name);
        // "series" =~ ".+" makes every combination selectable even when the env matcher matches the empty string.
        using var q = _block.Querier(0, 10_000);
        var env = new Matcher(type, "env", value);
        var got = SeriesIds(q.Select(true, null, env, new Matcher(MatchType.Regex, "series", ".+")));
        got.Sort(StringComparer.Ordinal);
        Assert.Equal(expected, string.Join(' ', got));
    }

    [Fact]
    public void Select_EqualPlusRegex_Intersects()
    {
        using var q = _block.Querier(0, 10_000);
        var got = SeriesIds(q.Select(true, null, Matcher.Equal("__name__", "http_requests_total"), new Matcher(MatchType.Regex, "path", "/h.*")));
        Assert.Equal(["s2"], got);
    }

    [Fact]
    public void Select_Sorted_ComesInLabelSetOrder()
    {
        using var q = _block.Querier(0, 10_000);
        Assert.Equal(["s2", "s1", "s5", "s3", "s4"], SeriesIds(q.Select(true, null, new Matcher(MatchType.Regex, "__name__", ".+"))));
    }

    [Fact]
    public void Select_OnlyEmptyMatchingMatchers_SelectsNothing()
    {
        using var q = _block.Querier(0, 10_000);
        Assert.False(q.Select(false, null, new Matcher(MatchType.NotEqual, "env", "prod")).MoveNext());
    }

    [Fact]
    public void Select_ReturnsSamplesOfSelectedSeries()
    {
        using var q = _block.Querier(0, 10_000);
        var set = q.Select(false, null, Matcher.Equal("series", "s3"));
        Assert.True(set.MoveNext());
        var it = set.Current.Iterator();
        Assert.Equal(ValueKind.Float, it.Next());
        Assert.Equal((1000L, 2.0), it.At());
        Assert.Equal(ValueKind.Float, it.Next());
        Assert.Equal((2000L, 2.5), it.At());
        Assert.Equal(ValueKind.None, it.Next());
    }

    [Fact]
    public void LabelNames_WithoutMatchers_ListsEveryName()
    {
        using var q = _block.Querier(0, 10_000);
        Assert.Equal(["__name__", "env", "path", "series"], q.LabelNames());
    }

    [Fact]
    public void LabelNames_WithMatcher_ListsNamesOfMatchingSeries()
    {
        using var q = _block.Querier(0, 10_000);
        Assert.Equal(["__name__", "series"], q.LabelNames(Matcher.Equal("series", "s4")));
    }

    [Fact]
    public void LabelValues_WithAndWithoutMatchers_AreSortedAndFiltered()
    {
        using var q = _block.Querier(0, 10_000);
        Assert.Equal(["dev", "prod", "staging"], q.LabelValues("env"));
        Assert.Equal(["prod"], q.LabelValues("env", Matcher.Equal("__name__", "up")));
        Assert.Empty(q.LabelValues("missing"));
    }

    [Fact]
    public void IndexPostings_LabelPair_ReturnsAscendingRefsOfThoseSeries()
    {
        var refs = _block.Index.Postings("env", "prod");
        Assert.Equal(2, refs.Length);
        Assert.True(refs[0] < refs[1]);
        var chunks = new List<ChunkMeta>();
        Assert.Equal(Series[0], _block.Index.Series(refs[0], chunks));
        Assert.Equal(Series[2], _block.Index.Series(refs[1], chunks));
        Assert.Equal(new ChunkMeta(1000, 2000, chunks[0].Ref), chunks[0]);
        Assert.Equal(5, _block.Index.AllPostings().Length);
    }

    private static List<string> SeriesIds(ISeriesSet set)
    {
        var ids = new List<string>();
        while (set.MoveNext()) ids.Add(set.Current.Labels.Get("series"));
        Assert.Null(set.Error);
        return ids;
    }
}
