using static MetricsServer.Query.Tests.Engine.EngineFixture;

namespace MetricsServer.Query.Tests.Engine;

public class EvaluatorAggregateTests
{
    [Theory]
    [InlineData("sum", 150)]
    [InlineData("avg", 75)]
    [InlineData("count", 2)]
    [InlineData("min", 50)]
    [InlineData("max", 100)]
    [InlineData("group", 1)]
    [InlineData("stddev", 25)]
    [InlineData("stdvar", 625)]
    public void Aggregation_ByJob_ComputesValue(string op, double expected) =>
        Assert.Equal(["{job=\"api\"} => " + expected.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            Render(Instant($"{op} by (job) (http_requests)", 300)));

    [Fact]
    public void Without_DropsListedLabelsAndName() =>
        Assert.Equal(["{job=\"api\"} => 150"], Render(Instant("sum without (instance) (http_requests)", 300)));

    [Fact]
    public void NoGrouping_AggregatesEverything() => Assert.Equal(["{} => 150"], Render(Instant("sum(http_requests)", 300)));

    [Fact]
    public void Topk_KeepsLabelsOfLargest() =>
        Assert.Equal(["{__name__=\"http_requests\", instance=\"b\", job=\"api\"} => 100"], Render(Instant("topk(1, http_requests)", 300)));

    [Fact]
    public void Bottomk_KeepsSmallest() => Assert.Equal("a", Assert.Single(Instant("bottomk(1, http_requests)", 300).Vector).Metric.Get("instance"));

    [Theory]
    [InlineData(0.5, 75)]
    [InlineData(0.9, 95)]
    [InlineData(-1, double.NegativeInfinity)]
    [InlineData(2, double.PositiveInfinity)]
    public void Quantile_Interpolates(double q, double expected) =>
        Assert.Equal(expected, Single(Instant($"quantile({q.ToString(System.Globalization.CultureInfo.InvariantCulture)}, http_requests)", 300)));

    [Fact]
    public void CountValues_GroupsByValue() =>
        Assert.Equal(["{v=\"100\"} => 1", "{v=\"50\"} => 1"], Render(Instant("count_values(\"v\", http_requests)", 300)));
}
