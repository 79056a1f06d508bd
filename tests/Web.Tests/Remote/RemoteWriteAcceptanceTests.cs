namespace MetricsServer.Web.Tests.Remote;

/// <summary>
/// Issue 6's acceptance on loopback: our server remote-writes what it scrapes to Debian's <c>victoria-metrics</c>
/// and to Debian's <c>prometheus</c> as a receiver, and each ends up holding exactly the series and samples we hold,
/// compared sample by sample through both query APIs.
/// </summary>
public sealed class RemoteWriteAcceptanceTests
{
    private const string QueueConfig = "{ batch_send_deadline: 100ms, min_backoff: 50ms, max_backoff: 200ms }";

    public static TheoryData<string> Peers => ["victoria-metrics", "prometheus"];

    private static Task<ReceiverPeer> StartPeerAsync(string kind) =>
        kind == "victoria-metrics" ? ReceiverPeer.VictoriaMetricsAsync() : ReceiverPeer.PrometheusAsync();

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task OurServer_RemoteWritingToPeer_PeerHoldsExactlyOurSeriesAndSamples(string peerKind)
    {
        await using var peer = await StartPeerAsync(peerKind);
        await using var run = await RemoteWriteRun.StartAsync(peer.WriteUrl, series: 20, QueueConfig);

        await run.WaitForScrapesAsync(15, "fifteen scrapes");
        var to = run.SettledCutoffMs();
        var from = to - 60_000;
        var ours = await run.OurSamplesAsync(from, to);
        // 20 counters, the gauge, up and the four scrape_* series, each sampled at least 14 times.
        Assert.True(ours.Count >= 26 * 14, $"we hold only {ours.Count} samples");

        await RemoteWriteRun.AssertPeerHoldsAsync(peer, ours, from, to, TimeSpan.FromSeconds(10));
        Assert.Equal(0, await run.QueueMetricAsync("samples_failed_total"));
    }
}
