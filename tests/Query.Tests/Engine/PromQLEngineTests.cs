using MetricsServer.Query.Engine;
using static MetricsServer.Query.Tests.Engine.EngineFixture;

namespace MetricsServer.Query.Tests.Engine;

public class PromQLEngineTests
{
    [Fact]
    public void Instant_NumberLiteral_ReturnsScalar()
    {
        var r = Instant("1 + 1", 4);
        Assert.Equal(Ast.ValueType.Scalar, r.Type);
        Assert.Equal(2, r.Scalar);
        Assert.Equal(4000, r.T);
    }

    [Fact]
    public void Instant_StringLiteral_ReturnsString() => Assert.Equal("hi", Instant("\"hi\"", 0).String);

    [Fact]
    public void Range_EvaluatesEveryStep()
    {
        var r = Range("http_requests{instance=\"a\"}", 0, 120, 60);
        var s = Assert.Single(r.Matrix);
        Assert.Equal([(0L, 0.0), (60_000L, 10.0), (120_000L, 20.0)], s.Floats);
    }

    [Fact]
    public void Range_Scalar_IsOneSeriesWithoutLabels()
    {
        var s = Assert.Single(Range("time()", 0, 120, 60).Matrix);
        Assert.Empty(s.Metric);
        Assert.Equal([(0L, 0.0), (60_000L, 60.0), (120_000L, 120.0)], s.Floats);
    }

    [Fact]
    public void Range_MatrixSortedByLabels()
    {
        var r = Range("http_requests", 0, 60, 60);
        Assert.Equal(["a", "b"], r.Matrix.Select(m => m.Metric.Get("instance")));
    }

    [Fact]
    public void Range_SeriesThatGoesStale_EndsAtStaleMarker()
    {
        var s = Assert.Single(Range("stale_metric", 0, 180, 60).Matrix);
        Assert.Equal([0L, 60_000L], s.Floats.Select(p => p.T));
    }

    [Fact]
    public void Instant_TooManySamples_ThrowsExecutionError()
    {
        var e = Assert.Throws<PromQLEvalException>(() => Instant("http_requests", 300, new EngineOptions { MaxSamples = 1 }));
        Assert.Equal(PromQLEvalErrorKind.Execution, e.Kind);
        Assert.Equal("query processing would load too many samples into memory in query execution", e.Message);
    }

    [Fact]
    public void Range_TooManyRetainedPoints_ThrowsExecutionError()
    {
        var engine = new PromQLEngine(new EngineOptions { MaxSamples = 5 });
        var e = Assert.Throws<PromQLEvalException>(() => engine.Range(CreateHead(), Parse("http_requests"), 0, 600_000, 60_000, CancellationToken.None));
        Assert.Equal(PromQLEvalErrorKind.Execution, e.Kind);
    }

    [Fact]
    public void Instant_CancelledToken_ThrowsCanceled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var engine = new PromQLEngine(new EngineOptions());
        var e = Assert.Throws<PromQLEvalException>(() => engine.Instant(CreateHead(), Parse("http_requests"), 0, cts.Token));
        Assert.Equal(PromQLEvalErrorKind.Canceled, e.Kind);
    }

    [Fact]
    public void Instant_ZeroTimeout_ThrowsTimeout()
    {
        var engine = new PromQLEngine(new EngineOptions { Timeout = TimeSpan.Zero });
        var e = Assert.Throws<PromQLEvalException>(() => engine.Range(CreateHead(), Parse("http_requests"), 0, 600_000, 1000, CancellationToken.None));
        Assert.Equal(PromQLEvalErrorKind.Timeout, e.Kind);
    }

    [Fact]
    public void Instant_DuplicateLabelSetsAfterNameDrop_Throws()
    {
        var head = CreateHead(app =>
        {
            Add(app, Model.Labels.LabelSet.FromStrings("__name__", "x1", "k", "v"), 0, 1);
            Add(app, Model.Labels.LabelSet.FromStrings("__name__", "x2", "k", "v"), 0, 1);
        });
        var e = Assert.Throws<PromQLEvalException>(() => Instant("abs({k=\"v\"})", 10, head: head));
        Assert.Equal("vector cannot contain metrics with the same labelset", e.Message);
    }
}
