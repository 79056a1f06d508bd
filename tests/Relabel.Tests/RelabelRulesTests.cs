using MetricsServer.Config;

namespace MetricsServer.Relabel.Tests;

public sealed class RelabelRulesTests
{
    [Fact]
    public void Compile_InvalidSecondRule_MessageNamesItsPosition()
    {
        RelabelConfig[] configs = [new() { TargetLabel = "ok" }, new() { Action = RelabelAction.HashMod, TargetLabel = "t" }];

        var e = Assert.Throws<ArgumentException>(() => RelabelRules.Compile(configs));

        Assert.StartsWith("relabel config #2: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("modulus", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_KeepsOrder()
    {
        var rules = RelabelRules.Compile(
        [
            new() { Action = RelabelAction.Keep, SourceLabels = ["a"] },
            new() { Action = RelabelAction.LabelDrop, Regex = "x" },
        ]);

        Assert.Equal(2, rules.Count);
        Assert.Equal(RelabelAction.Keep, rules[0].Action);
        Assert.Equal(RelabelAction.LabelDrop, rules[1].Action);
    }

    [Fact]
    public void Compile_EmptyList_IsEmpty()
    {
        Assert.Same(RelabelRules.Empty, RelabelRules.Compile([]));
        Assert.True(RelabelRules.Empty.IsEmpty);
    }
}
