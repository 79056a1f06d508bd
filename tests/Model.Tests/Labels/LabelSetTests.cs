using MetricsServer.Model.Labels;

namespace MetricsServer.Model.Tests.Labels;

public sealed class LabelSetTests
{
    [Fact]
    public void FromStrings_SortsByName()
    {
        var set = LabelSet.FromStrings("job", "node", "__name__", "up", "instance", "a:1");

        Assert.Equal(["__name__", "instance", "job"], set.Select(l => l.Name));
        Assert.Equal("up", set.MetricName);
    }

    [Fact]
    public void Equal_SetsInAnyInputOrder_AreEqualWithEqualHashes()
    {
        var a = LabelSet.FromStrings("a", "1", "b", "2");
        var b = LabelSet.FromStrings("b", "2", "a", "1");

        Assert.Equal(a, b);
        Assert.Equal(a.Hash, b.Hash);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Theory]
    [InlineData("a", "1", "a", "2")]
    [InlineData("a", "1", "b", "1")]
    [InlineData("a", "12", "a1", "2")]
    public void Different_SetsDiffer(string n1, string v1, string n2, string v2)
    {
        Assert.NotEqual(LabelSet.FromStrings(n1, v1), LabelSet.FromStrings(n2, v2));
        Assert.NotEqual(LabelSet.FromStrings(n1, v1).Hash, LabelSet.FromStrings(n2, v2).Hash);
    }

    [Fact]
    public void Get_MissingLabel_IsEmpty()
    {
        Assert.Equal("", LabelSet.FromStrings("a", "1").Get("b"));
        Assert.False(LabelSet.FromStrings("a", "1").Has("b"));
    }

    [Fact]
    public void ToString_EscapesLikePrometheus()
    {
        var set = LabelSet.FromStrings("a", "x\"y\\z\nw", "b", "2");

        Assert.Equal("{a=\"x\\\"y\\\\z\\nw\", b=\"2\"}", set.ToString());
    }

    [Fact]
    public void FromStrings_OddCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => LabelSet.FromStrings("a"));
    }

    [Fact]
    public void Builder_SetEmptyValue_Deletes()
    {
        var b = LabelSet.FromStrings("a", "1", "b", "2").ToBuilder();
        b.Set("a", "").Set("c", "3").Set("b", "20");

        Assert.Equal(LabelSet.FromStrings("b", "20", "c", "3"), b.ToLabelSet());
    }

    [Fact]
    public void Builder_RemoveWhere_RemovesMatches()
    {
        var set = LabelSet.FromStrings("__meta_x", "1", "job", "j").ToBuilder()
            .RemoveWhere(l => l.Name.StartsWith("__", StringComparison.Ordinal)).ToLabelSet();

        Assert.Equal(LabelSet.FromStrings("job", "j"), set);
    }
}
