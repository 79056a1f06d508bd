namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// What <see cref="BlockWriter"/> records in a new block's <c>meta.json</c> besides its contents: the compaction level,
/// sources and parents, and the block's range. The defaults describe a block cut from the head: level 1, the block
/// itself as its only source, no parents, and a range from the first sample to one past the last. Immutable.
/// </summary>
public sealed record BlockWriteOptions
{
    public static readonly BlockWriteOptions Default = new();

    /// <summary>1 for a block cut from the head; a compaction writes one more than its highest parent.</summary>
    public int CompactionLevel { get; init; } = 1;

    /// <summary>The level-1 blocks the new block derives from; null means the new block itself.</summary>
    public IReadOnlyList<Ulid>? Sources { get; init; }

    /// <summary>The blocks the new block was made from; empty for a block cut from the head.</summary>
    public IReadOnlyList<BlockParent> Parents { get; init; } = [];

    /// <summary>The block's inclusive start; null means its first sample.</summary>
    public long? MinTimeMs { get; init; }

    /// <summary>The block's exclusive end; null means one past its last sample.</summary>
    public long? MaxTimeMs { get; init; }
}
