using MetricsServer.Tsdb.Chunks;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>One XOR chunk to be written into a block, with its first and last sample timestamps (inclusive).</summary>
public readonly record struct BlockChunk(long MinTimeMs, long MaxTimeMs, XorChunk Chunk);
