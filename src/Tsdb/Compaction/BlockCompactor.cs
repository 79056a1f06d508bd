using MetricsServer.Tsdb.Blocks;

namespace MetricsServer.Tsdb.Compaction;

/// <summary>
/// Writes new blocks from open ones, in Prometheus's on-disk format: <see cref="Compact"/> merges blocks (a leveled or
/// vertical compaction) and <see cref="CleanTombstones"/> rewrites one block without its deleted samples. Series are
/// joined by label set and streamed in label order into <see cref="BlockWriter.WriteSorted"/>, so only one series'
/// chunks are in memory at a time (the index writer still holds every label set and chunk reference of the new block,
/// as the index needs them sorted). Chunks that need no change are copied without decoding. The new block appears
/// atomically (temporary directory, fsync, rename); the inputs are never modified, and deleting them is the
/// caller's job once the new block is open. Thread-safe: each call works on its own state.
/// </summary>
public sealed class BlockCompactor
{
    private readonly BlockWriter _writer;

    public BlockCompactor(BlockWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    /// <summary>
    /// Merges <paramref name="blocks"/> into one new block under <paramref name="dataDirectory"/>: level one more than
    /// the highest input level, sources the sorted union of the inputs' sources, parents the inputs (by start time),
    /// range [earliest start, latest end). Overlapping chunks are merged sample by sample (duplicate timestamps keep
    /// the sample of the block listed first) and tombstoned samples are left out. Returns the new block's meta, or
    /// null when nothing is left (every sample deleted): then no block is written and, as in Prometheus, the inputs
    /// are simply deletable.
    /// </summary>
    /// <exception cref="ArgumentException">No blocks given.</exception>
    /// <exception cref="BlockFormatException">An input block is corrupt.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is left behind.</exception>
    public BlockMeta? Compact(string dataDirectory, IReadOnlyList<BlockReader> blocks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Count == 0) throw new ArgumentException("compaction needs at least one block", nameof(blocks));
        var metas = new List<BlockMeta>(blocks.Count);
        foreach (var b in blocks) metas.Add(b.Meta);
        long mint = long.MaxValue, maxt = long.MinValue;
        var level = 0;
        var sources = new SortedSet<Ulid>();
        var parents = new List<BlockParent>(metas.Count);
        foreach (var m in metas)
        {
            mint = Math.Min(mint, m.MinTimeMs);
            maxt = Math.Max(maxt, m.MaxTimeMs);
            level = Math.Max(level, m.CompactionLevel);
            foreach (var s in m.Sources) sources.Add(s);
            parents.Add(BlockParent.Of(m));
        }
        parents.Sort(static (a, b) => a.MinTimeMs != b.MinTimeMs ? a.MinTimeMs.CompareTo(b.MinTimeMs) : a.Ulid.CompareTo(b.Ulid));
        var options = new BlockWriteOptions
        {
            CompactionLevel = level + 1,
            Sources = [.. sources],
            Parents = parents,
            MinTimeMs = mint,
            MaxTimeMs = maxt,
        };
        return _writer.WriteSorted(dataDirectory, new MergedSeriesSource(blocks).Enumerate(cancellationToken), options);
    }

    /// <summary>
    /// Rewrites <paramref name="block"/> under <paramref name="dataDirectory"/> without the samples its tombstones
    /// delete, keeping its level, sources and range and naming it as the only parent. A block without tombstones is
    /// left alone.
    /// </summary>
    /// <exception cref="BlockFormatException">The block is corrupt.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is left behind.</exception>
    public TombstoneCleanResult CleanTombstones(string dataDirectory, BlockReader block, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        ArgumentNullException.ThrowIfNull(block);
        if (block.Tombstones.Count == 0) return new TombstoneCleanResult(false, null);
        var meta = block.Meta;
        var options = new BlockWriteOptions
        {
            CompactionLevel = meta.CompactionLevel,
            Sources = meta.Sources,
            Parents = [BlockParent.Of(meta)],
            MinTimeMs = meta.MinTimeMs,
            MaxTimeMs = meta.MaxTimeMs,
        };
        var written = _writer.WriteSorted(dataDirectory, new MergedSeriesSource([block]).Enumerate(cancellationToken), options);
        return new TombstoneCleanResult(true, written);
    }
}
