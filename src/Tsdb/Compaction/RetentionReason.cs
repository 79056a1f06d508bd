namespace MetricsServer.Tsdb.Compaction;

/// <summary>
/// Why retention deletes a block: <see cref="Time"/> counts toward <c>prometheus_tsdb_time_retentions_total</c>,
/// <see cref="Size"/> toward <c>prometheus_tsdb_size_retentions_total</c> (Prometheus adds one per retention run that
/// deleted anything for that reason, not one per block).
/// </summary>
public enum RetentionReason
{
    Time,
    Size,
}
