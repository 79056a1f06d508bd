using MetricsServer.Model.Labels;

namespace MetricsServer.Model.Storage;

/// <summary>One series of a <see cref="ISeriesSet"/>: its labels and its samples within the querier's range.</summary>
public interface ISeries
{
    LabelSet Labels { get; }

    /// <summary>A new iterator over the samples in timestamp order; <paramref name="reuse"/> may be recycled by the storage.</summary>
    ISampleIterator Iterator(ISampleIterator? reuse = null);
}
