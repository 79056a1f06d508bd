using System.Text.RegularExpressions;
using MetricsServer.Query.Engine;

namespace MetricsServer.Query.Tests.Engine;

public class RegexTemplateTests
{
    [Theory]
    [InlineData("$1-x", "ab-x")]
    [InlineData("${1}x", "abx")]
    [InlineData("$1x", "")]
    [InlineData("$$1", "$1")]
    [InlineData("${name}!", "ab!")]
    [InlineData("$9", "")]
    [InlineData("cost $", "cost $")]
    public void Expand_FollowsGoTemplateRules(string template, string expected)
    {
        var regex = new Regex("^(?<name>ab)$");
        var m = regex.Match("ab");
        // Group 1 and the named group are the same group here.
        Assert.Equal(expected, RegexTemplate.Expand(m, template));
    }
}
