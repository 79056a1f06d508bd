using MetricsServer.Model.Labels;
using MetricsServer.Tsdb.Blocks;

namespace MetricsServer.Tsdb.Compaction;

/// <summary>
/// Walks the series of several blocks together in the index's label-set order (each block's series references
/// ascend in that order, as Prometheus's index requires), joining series with equal label sets and merging their
/// chunks with a <see cref="ChunkMerger"/>. Yields each merged series once, in label order, ready for
/// <see cref="BlockWriter.WriteSorted"/>; series left with no samples are dropped. Only the current series' chunks
/// are held in memory. Not thread-safe; enumerate once.
/// </summary>
internal sealed class MergedSeriesSource(IReadOnlyList<BlockReader> blocks)
{
    private readonly ChunkMerger _merger = new();

    public IEnumerable<BlockSeries> Enumerate(CancellationToken cancellationToken)
    {
        var cursors = new List<Cursor>(blocks.Count);
        for (var i = 0; i < blocks.Count; i++)
        {
            var c = new Cursor(i, blocks[i]);
            if (c.MoveNext()) cursors.Add(c);
        }
        var sources = new List<SourceChunk>();
        var equal = new List<Cursor>(cursors.Count);
        while (cursors.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A handful of blocks per compaction: a linear scan for the smallest label set beats a heap.
            equal.Clear();
            var min = cursors[0].Labels;
            foreach (var c in cursors)
            {
                var order = LabelSetComparer.Instance.Compare(c.Labels, min);
                if (order < 0)
                {
                    min = c.Labels;
                    equal.Clear();
                }
                if (order <= 0) equal.Add(c);
            }
            sources.Clear();
            foreach (var c in equal)
            {
                var deleted = c.Block.Tombstones.Get(c.Ref);
                foreach (var m in c.Chunks) sources.Add(new SourceChunk(c.Source, c.Block.Chunks, m, deleted));
                if (!c.MoveNext()) cursors.Remove(c);
            }
            var merged = _merger.Merge(sources);
            if (merged.Count > 0) yield return new BlockSeries(min, merged);
        }
    }

    /// <summary>One block's position in its all-series postings.</summary>
    private sealed class Cursor(int source, BlockReader block)
    {
        private readonly uint[] _refs = block.Index.AllPostings();
        private int _next;

        public int Source => source;

        public BlockReader Block => block;

        public uint Ref { get; private set; }

        public LabelSet Labels { get; private set; } = LabelSet.Empty;

        public List<ChunkMeta> Chunks { get; } = [];

        public bool MoveNext()
        {
            if (_next >= _refs.Length) return false;
            var previous = _next > 0 ? Labels : null;
            Ref = _refs[_next++];
            Labels = block.Index.Series(Ref, Chunks);
            if (previous is not null && LabelSetComparer.Instance.Compare(previous, Labels) >= 0)
                throw new BlockFormatException(block.Index.FilePath, "series", $"series {Labels} is not after {previous} in label order");
            return true;
        }
    }
}
