using MetricsServer.Model.Labels;
using MetricsServer.Tsdb.Blocks;
using MetricsServer.Tsdb.Chunks;

namespace MetricsServer.Tsdb.Tests.Blocks;

/// <summary>Realistic series for block tests: node-exporter and HTTP metrics over a few pods, 15 s scrapes.</summary>
internal static class BlockTestData
{
    public const long StartMs = 1_700_000_000_000;

    /// <summary>
    /// <paramref name="count"/> series with <paramref name="chunksPerSeries"/> chunks of <paramref name="samplesPerChunk"/>
    /// samples each; counters grow, gauges wander, and a few values are fractional, negative or huge.
    /// </summary>
    public static List<(LabelSet Labels, List<(long T, double V)> Samples, BlockSeries Series)> Generate(
        int count, int chunksPerSeries, int samplesPerChunk, int seed = 42)
    {
        var random = new Random(seed);
        string[] metrics = ["http_requests_total", "node_cpu_seconds_total", "process_resident_memory_bytes", "up", "go_goroutines"];
        string[] methods = ["GET", "POST", "PUT", "DELETE"];
        var result = new List<(LabelSet, List<(long, double)>, BlockSeries)>();
        for (var i = 0; i < count; i++)
        {
            var metric = metrics[i % metrics.Length];
            var labels = LabelSet.FromStrings(
                "__name__", metric,
                "job", i % 3 == 0 ? "node" : "api",
                "instance", $"10.0.{i / 50}.{i % 50}:9100",
                "pod", $"api-{i % 17}-{(i * 7919) % 1000:D3}",
                "method", methods[i % methods.Length],
                "series", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var samples = new List<(long, double)>();
            var chunks = new List<BlockChunk>();
            var t = StartMs + random.Next(0, 15_000);
            var v = metric.EndsWith("_total", StringComparison.Ordinal) ? random.Next(0, 1000) : random.NextDouble() * 1e9;
            for (var c = 0; c < chunksPerSeries; c++)
            {
                var chunkSamples = new (long, double)[samplesPerChunk];
                for (var s = 0; s < samplesPerChunk; s++)
                {
                    // Scrape jitter of a few milliseconds, as real scrapes have.
                    t += 15_000 + random.Next(-3, 4);
                    v = metric switch
                    {
                        "up" => 1,
                        "go_goroutines" => random.Next(5, 400),
                        "process_resident_memory_bytes" => Math.Round(v + (random.NextDouble() - 0.5) * 1e6),
                        _ => v + random.Next(0, 50) + (i % 11 == 0 ? 0.25 : 0),
                    };
                    if (i % 97 == 0 && s == 3) v = -v;
                    chunkSamples[s] = (t, v);
                    samples.Add((t, v));
                }
                chunks.Add(new BlockChunk(chunkSamples[0].Item1, chunkSamples[^1].Item1, XorChunk.Encode(chunkSamples)));
            }
            result.Add((labels, samples, new BlockSeries(labels, chunks)));
        }
        return result;
    }
}
