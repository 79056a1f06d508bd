using MetricsServer.Model.Labels;
using MetricsServer.Query.Engine;
using MetricsServer.Query.Parsing;
using static MetricsServer.Query.Tests.Engine.EngineFixture;

namespace MetricsServer.Query.Tests.Engine;

/// <summary>info(): data labels of the info series sharing instance and job, as of the samples' read time.</summary>
public class EvaluatorInfoTests
{
    [Fact]
    public void Info_AddsTargetInfoDataLabels() =>
        Assert.Equal(["{__name__=\"up\", instance=\"a\", job=\"api\", version=\"v1\"} => 1"], Render(Info("info(up)", 120)));

    [Fact]
    public void Info_NewestInfoSeriesWins() =>
        Assert.Equal(["{__name__=\"up\", instance=\"a\", job=\"api\", version=\"v2\"} => 1"], Render(Info("info(up)", 240)));

    [Fact]
    public void Info_OffsetPinsTheInfoSeriesToo() =>
        Assert.Equal(["{__name__=\"up\", instance=\"a\", job=\"api\", version=\"v1\"} => 1"], Render(Info("info(up offset 2m)", 240)));

    [Fact]
    public void Info_DataMatcherRefusingEmpty_DropsSeriesWithoutInfo() =>
        Assert.Empty(Info("info(up, {__name__=\"build_info\", version=~\".+\"})", 240).Vector);

    [Fact]
    public void Info_DataMatcherAcceptingEmpty_KeepsSeriesWithoutInfo() =>
        Assert.Equal(["{__name__=\"up\", instance=\"a\", job=\"api\"} => 1"], Render(Info("info(up, {__name__=\"build_info\", version=~\".*\"})", 240)));

    [Fact]
    public void Info_TwoInfoMetricsDisagreeing_Fails()
    {
        var e = Assert.Throws<PromQLEvalException>(() => Info("info(up, {__name__=~\".+_info\"})", 120));
        Assert.Equal("conflicting label: version", e.Message);
    }

    /// <summary>up is 1 every minute; target_info says v1 up to 2m and v2 from 3m on; other_info disagrees at 2m.</summary>
    private static QueryResult Info(string query, long seconds)
    {
        var head = CreateHead(app =>
        {
            for (var i = 0; i <= 5; i++) Add(app, LabelSet.FromStrings("__name__", "up", "instance", "a", "job", "api"), i * 60, 1);
            for (var i = 0; i <= 2; i++) Add(app, LabelSet.FromStrings("__name__", "target_info", "instance", "a", "job", "api", "version", "v1"), i * 60, 1);
            for (var i = 3; i <= 5; i++) Add(app, LabelSet.FromStrings("__name__", "target_info", "instance", "a", "job", "api", "version", "v2"), i * 60, 1);
            Add(app, LabelSet.FromStrings("__name__", "other_info", "instance", "a", "job", "api", "version", "x"), 120, 1);
        });
        var engine = new PromQLEngine(new EngineOptions());
        return engine.Instant(head, PromQLParser.Parse(query, PromQLParserOptions.AllFeatures), seconds * 1000, CancellationToken.None);
    }
}
