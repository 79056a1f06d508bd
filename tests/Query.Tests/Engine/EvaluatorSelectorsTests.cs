using MetricsServer.Query.Engine;
using static MetricsServer.Query.Tests.Engine.EngineFixture;

namespace MetricsServer.Query.Tests.Engine;

public class EvaluatorSelectorsTests
{
    [Fact]
    public void VectorSelector_PicksNewestSampleAtOrBeforeTime()
    {
        var r = Instant("http_requests", 330);
        Assert.Equal(
            ["{__name__=\"http_requests\", instance=\"a\", job=\"api\"} => 50", "{__name__=\"http_requests\", instance=\"b\", job=\"api\"} => 100"],
            Render(r));
        Assert.All(r.Vector, s => Assert.Equal(330_000, s.T));
    }

    [Theory]
    [InlineData(299, 1)]
    [InlineData(300, 0)]
    public void VectorSelector_LookbackIsLeftOpen(long at, int expected) =>
        Assert.Equal(expected, Instant("lone", at).Vector.Count);

    [Fact]
    public void VectorSelector_LookbackDeltaOption_IsHonoured() =>
        Assert.Empty(Instant("lone", 61, new EngineOptions { LookbackDelta = TimeSpan.FromMinutes(1) }).Vector);

    [Theory]
    [InlineData(90, 1)]
    [InlineData(150, 0)]
    public void VectorSelector_StaleMarker_HidesSeries(long at, int expected) =>
        Assert.Equal(expected, Instant("stale_metric", at).Vector.Count);

    [Fact]
    public void VectorSelector_Offset_ShiftsBack() => Assert.Equal(40, Single(Instant("http_requests{instance=\"a\"} offset 1m", 300)));

    [Fact]
    public void VectorSelector_NegativeOffset_ShiftsForward() => Assert.Equal(40, Single(Instant("http_requests{instance=\"a\"} offset -1m", 180)));

    [Fact]
    public void VectorSelector_At_PinsTime() => Assert.Equal(20, Single(Instant("http_requests{instance=\"a\"} @ 120", 600)));

    [Fact]
    public void VectorSelector_AtStart_UsesRangeStartAtEveryStep()
    {
        var r = Range("http_requests{instance=\"a\"} @ start()", 60, 180, 60);
        var s = Assert.Single(r.Matrix);
        Assert.Equal([(60_000L, 10.0), (120_000L, 10.0), (180_000L, 10.0)], s.Floats);
    }

    [Fact]
    public void MatrixSelector_RangeIsLeftOpen()
    {
        var r = Instant("http_requests{instance=\"a\"}[2m]", 300);
        Assert.Equal(Ast.ValueType.Matrix, r.Type);
        var s = Assert.Single(r.Matrix);
        Assert.Equal([(240_000L, 40.0), (300_000L, 50.0)], s.Floats);
    }

    [Fact]
    public void MatrixSelector_SkipsStaleMarkers()
    {
        var s = Assert.Single(Instant("stale_metric[10m]", 300).Matrix);
        Assert.Equal([(0L, 1.0), (60_000L, 2.0)], s.Floats);
    }

    [Fact]
    public void Subquery_EvaluatesAtAlignedSteps() => Assert.Equal(90, Single(Instant("sum_over_time(http_requests{instance=\"a\"}[2m:1m])", 330)));

    [Fact]
    public void Subquery_WithoutStep_UsesDefaultSubqueryStep() =>
        Assert.Equal(5, Single(Instant("count_over_time(http_requests{instance=\"a\"}[5m:])", 300)));

    [Fact]
    public void Subquery_Offset_ShiftsInnerTimes() =>
        Assert.Equal(40, Single(Instant("max_over_time(http_requests{instance=\"a\"}[5m:1m] offset 1m)", 300)));

    [Fact]
    public void Subquery_ReturnsMatrixAtStepTimes()
    {
        var s = Assert.Single(Instant("http_requests{instance=\"a\"}[1m:30s]", 90).Matrix);
        Assert.Equal([(60_000L, 10.0), (90_000L, 10.0)], s.Floats);
    }
}
