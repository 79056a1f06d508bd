using MetricsServer.Model.Labels;

namespace MetricsServer.Discovery.Tests;

public class TargetGroupTests
{
    [Fact]
    public void Constructor_CopiesTargets_SoLaterChangesToTheListDoNotShow()
    {
        var targets = new List<LabelSet> { LabelSet.FromStrings("__address__", "a:1") };
        var group = new TargetGroup("0", targets, LabelSet.FromStrings("env", "prod"));

        targets.Add(LabelSet.FromStrings("__address__", "b:2"));

        Assert.Single(group.Targets);
        Assert.Equal("a:1", group.Targets[0].Get("__address__"));
        Assert.Equal("prod", group.Labels.Get("env"));
    }

    [Fact]
    public void Empty_HasSourceAndNoTargetsOrLabels()
    {
        var group = TargetGroup.Empty("file.yml:3");

        Assert.Equal("file.yml:3", group.Source);
        Assert.Empty(group.Targets);
        Assert.Same(LabelSet.Empty, group.Labels);
    }
}
