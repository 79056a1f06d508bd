namespace MetricsServer.Benchmarks.Tsdb;

/// <summary>
/// Deterministic, realistic samples for chunk benchmarks: each chunk is a different series scraped every 15 s, with
/// scrape timestamps off their schedule by up to ±<c>jitterMs</c>.
/// </summary>
/// <remarks>
/// Jitter 0 is what our scraper stores (scheduled timestamps) and what Prometheus stores since 2.22, which moves a
/// timestamp within 2 ms of the schedule onto it (<c>--scrape.timestamp-tolerance</c>); a few ms is what arrives
/// unaligned, e.g. through remote write from an agent that does not align.
/// </remarks>
internal static class ChunkSamples
{
    public const int ScrapeIntervalMs = 15_000;

    /// <summary><paramref name="chunks"/> × <paramref name="samplesPerChunk"/> samples, chunk after chunk.</summary>
    public static (long TimestampMs, double Value)[] Generate(ChunkDataKind kind, int jitterMs, int chunks, int samplesPerChunk, int seed = 1)
    {
        var random = new Random(seed);
        var samples = new (long, double)[chunks * samplesPerChunk];
        for (var c = 0; c < chunks; c++)
        {
            var start = 1_700_000_000_000L + random.Next(ScrapeIntervalMs);
            var series = new SeriesState(kind, random);
            for (var s = 0; s < samplesPerChunk; s++)
            {
                var t = start + (long)s * ScrapeIntervalMs + random.Next(-jitterMs, jitterMs + 1);
                samples[c * samplesPerChunk + s] = (t, series.Next(random));
            }
        }
        return samples;
    }

    /// <summary>One series' generator: its level and rate are drawn once, then each call gives the next value.</summary>
    private struct SeriesState
    {
        private const double PageBytes = 4096;
        private readonly ChunkDataKind _kind;
        private readonly double _rate;
        private double _value;

        public SeriesState(ChunkDataKind kind, Random random)
        {
            _kind = kind;
            switch (kind)
            {
                case ChunkDataKind.Counter:
                    // Increments per scrape log-uniform from 0.05 (an error counter) to 200 (a busy handler).
                    _rate = Math.Exp(Math.Log(0.05) + random.NextDouble() * (Math.Log(200) - Math.Log(0.05)));
                    _value = random.Next(1_000_000);
                    break;
                case ChunkDataKind.MemoryGauge:
                    // 50 MB to 4 GB, whole pages.
                    _value = Math.Round(Math.Exp(Math.Log(50e6) + random.NextDouble() * (Math.Log(4e9) - Math.Log(50e6))) / PageBytes) * PageBytes;
                    break;
                case ChunkDataKind.CpuRatioGauge:
                    _rate = random.NextDouble();
                    break;
                default:
                    _value = 1;
                    break;
            }
        }

        public double Next(Random random)
        {
            switch (_kind)
            {
                case ChunkDataKind.Counter:
                    // Poisson-like: the rate plus noise of its square root, rounded, never negative.
                    _value += Math.Max(0, Math.Round(_rate + Math.Sqrt(_rate) * Gaussian(random)));
                    return _value;
                case ChunkDataKind.MemoryGauge:
                    if (random.NextDouble() >= 0.4) _value += random.Next(-64, 65) * PageBytes;
                    return _value;
                case ChunkDataKind.CpuRatioGauge:
                    return Math.Clamp(_rate + 0.05 * Gaussian(random), 0, 1);
                default:
                    return _value;
            }
        }

        private static double Gaussian(Random random) =>
            Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
