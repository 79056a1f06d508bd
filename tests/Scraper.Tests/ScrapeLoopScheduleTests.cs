using MetricsServer.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace MetricsServer.Scraper.Tests;

public sealed class ScrapeLoopScheduleTests
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(5, false)]
    public async Task Run_ScrapeNearItsSchedule_IsStampedWithTheScheduledTime(int lateMs, bool adjusted)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        await using var f = new ScrapeLoopFixture("m 1\n", clock: clock, timestampTolerance: TimeSpan.FromMilliseconds(2));
        f.Loop.Start();
        var first = clock.GetUtcNow() + f.Loop.Offset(clock.GetUtcNow());
        await Task.Delay(100);
        clock.Advance(first - clock.GetUtcNow() + TimeSpan.FromMilliseconds(lateMs));
        await Eventually.TrueAsync(() => f.Series("up").Count == 1, TimeSpan.FromSeconds(10), "the first scrape");
        for (var i = 1; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(15));
            var want = i + 1;
            await Eventually.TrueAsync(() => f.Series("up").Single().Samples.Count == want, TimeSpan.FromSeconds(10), $"scrape {want}");
        }

        var stamps = f.Series("m").Single().Samples.Select(s => s.T).ToList();
        var scheduled = first.ToUnixTimeMilliseconds();
        var expected = Enumerable.Range(0, 3).Select(i => scheduled + (i * 15_000L) + (adjusted ? 0 : lateMs)).ToList();
        Assert.Equal(expected, stamps);
    }
}
