using MetricsServer.Model.Labels;

namespace MetricsServer.Model.Storage;

/// <summary>
/// One label set present in several storages: its samples are the chain merge of each storage's samples. The
/// sources come in ascending querier index, at most one per querier; the earliest wins a shared timestamp.
/// </summary>
internal sealed class MergedSeries(LabelSet labels, (int Querier, ISeries Series)[] sources, object owner, int querierCount) : ISeries
{
    public LabelSet Labels => labels;

    public ISampleIterator Iterator(ISampleIterator? reuse = null)
    {
        var it = reuse as MergeSampleIterator ?? new MergeSampleIterator();
        it.Reset(owner, querierCount, sources);
        return it;
    }
}
