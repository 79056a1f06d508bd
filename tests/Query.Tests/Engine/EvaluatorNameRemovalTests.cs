using MetricsServer.Model.Labels;
using MetricsServer.Query.Engine;
using static MetricsServer.Query.Tests.Engine.EngineFixture;

namespace MetricsServer.Query.Tests.Engine;

/// <summary>When the metric name goes: at once by default, at the end of the query with delayed name removal.</summary>
public class EvaluatorNameRemovalTests
{
    private static readonly EngineOptions Delayed = new() { EnableDelayedNameRemoval = true };
    private static readonly EngineOptions TypeAndUnit = new() { EnableTypeAndUnitLabels = true };
    private const string RateWithName = "label_replace(rate(http_requests{instance=\"a\"}[5m]), \"was\", \"$1\", \"__name__\", \"(.+)\")";

    [Fact]
    public void Default_NameIsGoneBeforeLabelReplace() =>
        Assert.Equal(["{instance=\"a\", job=\"api\"} => 0.16666666666666666"], Render(Instant(RateWithName, 300)));

    [Fact]
    public void Delayed_LabelReplaceStillSeesTheName() =>
        Assert.Equal(["{instance=\"a\", job=\"api\", was=\"http_requests\"} => 0.16666666666666666"], Render(Instant(RateWithName, 300, Delayed)));

    [Fact]
    public void Delayed_LabelReplaceWritingTheName_KeepsIt() =>
        Assert.Equal(["{__name__=\"x_http_requests\", instance=\"a\", job=\"api\"} => 0.16666666666666666"],
            Render(Instant("label_replace(rate(http_requests{instance=\"a\"}[5m]), \"__name__\", \"x_$1\", \"__name__\", \"(.+)\")", 300, Delayed)));

    [Fact]
    public void Delayed_GroupByName_DropsTheNameAtTheEnd() =>
        Assert.Equal(["{} => 0.5"], Render(Instant("sum by (__name__) (rate(http_requests[5m]))", 300, Delayed)));

    [Fact]
    public void Delayed_ComparisonKeepsTheMark() =>
        Assert.Equal(["{instance=\"b\", job=\"api\"} => 0.3333333333333333"], Render(Instant("rate(http_requests[5m]) > 0.2", 300, Delayed)));

    [Fact]
    public void Delayed_SameLabelsAfterTheEnd_Fail()
    {
        var e = Assert.Throws<PromQLEvalException>(() => Instant("-{job=\"api\", instance=\"\"}", 300, Delayed, ExtraHead()));
        Assert.Equal("vector cannot contain metrics with the same labelset", e.Message);
    }

    [Fact]
    public void Default_TypeAndUnitAreOrdinaryLabels() =>
        Assert.Equal(["{__type__=\"counter\", __unit__=\"bytes\", job=\"api\"} => -7"], Render(Instant("-typed", 300, head: ExtraHead())));

    [Fact]
    public void TypeAndUnit_GoWithTheName() => Assert.Equal(["{job=\"api\"} => -7"], Render(Instant("-typed", 300, TypeAndUnit, ExtraHead())));

    [Fact]
    public void TypeAndUnit_StayWhileTheNameStays() =>
        Assert.Equal(["{__name__=\"typed\", __type__=\"counter\", __unit__=\"bytes\", job=\"api\"} => 7"], Render(Instant("typed > 1", 300, TypeAndUnit, ExtraHead())));

    /// <summary>Two metrics that differ only by name, and one with type and unit labels.</summary>
    private static Tsdb.Head ExtraHead() => CreateHead(app =>
    {
        Add(app, LabelSet.FromStrings("__name__", "one", "job", "api"), 240, 1);
        Add(app, LabelSet.FromStrings("__name__", "two", "job", "api"), 240, 2);
        Add(app, LabelSet.FromStrings("__name__", "typed", "__type__", "counter", "__unit__", "bytes", "job", "api"), 240, 7);
    });
}
