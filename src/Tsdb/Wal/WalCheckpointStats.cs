namespace MetricsServer.Tsdb.Wal;

/// <summary>What a checkpoint kept and dropped, for the log line and metrics.</summary>
public sealed record WalCheckpointStats
{
    public int TotalSeries { get; set; }
    public int DroppedSeries { get; set; }
    public int TotalSamples { get; set; }
    public int DroppedSamples { get; set; }
    public int TotalTombstones { get; set; }
    public int DroppedTombstones { get; set; }
    public int TotalExemplars { get; set; }
    public int DroppedExemplars { get; set; }
    public int TotalMetadata { get; set; }
    public int DroppedMetadata { get; set; }
}
