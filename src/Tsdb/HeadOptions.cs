namespace MetricsServer.Tsdb;

/// <summary>How the in-memory head is laid out. Immutable.</summary>
public sealed record HeadOptions
{
    /// <summary>
    /// Lock stripes for the series maps, a power of two. Prometheus uses 16384; each stripe costs two empty
    /// dictionaries (about 160 bytes), so 4096 keeps the fixed cost under 1 MiB while contention stays negligible.
    /// </summary>
    public int StripeSize { get; init; } = 4096;

    /// <summary>
    /// The number of samples a chunk aims at (Prometheus targets 120). Chunks are cut as Prometheus cuts them: once a
    /// quarter full, the rest of the chunk range is split evenly into chunks of about this size; a chunk never crosses
    /// the end of its chunk range; and one holding twice this many is cut whatever its times.
    /// </summary>
    public int SamplesPerChunk { get; init; } = 120;

    /// <summary>
    /// The width of the aligned time ranges chunks never cross: the database's minimum block duration, so that a
    /// block cut from the head never splits a chunk. Zero: no ranges, chunks are cut by count alone.
    /// </summary>
    public long ChunkRangeMs { get; init; }

    public static HeadOptions Default { get; } = new();
}
