using MetricsServer.Model.Storage;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// An open persistent block: its meta, index, chunks and tombstones. Opening reads and checks <c>meta.json</c>, the
/// index's TOC, symbols and postings offset table, the chunk segment headers and the tombstones; series, postings and
/// chunks are read on demand. Thread-safe; queriers may run concurrently. Dispose closes the chunk files and unmaps the index.
/// <see cref="Delete"/> replaces <see cref="Meta"/> and <see cref="Tombstones"/> together, as one snapshot; a series
/// being read keeps the tombstones it started with.
/// </summary>
public sealed partial class BlockReader : IQueryableStorage, IDisposable
{
    private volatile State _state;

    private BlockReader(string directory, BlockMeta meta, IndexReader index, ChunkSegmentReader chunks, Tombstones tombstones)
    {
        Directory = directory;
        _state = new State(meta, tombstones);
        Index = index;
        Chunks = chunks;
    }

    public string Directory { get; }

    /// <summary>The block's <c>meta.json</c> as last read or written (its tombstone count changes on delete).</summary>
    public BlockMeta Meta => _state.Meta;

    public IndexReader Index { get; }

    public ChunkSegmentReader Chunks { get; }

    public Tombstones Tombstones => _state.Tombstones;

    /// <summary>Opens the block in <paramref name="directory"/>.</summary>
    /// <exception cref="BlockFormatException">A block file is corrupt or in a format we do not read.</exception>
    /// <exception cref="IOException">A block file is missing or unreadable.</exception>
    public static BlockReader Open(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var metaPath = Path.Combine(directory, BlockMeta.FileName);
        var meta = BlockMeta.Parse(File.ReadAllBytes(metaPath), metaPath);
        var index = IndexReader.Open(Path.Combine(directory, IndexFormat.FileName));
        try
        {
            var tombstonesPath = Path.Combine(directory, Tombstones.FileName);
            // Prometheus treats a missing tombstones file as no tombstones.
            var tombstones = File.Exists(tombstonesPath) ? Tombstones.Parse(File.ReadAllBytes(tombstonesPath), tombstonesPath) : Tombstones.Empty;
            var chunks = ChunkSegmentReader.Open(Path.Combine(directory, ChunkSegmentFormat.DirectoryName));
            return new BlockReader(directory, meta, index, chunks, tombstones);
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public IQuerier Querier(long minTimeMs, long maxTimeMs) => new BlockQuerier(this, minTimeMs, maxTimeMs);

    public void Dispose()
    {
        Chunks.Dispose();
        Index.Dispose();
    }

    private sealed record State(BlockMeta Meta, Tombstones Tombstones);
}
