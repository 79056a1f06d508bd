namespace MetricsServer.Tsdb;

/// <summary>A consistent prefix of a series' data, captured under its lock and read without it.</summary>
internal readonly record struct SeriesSnapshot(
    ClosedChunk[] Chunks,
    int ChunkCount,
    byte[]? OpenBuffer,
    int OpenByteLength,
    int OpenNumSamples,
    long OpenMinTime,
    long MaxTime)
{
    public long MinTime => ChunkCount > 0 ? Chunks[0].MinTime : OpenNumSamples > 0 ? OpenMinTime : long.MaxValue;

    public bool Overlaps(long minTime, long maxTime) =>
        (ChunkCount > 0 || OpenNumSamples > 0) && MinTime <= maxTime && MaxTime >= minTime;
}
