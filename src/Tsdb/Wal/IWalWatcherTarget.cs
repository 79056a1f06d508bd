using MetricsServer.Model.Storage;

namespace MetricsServer.Tsdb.Wal;

/// <summary>
/// Where a <see cref="WalWatcher"/> delivers what it reads. All calls come from the watcher's one task, in WAL order:
/// a series record always arrives before the samples that refer to it. Lists are the watcher's buffers, valid only
/// during the call (for <see cref="AppendAsync"/>, until the returned task completes); copy what you keep.
/// </summary>
public interface IWalWatcherTarget
{
    /// <summary>Series read from checkpoint or segment <paramref name="segment"/>.</summary>
    void StoreSeries(List<RefSeries> series, int segment);

    /// <summary>
    /// Samples newer than the watcher's start time. The watcher reads nothing more until the task completes, so a
    /// target that is full applies back-pressure by not completing it: the WAL keeps what is not read yet.
    /// </summary>
    ValueTask AppendAsync(List<RefSample> samples, CancellationToken cancellationToken);

    /// <summary>
    /// Checkpoint <paramref name="segment"/> was read (its series were stored with that number) after a head
    /// truncation: series last seen in a segment below <paramref name="segment"/> are gone from the head and may be
    /// forgotten.
    /// </summary>
    void SeriesReset(int segment);
}
