using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Tsdb.HeadChunks;

namespace MetricsServer.Tsdb;

/// <summary>
/// A selected head series: its labels and the snapshot of its data taken at select time, clipped to the querier's
/// range, without the intervals deleted at select time.
/// </summary>
internal sealed class HeadSeries(LabelSet labels, SeriesSnapshot snapshot, long minTime, long maxTime, HeadChunkDiskMapper? disk, (long MinTimeMs, long MaxTimeMs)[]? deleted = null) : ISeries
{
    public LabelSet Labels { get; } = labels;

    internal SeriesSnapshot Snapshot { get; } = snapshot;

    public ISampleIterator Iterator(ISampleIterator? reuse = null)
    {
        var it = reuse as HeadSampleIterator ?? new HeadSampleIterator();
        it.Reset(Snapshot, minTime, maxTime, disk, deleted);
        return it;
    }
}
