using MetricsServer.Model.Metadata;

namespace MetricsServer.Query.Tests.PromqlTest;

public sealed class ValuesParserTests
{
    [Theory]
    [InlineData("single", "5", "5")]
    [InlineData("increasing", "1+2x3", "1 3 5 7")]
    [InlineData("decreasing", "10-3x2", "10 7 4")]
    [InlineData("repeat", "4x2", "4 4 4")]
    [InlineData("missing", "1 _ 2", "1 _ 2")]
    [InlineData("missing repeated", "_x3 1", "_ _ _ 1")]
    [InlineData("stale", "1 stale", "1 stale")]
    [InlineData("infinities", "Inf -Inf +Inf inf", "Inf -Inf Inf Inf")]
    [InlineData("nan", "NaN", "NaN")]
    [InlineData("exponent", "1e3 -2.5e-1 .5", "1000 -0.25 0.5")]
    [InlineData("negative start", "-2+1x2", "-2 -1 0")]
    public void Expand_Notation_YieldsValues(string name, string text, string expected)
    {
        var values = ValuesParser.Expand(text);
        Assert.Equal(expected, string.Join(" ", values.Select(v => v?.ToString() ?? "_")));
        Assert.NotNull(name);
    }

    [Fact]
    public void Expand_Stale_IsStaleMarker() => Assert.True(ValuesParser.Expand("stale")[0]!.Value.IsStale);

    [Theory]
    [InlineData("-30s-1mx2", "-30000 -90000 -150000")]
    [InlineData("-1msx2", "-1 -1 -1")]
    [InlineData("_ -1m", "_ -60000")]
    public void Expand_Durations_YieldsMilliseconds(string text, string expected)
    {
        var values = ValuesParser.Expand(text, durations: true);
        Assert.Equal(expected, string.Join(" ", values.Select(v => v?.ToString() ?? "_")));
    }

    [Fact]
    public void Expand_HistogramLiteral_ParsesEveryField()
    {
        var v = ValuesParser.Expand("{{schema:1 sum:-3 count:22 z_bucket:2 z_bucket_w:0.001 buckets:[5 10 7] offset:-1 n_buckets:[1] n_offset:2 counter_reset_hint:gauge}}")[0]!.Value;
        var h = v.Histogram!;
        Assert.Equal((1, -3d, 22d, 2d, 0.001), (h.Schema, h.Sum, h.Count, h.ZeroCount, h.ZeroThreshold));
        Assert.Equal([new BucketSpan(-1, 3)], h.PositiveSpans);
        Assert.Equal([5d, 10, 7], h.PositiveBuckets);
        Assert.Equal([new BucketSpan(2, 1)], h.NegativeSpans);
        Assert.Equal(CounterResetHint.Gauge, h.CounterResetHint);
        Assert.True(v.HintGiven);
    }

    [Fact]
    public void Expand_HistogramProgression_AddsIncrementEachStep()
    {
        var values = ValuesParser.Expand("{{schema:0 count:1 sum:2 buckets:[1]}}+{{count:2 sum:1 buckets:[1 1]}}x2");
        Assert.Equal(3, values.Count);
        var last = values[2]!.Value.Histogram!;
        Assert.Equal((5d, 4d), (last.Count, last.Sum));
        Assert.Equal([3d, 2], HistogramMath.Indexed(last.PositiveSpans, last.PositiveBuckets).Select(b => b.Count));
        Assert.False(values[0]!.Value.HintGiven);
    }

    [Fact]
    public void Expand_HistogramRepeat_CopiesNPlusOneTimes()
    {
        var values = ValuesParser.Expand("{{schema:-53 count:1 custom_values:[1 2] buckets:[1]}}x3 _");
        Assert.Equal(5, values.Count);
        Assert.Equal([1d, 2], values[3]!.Value.Histogram!.CustomValues);
        Assert.Null(values[4]);
    }

    [Theory]
    [InlineData("1+x3")]
    [InlineData("abc")]
    [InlineData("1+2")]
    [InlineData("{{schema:1 count:2")]
    [InlineData("{{bogus:1}}")]
    [InlineData("{{schema:9}}")]
    [InlineData("{{counter_reset_hint:maybe}}")]
    public void Expand_Malformed_Throws(string text) => Assert.Throws<FormatException>(() => ValuesParser.Expand(text));
}
