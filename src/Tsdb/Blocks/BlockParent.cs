namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// One block that a compacted block was made from, as <c>meta.json</c>'s <c>compaction.parents</c> lists it: its ULID
/// and its range [MinTimeMs, MaxTimeMs).
/// </summary>
public readonly record struct BlockParent(Ulid Ulid, long MinTimeMs, long MaxTimeMs)
{
    /// <summary>The parent entry describing <paramref name="meta"/>.</summary>
    public static BlockParent Of(BlockMeta meta)
    {
        ArgumentNullException.ThrowIfNull(meta);
        return new BlockParent(meta.Ulid, meta.MinTimeMs, meta.MaxTimeMs);
    }
}
