using System.Threading.Channels;
using MetricsServer.Config;
using MetricsServer.Discovery.Static;

namespace MetricsServer.Discovery.Tests.Static;

public class StaticDiscovererTests
{
    [Fact]
    public async Task RunAsync_SendsOneGroupPerStaticConfig_ThenWaitsForCancellation()
    {
        var discoverer = new StaticDiscoverer(
        [
            new StaticConfig { Targets = ["a:9100", "b:9100"], Labels = new() { ["env"] = "prod" } },
            new StaticConfig { Targets = ["c:9090"] },
        ]);
        var channel = Channel.CreateUnbounded<IReadOnlyList<TargetGroup>>();
        using var cts = new CancellationTokenSource();

        var run = discoverer.RunAsync(channel.Writer, cts.Token);
        var groups = await channel.Reader.ReadWithTimeoutAsync();

        Assert.Equal(2, groups.Count);
        Assert.Equal("0", groups[0].Source);
        Assert.Equal(["a:9100", "b:9100"], groups[0].Targets.Select(t => t.Get("__address__")));
        Assert.Equal("prod", groups[0].Labels.Get("env"));
        Assert.Equal("1", groups[1].Source);
        Assert.Equal("c:9090", Assert.Single(groups[1].Targets).Get("__address__"));
        Assert.Empty(groups[1].Labels);
        Assert.False(run.IsCompleted);

        await cts.CancelAsync();
        await run.WithTimeout();
        Assert.True(run.IsCompletedSuccessfully);
        Assert.False(channel.Reader.TryRead(out _));
    }

    [Fact]
    public async Task RunAsync_CancelledBeforeStart_ReturnsWithoutThrowing()
    {
        var discoverer = new StaticDiscoverer([new StaticConfig { Targets = ["a:1"] }]);
        var channel = Channel.CreateBounded<IReadOnlyList<TargetGroup>>(1);
        channel.Writer.TryWrite([]);

        // The channel is full, so the write would wait; cancellation must still end the run.
        await discoverer.RunAsync(channel.Writer, new CancellationToken(canceled: true)).WithTimeout();

        Assert.Single(discoverer.Groups);
    }
}
