using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;

namespace MetricsServer.Model.Tests.Merge;

/// <summary>A test series over a fixed sample list; its iterator fails after <see cref="FailAfter"/> samples.</summary>
internal sealed class ListSeries(ListQuerier owner, LabelSet labels, IReadOnlyList<Sample> samples, int failAfter = int.MaxValue) : ISeries
{
    public LabelSet Labels => labels;

    public IReadOnlyList<Sample> Samples => samples;

    public int FailAfter => failAfter;

    /// <summary>Recycles <paramref name="reuse"/> only when this storage made it, as a real storage must.</summary>
    public ISampleIterator Iterator(ISampleIterator? reuse = null)
    {
        if (reuse is ListSampleIterator { Owner: var other } && !ReferenceEquals(other, owner)) owner.ForeignIteratorsOffered++;
        var it = reuse is ListSampleIterator mine && ReferenceEquals(mine.Owner, owner) ? mine : owner.NewIterator();
        it.Reset(samples, failAfter);
        return it;
    }
}
