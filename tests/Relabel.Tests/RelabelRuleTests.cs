using MetricsServer.Config;

namespace MetricsServer.Relabel.Tests;

public sealed class RelabelRuleTests
{
    private static readonly Dictionary<string, (RelabelConfig Config, string Message)> Invalid = new()
    {
        ["BadRegex"] = (new RelabelConfig { Regex = "(", TargetLabel = "t" }, "invalid regex \"(\""),
        ["BackreferenceIsNotRe2"] = (new RelabelConfig { Regex = @"(a)\1", TargetLabel = "t" }, "invalid regex"),
        ["ReplaceWithoutTarget"] = (new RelabelConfig { SourceLabels = ["a"] }, "replace action requires 'target_label'"),
        ["ReplaceTargetStartsWithDigit"] = (new RelabelConfig { TargetLabel = "1abc" }, "\"1abc\" is invalid 'target_label' for replace"),
        ["ReplaceTargetWithDash"] = (new RelabelConfig { TargetLabel = "a-b" }, "invalid 'target_label'"),
        ["HashModWithoutModulus"] = (new RelabelConfig { Action = RelabelAction.HashMod, SourceLabels = ["a"], TargetLabel = "t" }, "non-zero modulus"),
        ["HashModWithoutTarget"] = (new RelabelConfig { Action = RelabelAction.HashMod, SourceLabels = ["a"], Modulus = 2 }, "hashmod action requires 'target_label'"),
        ["HashModTargetWithReference"] = (new RelabelConfig { Action = RelabelAction.HashMod, TargetLabel = "${1}", Modulus = 2 }, "invalid 'target_label' for hashmod"),
        ["LowercaseWithoutTarget"] = (new RelabelConfig { Action = RelabelAction.Lowercase, SourceLabels = ["a"] }, "lowercase action requires 'target_label'"),
        ["UppercaseWithoutTarget"] = (new RelabelConfig { Action = RelabelAction.Uppercase, SourceLabels = ["a"] }, "uppercase action requires 'target_label'"),
        ["KeepEqualWithoutTarget"] = (new RelabelConfig { Action = RelabelAction.KeepEqual, SourceLabels = ["a"] }, "keepequal action requires 'target_label'"),
        ["KeepEqualWithRegex"] = (new RelabelConfig { Action = RelabelAction.KeepEqual, SourceLabels = ["a"], TargetLabel = "b", Regex = "x" }, "keepequal action requires only 'source_labels' and `target_label`, and no other fields"),
        ["DropEqualWithReplacement"] = (new RelabelConfig { Action = RelabelAction.DropEqual, SourceLabels = ["a"], TargetLabel = "b", Replacement = "x" }, "dropequal action requires only"),
        ["KeepEqualWithSeparator"] = (new RelabelConfig { Action = RelabelAction.KeepEqual, SourceLabels = ["a"], TargetLabel = "b", Separator = "," }, "keepequal action requires only"),
        ["LowercaseWithReplacement"] = (new RelabelConfig { Action = RelabelAction.Lowercase, SourceLabels = ["a"], TargetLabel = "b", Replacement = "x" }, "'replacement' can not be set for lowercase action"),
        ["LabelDropWithSourceLabels"] = (new RelabelConfig { Action = RelabelAction.LabelDrop, SourceLabels = ["a"], Regex = "a" }, "labeldrop action requires only 'regex'"),
        ["LabelKeepWithTarget"] = (new RelabelConfig { Action = RelabelAction.LabelKeep, TargetLabel = "a", Regex = "a" }, "labelkeep action requires only 'regex'"),
        ["LabelMapBadReplacement"] = (new RelabelConfig { Action = RelabelAction.LabelMap, Regex = "(.*)", Replacement = "bad-$1" }, "\"bad-$1\" is invalid 'replacement' for labelmap"),
        ["InvalidSourceLabelName"] = (new RelabelConfig { SourceLabels = ["a-b"], TargetLabel = "t" }, "\"a-b\" is not a valid label name in 'source_labels'"),
    };

    public static TheoryData<string> InvalidNames => [.. Invalid.Keys];

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Compile_InvalidConfig_ThrowsNamingTheProblem(string name)
    {
        var (config, message) = Invalid[name];

        var e = Assert.Throws<ArgumentException>(() => RelabelRule.Compile(config));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("_a1", true)]
    [InlineData("$1", true)]
    [InlineData("${1}_x", true)]
    [InlineData("x_${name}y$2", true)]
    [InlineData("", false)]
    [InlineData("1a", false)]
    [InlineData("a-b", false)]
    [InlineData("$", false)]
    [InlineData("${1", false)]
    [InlineData("${}", false)]
    public void IsValidNameTemplate_FollowsPrometheusTargetRule(string template, bool valid)
    {
        Assert.Equal(valid, RelabelRule.IsValidNameTemplate(template));
    }

    [Fact]
    public void Compile_Defaults_AreAReplaceFromNothingToTarget()
    {
        var rule = RelabelRule.Compile(new RelabelConfig { TargetLabel = "t" });

        Assert.Equal(RelabelAction.Replace, rule.Action);
        Assert.True(rule.MatchesEverything);
        Assert.Equal(";", rule.Separator);
        Assert.Equal("(.*)", rule.Config.Regex);
        Assert.Equal("$1", rule.Config.Replacement);
    }

    [Fact]
    public void Compile_LaterChangeToConfig_DoesNotAffectRule()
    {
        var config = new RelabelConfig { SourceLabels = ["a"], TargetLabel = "t" };
        var rule = RelabelRule.Compile(config);

        config.SourceLabels.Add("b");
        config.TargetLabel = "u";

        Assert.Equal(["a"], rule.Config.SourceLabels);
        Assert.Equal("t", rule.Config.TargetLabel);
    }

    [Theory]
    [InlineData(RelabelAction.Replace, "replace")]
    [InlineData(RelabelAction.KeepEqual, "keepequal")]
    [InlineData(RelabelAction.HashMod, "hashmod")]
    [InlineData(RelabelAction.LabelMap, "labelmap")]
    [InlineData(RelabelAction.Uppercase, "uppercase")]
    public void ActionName_IsTheYamlSpelling(RelabelAction action, string expected)
    {
        Assert.Equal(expected, RelabelRule.ActionName(action));
    }
}
