using MetricsServer.Model.Labels;
using MatchType = MetricsServer.Model.Labels.MatchType;

namespace MetricsServer.Model.Tests.Labels;

public sealed class MatcherTests
{
    [Theory]
    [InlineData(MatchType.Equal, "foo", "foo", true)]
    [InlineData(MatchType.Equal, "foo", "foobar", false)]
    [InlineData(MatchType.NotEqual, "foo", "bar", true)]
    [InlineData(MatchType.Regex, "foo", "foobar", false)]
    [InlineData(MatchType.Regex, "foo.*", "foobar", true)]
    [InlineData(MatchType.Regex, "a|b", "b", true)]
    [InlineData(MatchType.Regex, "a|b", "ab", false)]
    [InlineData(MatchType.Regex, ".*", "line1\nline2", true)]
    [InlineData(MatchType.NotRegex, "5..", "500", false)]
    [InlineData(MatchType.NotRegex, "5..", "200", true)]
    [InlineData(MatchType.Regex, "(?P<code>5)..", "503", true)]
    public void Matches_IsFullyAnchored(MatchType type, string pattern, string value, bool expected)
    {
        Assert.Equal(expected, new Matcher(type, "l", pattern).Matches(value));
    }

    [Theory]
    [InlineData(MatchType.Equal, "", true)]
    [InlineData(MatchType.Regex, ".*", true)]
    [InlineData(MatchType.Regex, ".+", false)]
    [InlineData(MatchType.NotEqual, "", false)]
    public void MatchesEmpty_TellsWhetherAbsentLabelsMatch(MatchType type, string pattern, bool expected)
    {
        Assert.Equal(expected, new Matcher(type, "l", pattern).MatchesEmpty);
    }

    [Theory]
    [InlineData("(unclosed")]
    [InlineData("a(?=b)")]
    [InlineData("(a)\\1")]
    public void Regex_InvalidOrNotRe2_ThrowsArgumentException(string pattern)
    {
        var e = Assert.Throws<ArgumentException>(() => new Matcher(MatchType.Regex, "l", pattern));
        Assert.StartsWith("error parsing regexp", e.Message);
    }

    [Fact]
    public void ToString_IsPromQlSyntax()
    {
        Assert.Equal("job=~\"a\\\"b\"", new Matcher(MatchType.Regex, "job", "a\"b").ToString());
    }
}
