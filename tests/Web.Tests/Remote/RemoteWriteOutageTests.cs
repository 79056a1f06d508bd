using MetricsServer.TestSupport;

namespace MetricsServer.Web.Tests.Remote;

/// <summary>
/// Issue 6's outage acceptance: the receiver (Debian's prometheus) is killed in the middle of a run and started again
/// on the same port and data. The issue asks for 60 s away; the test keeps it to about four seconds of scrapes, enough
/// to fill the small queue many times over, so the same paths run: the shards retry, the WAL reader is held back, and
/// what was scraped meanwhile is read from the WAL once the receiver returns.
/// </summary>
public sealed class RemoteWriteOutageTests
{
    private const int Capacity = 40;
    private const int MaxShards = 2;
    private const int MaxSamplesPerSend = 20;
    private static readonly string QueueConfig =
        $"{{ capacity: {Capacity}, max_shards: {MaxShards}, max_samples_per_send: {MaxSamplesPerSend}, batch_send_deadline: 100ms, min_backoff: 50ms, max_backoff: 200ms }}";

    [Fact]
    public async Task ReceiverKilledMidRun_OnceBack_HoldsEverySample_AndOurPendingStaysBounded()
    {
        await using var peer = await ReceiverPeer.PrometheusAsync();
        await using var run = await RemoteWriteRun.StartAsync(peer.WriteUrl, series: 20, QueueConfig);
        await run.WaitForScrapesAsync(5, "five scrapes before the outage");
        var before = run.UpTimestamps().Count;

        await peer.StopAsync();
        // Away for twenty scrapes (26 samples each, 520 in all: thirteen times the capacity of both shards together).
        // Samples pending count those in the shards' queues and their batches being built or retried, plus the one the
        // WAL reader is waiting to queue.
        const int bound = MaxShards * (Capacity + MaxSamplesPerSend) + 1;
        var highestPending = 0.0;
        await Eventually.TrueAsync(async () =>
        {
            var pending = await run.QueueMetricAsync("samples_pending");
            highestPending = Math.Max(highestPending, pending);
            Assert.True(pending <= bound, $"{pending} samples pending while the receiver is away, more than {bound}");
            return run.UpTimestamps().Count >= before + 20 && await run.QueueMetricAsync("samples_retried_total") > 0;
        }, TimeSpan.FromSeconds(15), "twenty scrapes and a retried send while the receiver is away");
        Assert.True(highestPending >= Capacity, $"the queue never filled ({highestPending} pending): the outage was not felt");

        await peer.StartAsync();
        await run.WaitForScrapesAsync(run.UpTimestamps().Count + 2, "two scrapes after the receiver is back");
        var to = run.SettledCutoffMs();
        var from = to - 60_000;
        var ours = await run.OurSamplesAsync(from, to);
        Assert.True(ours.Count >= 26 * (before + 20), $"we hold only {ours.Count} samples");
        await RemoteWriteRun.AssertPeerHoldsAsync(peer, ours, from, to, TimeSpan.FromSeconds(15));
        Assert.Equal(0, await run.QueueMetricAsync("samples_failed_total"));
    }
}
