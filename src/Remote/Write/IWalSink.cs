using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;

namespace MetricsServer.Remote.Write;

/// <summary>
/// What a remote-write queue takes from the WAL. Calls come from one task, in WAL order: the series record of a
/// reference always comes before samples that refer to it. Not thread-safe (it need not be).
/// </summary>
public interface IWalSink
{
    /// <summary>The labels of <paramref name="series"/>, read from checkpoint or segment <paramref name="segment"/>.</summary>
    void StoreSeries(SeriesRef series, LabelSet labels, int segment);

    /// <summary>
    /// Samples to send. <paramref name="samples"/> is the caller's buffer, valid until the task completes. The task
    /// completes once every sample is queued; while the queues are full it does not, and the caller must read no
    /// further: that is how a slow or absent remote holds back the WAL reader rather than growing memory.
    /// </summary>
    ValueTask AppendAsync(ReadOnlyMemory<WalSample> samples, CancellationToken cancellationToken);

    /// <summary>Checkpoint <paramref name="segment"/> was read: series last seen in a lower segment may be forgotten.</summary>
    void SeriesReset(int segment);
}
