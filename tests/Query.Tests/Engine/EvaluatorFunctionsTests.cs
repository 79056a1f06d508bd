using MetricsServer.Query.Engine;
using static MetricsServer.Query.Tests.Engine.EngineFixture;

namespace MetricsServer.Query.Tests.Engine;

public class EvaluatorFunctionsTests
{
    [Theory]
    [InlineData("abs(-http_requests{instance=\"a\"})", 50)]
    [InlineData("ceil(http_requests{instance=\"a\"} / 3)", 17)]
    [InlineData("floor(http_requests{instance=\"a\"} / 3)", 16)]
    [InlineData("round(http_requests{instance=\"a\"} / 3)", 17)]
    [InlineData("round(http_requests{instance=\"a\"}, 20)", 60)]
    [InlineData("sqrt(http_requests{instance=\"b\"})", 10)]
    [InlineData("ln(exp(http_requests{instance=\"a\"} / 50))", 1)]
    [InlineData("log2(http_requests{instance=\"a\"} * 0 + 8)", 3)]
    [InlineData("log10(http_requests{instance=\"b\"})", 2)]
    [InlineData("clamp(http_requests{instance=\"a\"}, 0, 20)", 20)]
    [InlineData("clamp_min(http_requests{instance=\"a\"}, 70)", 70)]
    [InlineData("clamp_max(http_requests{instance=\"a\"}, 20)", 20)]
    [InlineData("sgn(-http_requests{instance=\"a\"})", -1)]
    [InlineData("timestamp(http_requests{instance=\"a\"})", 300)]
    [InlineData("vector(time())", 330)]
    [InlineData("hour(vector(18120))", 5)]
    [InlineData("minute(vector(18120))", 2)]
    [InlineData("day_of_week(vector(0))", 4)]
    [InlineData("day_of_month(vector(0))", 1)]
    [InlineData("days_in_month(vector(2678401))", 28)]
    [InlineData("month(vector(2678401))", 2)]
    [InlineData("year(vector(0))", 1970)]
    public void VectorFunction_ComputesValue(string query, double expected) => Assert.Equal(expected, Single(Instant(query, 330)), 9);

    // Buckets le=1: 50, le=2: 100, +Inf: 100. The 0.75 rank (75) falls halfway into (1, 2]; rank 100 is in the
    // last finite bucket, whose upper bound is returned.
    [Theory]
    [InlineData(0.75, 1.5)]
    [InlineData(0.25, 0.5)]
    [InlineData(1, 2)]
    public void HistogramQuantile_InterpolatesInBucket(double q, double expected) =>
        Assert.Equal(expected, Single(Instant($"histogram_quantile({q.ToString(System.Globalization.CultureInfo.InvariantCulture)}, bucket)", 30)), 9);

    [Fact]
    public void Timestamp_OfSelector_IsSampleTime() => Assert.Equal(300, Single(Instant("timestamp(http_requests{instance=\"a\"})", 330)));

    [Fact]
    public void Scalar_OfSingleElement_IsItsValue() => Assert.Equal(50, Instant("scalar(http_requests{instance=\"a\"})", 300).Scalar);

    [Fact]
    public void Scalar_OfTwoElements_IsNaN() => Assert.True(double.IsNaN(Instant("scalar(http_requests)", 300).Scalar));

    [Fact]
    public void Absent_OfMissing_CarriesEqualityLabels() =>
        Assert.Equal(["{job=\"x\"} => 1"], Render(Instant("absent(nonexistent{job=\"x\", instance=~\".*\"})", 300)));

    [Theory]
    [InlineData("absent(nonexistent{job=\"x\", job=\"y\", foo=\"bar\"})")]
    [InlineData("absent(nonexistent{job=\"x\", job=~\"y\", foo=\"bar\"})")]
    public void Absent_LabelNamedTwice_IsLeftOut(string query) => Assert.Equal(["{foo=\"bar\"} => 1"], Render(Instant(query, 300)));

    [Fact]
    public void Absent_OfPresent_IsEmpty() => Assert.Empty(Instant("absent(http_requests)", 300).Vector);

    [Fact]
    public void LabelReplace_ExpandsCaptureGroups() =>
        Assert.Equal("a-x", Instant("label_replace(http_requests{instance=\"a\"}, \"foo\", \"$1-x\", \"instance\", \"(.*)\")", 300).Vector[0].Metric.Get("foo"));

    [Fact]
    public void LabelReplace_NoMatch_LeavesSeries() =>
        Assert.False(Instant("label_replace(http_requests{instance=\"a\"}, \"foo\", \"$1\", \"instance\", \"z(.*)\")", 300).Vector[0].Metric.Has("foo"));

    [Fact]
    public void LabelJoin_JoinsSources() =>
        Assert.Equal("api/a", Instant("label_join(http_requests{instance=\"a\"}, \"foo\", \"/\", \"job\", \"instance\")", 300).Vector[0].Metric.Get("foo"));

    [Fact]
    public void SortDesc_OrdersByValue() =>
        Assert.Equal([100.0, 50.0], Instant("sort_desc(http_requests)", 300).Vector.Select(s => s.F));

    [Fact]
    public void Sort_KeepsName() => Assert.Equal("http_requests", Instant("sort(http_requests)", 300).Vector[0].Metric.MetricName);

    [Fact]
    public void HistogramQuantile_NonMonotonicBuckets_AreFixedWithInfo()
    {
        var r = Instant("histogram_quantile(0.5, broken_bucket)", 30);
        Assert.Equal(50.0 / 60, Single(r), 12);
        Assert.Single(r.Infos);
    }

    [Fact]
    public void HistogramQuantile_DropsLeAndName() => Assert.Empty(Instant("histogram_quantile(0.5, bucket)", 30).Vector[0].Metric);
}
