namespace MetricsServer.Tsdb;

/// <summary>How the in-memory head is laid out. Immutable.</summary>
public sealed record HeadOptions
{
    /// <summary>
    /// Lock stripes for the series maps, a power of two. Prometheus uses 16384; each stripe costs two empty
    /// dictionaries (about 160 bytes), so 4096 keeps the fixed cost under 1 MiB while contention stays negligible.
    /// </summary>
    public int StripeSize { get; init; } = 4096;

    /// <summary>Samples after which a chunk is sealed and a new one started (Prometheus targets 120).</summary>
    public int SamplesPerChunk { get; init; } = 120;

    public static HeadOptions Default { get; } = new();
}
