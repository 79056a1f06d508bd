using MetricsServer.Tsdb.Blocks;

namespace MetricsServer.Tsdb.Compaction;

/// <summary>
/// One chunk of a series in one of the blocks being compacted: which block (its position in the compaction's input,
/// which also decides which sample wins on a duplicate timestamp), where the chunk is, and the series' deleted
/// intervals in that block.
/// </summary>
internal readonly record struct SourceChunk(
    int Source,
    ChunkSegmentReader Chunks,
    ChunkMeta Meta,
    IReadOnlyList<(long MinTimeMs, long MaxTimeMs)>? Deleted)
{
    /// <summary>Whether a deleted interval touches the chunk's time span.</summary>
    public bool TouchedByDeletion()
    {
        if (Deleted is null) return false;
        foreach (var (mint, maxt) in Deleted)
        {
            if (mint <= Meta.MaxTimeMs && maxt >= Meta.MinTimeMs) return true;
        }
        return false;
    }

    /// <summary>Whether one deleted interval covers the whole chunk, so it need not be read.</summary>
    public bool WhollyDeleted()
    {
        if (Deleted is null) return false;
        foreach (var (mint, maxt) in Deleted)
        {
            if (mint <= Meta.MinTimeMs && maxt >= Meta.MaxTimeMs) return true;
        }
        return false;
    }
}
