using MetricsServer.Model.Labels;
using MetricsServer.TestSupport;
using Microsoft.Extensions.Time.Testing;
using static MetricsServer.Tsdb.Tests.HeadFixture;

namespace MetricsServer.Tsdb.Tests;

public sealed class HeadRetentionTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UnixEpoch.AddDays(20000);

    [Fact]
    public async Task Run_SeriesOlderThanRetention_AreRemovedOnTheNextTick()
    {
        var clock = new FakeTimeProvider(Start);
        var head = NewHead();
        var old = LabelSet.FromStrings("__name__", "old");
        var fresh = LabelSet.FromStrings("__name__", "fresh");
        Add(head, old, (Start.ToUnixTimeMilliseconds(), 1));
        await using var retention = new HeadRetention(head, TimeSpan.FromHours(1), TimeSpan.FromMinutes(1), clock);
        retention.Start();

        clock.Advance(TimeSpan.FromMinutes(59));
        Add(head, fresh, (clock.GetUtcNow().ToUnixTimeMilliseconds(), 2));
        Assert.Equal(2, head.NumSeries);

        clock.Advance(TimeSpan.FromMinutes(2));
        await Eventually.TrueAsync(() => head.NumSeries == 1, TimeSpan.FromSeconds(5), "the old series to be truncated");

        Assert.Empty(SelectAll(head, Matcher.Equal("__name__", "old")));
        Assert.Single(SelectAll(head, Matcher.Equal("__name__", "fresh")));
    }

    [Fact]
    public void Apply_ZeroRetention_KeepsEverything()
    {
        var head = NewHead();
        Add(head, LabelSet.FromStrings("__name__", "x"), (1, 1));
        var retention = new HeadRetention(head, TimeSpan.Zero, TimeSpan.FromMinutes(1), new FakeTimeProvider(Start));

        retention.Apply();

        Assert.Equal(1, head.NumSeries);
    }

    [Fact]
    public async Task Stop_EndsTheTask()
    {
        var clock = new FakeTimeProvider(Start);
        var head = NewHead();
        var retention = new HeadRetention(head, TimeSpan.FromHours(1), TimeSpan.FromMinutes(1), clock);
        retention.Start();

        await retention.StopAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Add(head, LabelSet.FromStrings("__name__", "x"), (Start.ToUnixTimeMilliseconds(), 1));
        clock.Advance(TimeSpan.FromHours(3));

        Assert.Equal(1, head.NumSeries);
        await retention.DisposeAsync();
    }
}
