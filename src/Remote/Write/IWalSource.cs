namespace MetricsServer.Remote.Write;

/// <summary>
/// The write-ahead log as remote write reads it. Remote does not reference the TSDB: the composition root adapts the
/// TSDB's WAL watcher to this seam.
/// </summary>
public interface IWalSource
{
    /// <summary>
    /// Follows the WAL into <paramref name="sink"/> until <paramref name="cancellationToken"/> is cancelled: the series
    /// of the newest checkpoint and of every segment, then, as they are written, the samples with a timestamp after
    /// <paramref name="startTimestampMs"/>, and a <see cref="IWalSink.SeriesReset"/> after each new checkpoint.
    /// Read errors are the source's to log and retry; the task ends only on cancellation.
    /// </summary>
    Task FollowAsync(IWalSink sink, long startTimestampMs, CancellationToken cancellationToken);
}
