using MetricsServer.Query.Engine;
using static MetricsServer.Query.Tests.Engine.EngineFixture;

namespace MetricsServer.Query.Tests.Engine;

public class EvaluatorBinaryTests
{
    private const string A = "{instance=\"a\", job=\"api\"}";
    private const string B = "{instance=\"b\", job=\"api\"}";
    private const string NamedB = "{__name__=\"http_requests\", instance=\"b\", job=\"api\"}";

    [Fact]
    public void VectorScalarArithmetic_DropsName() =>
        Assert.Equal([A + " => 100", B + " => 200"], Render(Instant("http_requests * 2", 300)));

    [Fact]
    public void ScalarVectorArithmetic_KeepsOperandOrder() =>
        Assert.Equal([A + " => 50", B + " => 0"], Render(Instant("100 - http_requests", 300)));

    [Fact]
    public void Comparison_FiltersAndKeepsName() => Assert.Equal([NamedB + " => 100"], Render(Instant("http_requests > 60", 300)));

    [Fact]
    public void Comparison_ScalarOnLeft_KeepsVectorValue() => Assert.Equal([NamedB + " => 100"], Render(Instant("60 < http_requests", 300)));

    [Fact]
    public void ComparisonBool_ReturnsZeroOrOneAndDropsName() =>
        Assert.Equal([A + " => 0", B + " => 1"], Render(Instant("http_requests > bool 60", 300)));

    [Fact]
    public void ScalarScalarComparisonBool_ReturnsScalar() => Assert.Equal(1, Instant("2 > bool 1", 0).Scalar);

    [Fact]
    public void UnaryMinus_NegatesAndDropsName() => Assert.Equal([A + " => -50", B + " => -100"], Render(Instant("-http_requests", 300)));

    [Fact]
    public void OneToOne_MatchesOnAllLabelsButName() =>
        Assert.Equal([A + " => 100", B + " => 200"], Render(Instant("http_requests + http_requests", 300)));

    [Fact]
    public void GroupLeft_DividesEachByGroupSum() =>
        Assert.Equal([A + " => 0.3333333333333333", B + " => 0.6666666666666666"],
            Render(Instant("http_requests / on(job) group_left sum by (job) (http_requests)", 300)));

    [Fact]
    public void GroupRight_IncludeLabels_CopiedFromOneSide() =>
        Assert.Equal(["{instance=\"a\", job=\"api\", region=\"eu\"} => 7500", "{instance=\"b\", job=\"api\", region=\"eu\"} => 15000"],
            Render(Instant("label_replace(sum by (job) (http_requests), \"region\", \"eu\", \"\", \"\") * on(job) group_right(region) http_requests", 300)));

    [Fact]
    public void GroupRight_IncludeLabelMakingDuplicates_Throws() =>
        Assert.Throws<PromQLEvalException>(() =>
            Instant("label_replace(sum by (job) (http_requests), \"instance\", \"z\", \"\", \"\") * on(job) group_right(instance) http_requests", 300));

    [Fact]
    public void OnClause_OneToOne_KeepsOnlyOnLabels() =>
        Assert.Equal(["{job=\"api\"} => 10"], Render(Instant("http_requests{instance=\"a\"} - on(job) http_requests{instance=\"b\"} + 60", 300)));

    [Fact]
    public void ManyToOneWithoutGroupModifier_Throws()
    {
        var e = Assert.Throws<PromQLEvalException>(() => Instant("http_requests + on(job) sum by (job) (http_requests)", 300));
        Assert.Equal("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)", e.Message);
    }

    [Theory]
    [InlineData("http_requests > on(job) sum by (job) (http_requests)")] // every pair filtered out
    [InlineData("http_requests >= on(job) (sum by (job) (http_requests) - 75)")] // one pair survives
    public void ManyToOneComparison_ThrowsEvenWhenFilteredOut(string query)
    {
        var e = Assert.Throws<PromQLEvalException>(() => Instant(query, 300));
        Assert.Equal("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)", e.Message);
    }

    [Fact]
    public void DuplicateOnOneSide_Throws()
    {
        var e = Assert.Throws<PromQLEvalException>(() => Instant("http_requests + on(job) group_left http_requests", 300));
        Assert.StartsWith("found duplicate series for the match group {job=\"api\"} on the right hand-side of the operation", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void And_KeepsLeftWithMatch() =>
        Assert.Equal(["{__name__=\"http_requests\", instance=\"a\", job=\"api\"} => 50"],
            Render(Instant("http_requests and http_requests{instance=\"a\"}", 300)));

    [Fact]
    public void Unless_DropsLeftWithMatch() => Assert.Equal([NamedB + " => 100"], Render(Instant("http_requests unless http_requests{instance=\"a\"}", 300)));

    [Fact]
    public void Or_AddsUnmatchedRight()
    {
        var r = Render(Instant("http_requests{instance=\"a\"} or on(instance) http_requests", 300));
        Assert.Equal(2, r.Length);
        Assert.Contains(NamedB + " => 100", r);
    }
}
