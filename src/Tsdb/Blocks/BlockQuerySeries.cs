using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;

namespace MetricsServer.Tsdb.Blocks;

/// <summary>One selected series of a block: its labels and the metas of its chunks overlapping the query range.</summary>
internal sealed class BlockQuerySeries(
    LabelSet labels,
    ChunkMeta[] chunks,
    ChunkSegmentReader reader,
    long minTime,
    long maxTime,
    IReadOnlyList<(long MinTimeMs, long MaxTimeMs)>? deleted) : ISeries
{
    public LabelSet Labels => labels;

    public ISampleIterator Iterator(ISampleIterator? reuse = null)
    {
        // An iterator of another block is fine to reuse: Reset points it at this block's chunk files.
        if (reuse is BlockSampleIterator it)
        {
            it.Reset(reader, chunks, minTime, maxTime, deleted);
            return it;
        }
        var created = new BlockSampleIterator(reader);
        created.Reset(reader, chunks, minTime, maxTime, deleted);
        return created;
    }
}
