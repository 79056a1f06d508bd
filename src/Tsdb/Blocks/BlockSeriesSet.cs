using MetricsServer.Model.Storage;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>
/// Series of a block selected by postings, decoded one at a time as the caller advances. Series with no chunk in
/// [minTime, maxTime] are skipped, as in Prometheus. A corrupt series stops iteration and sets <see cref="Error"/>.
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
                var kept = 0;
                foreach (var c in _chunks)
                {
                    if (c.Overlaps(minTime, maxTime)) kept++;
                }
                if (kept == 0) continue;
                var metas = new ChunkMeta[kept];
                var k = 0;
                foreach (var c in _chunks)
                {
                    if (c.Overlaps(minTime, maxTime)) metas[k++] = c;
                }
                _current = new BlockQuerySeries(labels, metas, block.Chunks, minTime, maxTime, block.Tombstones.Get(r));
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
}
