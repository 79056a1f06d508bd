using MetricsServer.Tsdb.Blocks;

namespace MetricsServer.Tsdb.Compaction;

/// <summary>A block that retention removes, and why.</summary>
public readonly record struct BlockDeletion(Ulid Ulid, RetentionReason Reason);
