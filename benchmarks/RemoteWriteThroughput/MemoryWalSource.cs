using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Remote.Write;

namespace MetricsServer.Benchmarks.RemoteWriteThroughput;

/// <summary>
/// An <see cref="IWalSource"/> that hands the queue <c>series</c> series shaped like the rig's synthetic exporter, then
/// <c>samples</c> samples in scrape-sized batches (one sample per series, timestamps 15 s apart), as fast as the queue
/// takes them. No WAL decoding: the figure is the sending side's alone.
/// </summary>
internal sealed class MemoryWalSource(long samples, int series) : IWalSource
{
    public TaskCompletionSource Pushed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task FollowAsync(IWalSink sink, long startTimestampMs, CancellationToken cancellationToken)
    {
        string[] handlers = ["/api/v1/query", "/api/v1/series", "/login", "/", "/static"];
        string[] codes = ["200", "404", "500", "302"];
        for (var i = 0; i < series; i++)
        {
            sink.StoreSeries(new SeriesRef((ulong)i + 1), LabelSet.FromStrings(
                "__name__", "http_requests_total", "code", codes[i % codes.Length], "handler", handlers[i / 4 % handlers.Length],
                "instance", $"127.0.0.1:{20000 + i / 2000}", "job", "synth", "method", "GET", "namespace", "ns-" + (i / 2000 % 7),
                "pod", $"app-{i / 2000}-7d9f8b6c5-x{i % 97}"), 0);
        }
        var batch = new WalSample[series];
        var t = startTimestampMs + 1;
        for (long sent = 0; sent < samples; sent += series)
        {
            var n = (int)Math.Min(series, samples - sent);
            for (var i = 0; i < n; i++) batch[i] = new WalSample(new SeriesRef((ulong)i + 1), t, sent + i * 0.5);
            await sink.AppendAsync(batch.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            t += 15_000;
        }
        Pushed.SetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
    }
}
