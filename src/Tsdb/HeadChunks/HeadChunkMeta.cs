namespace MetricsServer.Tsdb.HeadChunks;

/// <summary>
/// One chunk found by <see cref="HeadChunkDiskMapper.IterateAllChunks"/>: what replay needs to attach it to its
/// series without reading the data. <see cref="NumSamples"/> is the big-endian count in the data's first two bytes,
/// which every Prometheus chunk encoding starts with.
/// </summary>
public readonly record struct HeadChunkMeta(ulong SeriesRef, ulong ChunkRef, long MinTime, long MaxTime, int NumSamples, byte Encoding, int DataLength);
