using MetricsServer.Tsdb.HeadChunks;

namespace MetricsServer.Tsdb;

/// <summary>
/// A sealed XOR chunk of a head series with its time bounds: either in a head chunk file (<paramref name="DiskRef"/>,
/// read through the <see cref="HeadChunkDiskMapper"/>; <paramref name="Data"/> null), which keeps it off the managed
/// heap, or, for a head without chunk files, its bytes sized exactly. Never changed.
/// </summary>
internal readonly record struct ClosedChunk(byte[]? Data, ulong DiskRef, long MinTime, long MaxTime);
