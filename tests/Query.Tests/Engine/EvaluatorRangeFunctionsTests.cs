using static MetricsServer.Query.Tests.Engine.EngineFixture;

namespace MetricsServer.Query.Tests.Engine;

public class EvaluatorRangeFunctionsTests
{
    // Samples in (0s, 300s] are 10..50 at 60s steps: delta 40 over 240s, extrapolated by 60s to the start
    // (under 1.1 intervals, and not past the counter's zero point at 60s back) and 0s to the end: 40 * 300/240.
    [Theory]
    [InlineData("increase(http_requests{instance=\"a\"}[5m])", 50)]
    [InlineData("rate(http_requests{instance=\"a\"}[5m])", 50.0 / 300)]
    [InlineData("delta(http_requests{instance=\"a\"}[5m])", 50)]
    [InlineData("irate(http_requests{instance=\"a\"}[5m])", 10.0 / 60)]
    [InlineData("idelta(http_requests{instance=\"a\"}[5m])", 10)]
    [InlineData("avg_over_time(http_requests{instance=\"a\"}[5m])", 30)]
    [InlineData("sum_over_time(http_requests{instance=\"a\"}[5m])", 150)]
    [InlineData("count_over_time(http_requests{instance=\"a\"}[5m])", 5)]
    [InlineData("min_over_time(http_requests{instance=\"a\"}[5m])", 10)]
    [InlineData("max_over_time(http_requests{instance=\"a\"}[5m])", 50)]
    [InlineData("last_over_time(http_requests{instance=\"a\"}[5m])", 50)]
    [InlineData("present_over_time(http_requests{instance=\"a\"}[5m])", 1)]
    [InlineData("stdvar_over_time(http_requests{instance=\"a\"}[5m])", 200)]
    [InlineData("stddev_over_time(http_requests{instance=\"a\"}[5m])", 14.142135623730951)]
    [InlineData("quantile_over_time(0.5, http_requests{instance=\"a\"}[5m])", 30)]
    [InlineData("deriv(http_requests{instance=\"a\"}[5m])", 10.0 / 60)]
    [InlineData("predict_linear(http_requests{instance=\"a\"}[5m], 60)", 60)]
    [InlineData("changes(counter[5m])", 3)]
    [InlineData("resets(counter[5m])", 1)]
    public void RangeFunction_ComputesValue(string query, double expected) => Assert.Equal(expected, Single(Instant(query, 300)), 9);

    // Counter 5, 10, 2, 6 at 60..240s: increase 1 + the reset's 10 = 11 over 180s, extrapolated 60s to the start.
    [Fact]
    public void Increase_CounterReset_AddsValueBeforeReset() => Assert.Equal(11 * 240.0 / 180, Single(Instant("increase(counter[4m])", 240)), 9);

    // Samples 10, 2, 6 at 120..240s: increase 6 - 10 + 10 = 6 over 120s; the gap to the start (60s) is under 1.1
    // intervals and the counter's zero point (120 * 10/6 = 200s back) is further, so it extrapolates the full 60s.
    [Fact]
    public void Increase_ExtrapolatesToWindowStart() => Assert.Equal(6 * 180.0 / 120, Single(Instant("increase(counter[3m])", 240)), 9);

    // A gap to the window start over 1.1 average intervals extrapolates only half an interval.
    [Fact]
    public void Delta_FarFromStart_ExtrapolatesHalfInterval() =>
        Assert.Equal(20 * (120.0 + 30) / 120, Single(Instant("delta(http_requests{instance=\"a\"}[10m])", 120)), 9);

    [Fact]
    public void Rate_SingleSample_IsEmpty() => Assert.Empty(Instant("rate(http_requests{instance=\"a\"}[1m])", 300).Vector);

    [Fact]
    public void Rate_DropsName() => Assert.False(Instant("rate(http_requests{instance=\"a\"}[5m])", 300).Vector[0].Metric.Has("__name__"));

    [Fact]
    public void LastOverTime_KeepsName() => Assert.Equal("http_requests", Instant("last_over_time(http_requests{instance=\"a\"}[5m])", 300).Vector[0].Metric.MetricName);

    [Fact]
    public void AbsentOverTime_OfMissing_IsOne() =>
        Assert.Equal(["{job=\"x\"} => 1"], Render(Instant("absent_over_time(nonexistent{job=\"x\"}[5m])", 300)));

    [Fact]
    public void RateOverSubquery_UsesSubqueryWindow() =>
        Assert.Equal(50.0 / 300, Single(Instant("rate(http_requests{instance=\"a\"}[5m:1m])", 300)), 9);
}
