using MetricsServer.Model.Storage;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// Series of a block selected by postings, decoded one at a time as the caller advances. Series with no chunk in
/// [minTime, maxTime] left by their tombstones are skipped, as in Prometheus. A corrupt series stops iteration and sets <see cref="Error"/>.
/// </summary>
internal sealed class BlockSeriesSet(BlockReader block, uint[] refs, long minTime, long maxTime, Exception? error) : ISeriesSet
{
    private readonly List<ChunkMeta> _chunks = [];
    private int _index = -1;
    private ISeries? _current;

    public ISeries Current => _current ?? throw new InvalidOperationException("no current series");

    public Exception? Error { get; private set; } = error;

    public IReadOnlyList<string> Warnings => [];

    public bool MoveNext()
    {
        _current = null;
        if (Error is not null) return false;
        while (++_index < refs.Length)
        {
            var r = refs[_index];
            try
            {
                var labels = block.Index.Series(r, _chunks);
                var deleted = block.Tombstones.Get(r);
                var kept = 0;
                foreach (var c in _chunks)
                {
                    if (Keep(c, deleted)) kept++;
                }
                if (kept == 0) continue;
                var metas = new ChunkMeta[kept];
                var k = 0;
                foreach (var c in _chunks)
                {
                    if (Keep(c, deleted)) metas[k++] = c;
                }
                _current = new BlockQuerySeries(labels, metas, block.Chunks, minTime, maxTime, deleted);
                return true;
            }
            catch (BlockFormatException e)
            {
                Error = e;
                _index = refs.Length;
                return false;
            }
        }
        return false;
    }

    /// <summary>
    /// A chunk is read when it overlaps the range and is not wholly inside one deleted interval (intervals are
    /// merged), as in Prometheus: a series whose every chunk was deleted is not selected.
    /// </summary>
    private bool Keep(ChunkMeta c, IReadOnlyList<(long MinTimeMs, long MaxTimeMs)>? deleted)
    {
        if (!c.Overlaps(minTime, maxTime)) return false;
        if (deleted is null) return true;
        foreach (var (mint, maxt) in deleted)
        {
            if (mint <= c.MinTimeMs && c.MaxTimeMs <= maxt) return false;
        }
        return true;
    }
}
