using System.Diagnostics;
using MetricsServer.Remote.Write;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace MetricsServer.Benchmarks.RemoteWriteThroughput;

/// <summary>One measured run: push every sample through a queue and wait until none is pending.</summary>
internal static class ThroughputRun
{
    public static async Task<string> RunAsync(Uri url, long samples, int series)
    {
        var metrics = new RemoteWriteMetrics(Metrics.NewCustomRegistry()).ForQueue("bench", url.ToString());
        var source = new MemoryWalSource(samples, series);
        using var http = new HttpClient();
        var queue = new QueueManager(new QueueManagerOptions { Name = "bench", Url = url }, http, source, metrics, TimeProvider.System, NullLogger.Instance);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        queue.Start(0);
        await source.Pushed.Task.ConfigureAwait(false);
        while (metrics.SamplesPending.Value > 0) await Task.Delay(5).ConfigureAwait(false);
        wall.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var sent = metrics.Samples.Value;
        var shards = queue.Shards;
        await queue.DisposeAsync().ConfigureAwait(false);
        return $"samples sent {sent:N0} of {samples:N0} ({series:N0} series), wall {wall.Elapsed.TotalSeconds:F2} s, CPU {cpu:F2} s, " +
            $"{sent / cpu:N0} samples/s per core, {sent / wall.Elapsed.TotalSeconds:N0} samples/s, shards at the end {shards}, failed {metrics.SamplesFailed.Value}";
    }
}
