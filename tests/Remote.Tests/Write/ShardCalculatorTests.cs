using MetricsServer.Remote.Write;

namespace MetricsServer.Remote.Tests.Write;

public sealed class ShardCalculatorTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    [Theory]
    // 1000 samples/s in; each sample costs a shard 10 ms to send: 10 shards keep up.
    [InlineData(1, 10_000, 1_000, 10.0, 0, false, 10)]
    // Within ±30 % of the current count: no change.
    [InlineData(9, 10_000, 1_000, 10.0, 0, false, 9)]
    // Failing sends: keep the current count.
    [InlineData(2, 10_000, 1_000, 10.0, 0, true, 2)]
    // Nothing sent yet: keep the current count.
    [InlineData(3, 10_000, 0, 0.0, 0, false, 3)]
    // Clamped to max.
    [InlineData(1, 1_000_000, 1_000, 10.0, 0, false, 50)]
    // Nothing coming in, but a backlog of 10 000 at 10 ms per sample is one shard's work to drain in 100 s.
    [InlineData(1, 0, 1_000, 10.0, 10_000, false, 1)]
    public void Update_ReturnsDesiredShards(int current, long samplesIn, long samplesOut, double sendSeconds, long pending, bool failing, int expected)
    {
        var calculator = new ShardCalculator(1, 50);
        Assert.Equal(expected, calculator.Update(current, samplesIn, samplesOut, sendSeconds, pending, Interval, failing));
    }
}
