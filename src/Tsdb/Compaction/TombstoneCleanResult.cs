using MetricsServer.Tsdb.Blocks;

namespace MetricsServer.Tsdb.Compaction;

/// <summary>
/// The outcome of <see cref="BlockCompactor.CleanTombstones"/>. <see cref="Rewritten"/> false: the block had no
/// tombstones and stays as it is. True: the old block is superseded and the caller deletes it; <see cref="NewBlock"/>
/// is the replacement, or null when every sample had been deleted and nothing replaces it.
/// </summary>
public sealed record TombstoneCleanResult(bool Rewritten, BlockMeta? NewBlock);
