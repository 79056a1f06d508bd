namespace MetricsServer.Relabel.Tests;

public sealed class ReplacementTemplateTests
{
    [Theory]
    [InlineData("(a)(b)", "ab", "$1", "a")]
    [InlineData("(a)(b)", "ab", "${2}", "b")]
    [InlineData("(a)(b)", "ab", "$0", "ab")]
    [InlineData("(a)(b)", "ab", "$1x", "")] // $1x is ${1x}, an unknown name
    [InlineData("(a)(b)", "ab", "${1}x", "ax")]
    [InlineData("(a)(b)", "ab", "$12", "")] // $12 is group twelve, not ${1}2
    [InlineData("(a)(b)", "ab", "$01", "")] // a leading zero makes it a name
    [InlineData("(a)(b)", "ab", "$$1", "$1")]
    [InlineData("(a)(b)", "ab", "$", "$")]
    [InlineData("(a)(b)", "ab", "${", "${")]
    [InlineData("(a)(b)", "ab", "${1", "${1")]
    [InlineData("(a)(b)", "ab", "${1 }", "${1 }")]
    [InlineData("(a)(b)", "ab", "$-1", "$-1")]
    [InlineData("(a)(b)", "ab", "$2.$1", "b.a")]
    [InlineData("(?P<x>a)(b)", "ab", "$x-$2-$1", "a-b-a")]
    [InlineData("(?P<x>a)(b)", "ab", "${x}_", "a_")]
    [InlineData("(?P<x>a)(b)", "ab", "$x_", "")] // the name is "x_"
    [InlineData("(?<x>a)|(b)", "b", "[$x][$1][$2]", "[][][b]")] // unmatched groups expand to nothing
    [InlineData("(a)?b", "b", "[$1]", "[]")]
    public void Expand_FollowsGoRegexpExpand(string pattern, string input, string template, string expected)
    {
        var rule = RelabelRule.Compile(new() { SourceLabels = ["a"], Regex = pattern, TargetLabel = "t", Replacement = template });
        var match = rule.Regex.Match(input);
        Assert.True(match.Success);

        Assert.Equal(expected, rule.Replacement!.Expand(input, match));
    }

    [Fact]
    public void Expand_DefaultRegexWithoutMatch_FirstGroupIsInputItself()
    {
        var rule = RelabelRule.Compile(new() { SourceLabels = ["a"], TargetLabel = "t" });
        var input = string.Concat("some", "value");

        Assert.Same(input, rule.Replacement!.Expand(input, null));
    }

    [Fact]
    public void Expand_NoReferences_IsLiteral()
    {
        var rule = RelabelRule.Compile(new() { TargetLabel = "t", Replacement = "a$$b" });

        Assert.Equal("a$b", rule.Replacement!.Literal);
    }
}
