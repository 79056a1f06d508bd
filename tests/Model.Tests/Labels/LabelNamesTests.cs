using MetricsServer.Model.Labels;

namespace MetricsServer.Model.Tests.Labels;

public sealed class LabelNamesTests
{
    [Theory]
    [InlineData("job", true)]
    [InlineData("_x1", true)]
    [InlineData("1x", false)]
    [InlineData("a:b", false)]
    [InlineData("", false)]
    [InlineData("a-b", false)]
    public void IsValidLabelName_FollowsLegacyRule(string name, bool expected) => Assert.Equal(expected, LabelNames.IsValidLabelName(name));

    [Theory]
    [InlineData("up", true)]
    [InlineData("job:rate5m", true)]
    [InlineData(":a", true)]
    [InlineData("9a", false)]
    [InlineData("a.b", false)]
    public void IsValidMetricName_AllowsColons(string name, bool expected) => Assert.Equal(expected, LabelNames.IsValidMetricName(name));
}
