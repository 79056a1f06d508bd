namespace MetricsServer.Relabel.Tests;

public sealed class CaptureGroupsTests
{
    [Theory]
    [InlineData("abc", "")]
    [InlineData("(a)(b)", "_,_")]
    [InlineData("(?:a)(b)", "_")]
    [InlineData("(?i)(b)", "_")]
    [InlineData("(?P<x>a)(b)(?<y>c)", "x,_,y")]
    [InlineData(@"\((a)\)", "_")]
    [InlineData("[(](a)", "_")]
    [InlineData("[](](a)", "_")]
    [InlineData("[^]()](a)", "_")]
    [InlineData(@"[\]](a)", "_")]
    [InlineData("[[:alpha:](](a)", "_")]
    [InlineData(@"\Q(x)\E(a)", "_")]
    [InlineData("((a)(?P<n>b))", "_,_,n")]
    public void Scan_ListsCapturingGroupsInRe2Order(string pattern, string expected)
    {
        var groups = CaptureGroups.Scan(pattern);

        Assert.Equal(expected, string.Join(',', groups.Select(g => g ?? "_")));
    }

    [Fact]
    public void ByIndex_NamedGroupFirst_MapsToNetNumbering()
    {
        var regex = MetricsServer.Model.Labels.AnchoredRegex.Compile("(?P<x>a)(b)");
        var groups = CaptureGroups.For("(?P<x>a)(b)", regex);

        Assert.Equal(regex.GroupNumberFromName("x"), groups.ByIndex(1));
        Assert.Equal(1, groups.ByIndex(2));
        Assert.Equal(0, groups.ByIndex(0));
        Assert.Equal(-1, groups.ByIndex(3));
        Assert.Equal(-1, groups.ByName("nope"));
    }
}
