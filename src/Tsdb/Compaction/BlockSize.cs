using MetricsServer.Tsdb.Blocks;

namespace MetricsServer.Tsdb.Compaction;

/// <summary>A block's meta and its size on disk in bytes (see <see cref="RetentionPolicy.DirectorySizeBytes"/>).</summary>
public readonly record struct BlockSize(BlockMeta Meta, long Bytes);
