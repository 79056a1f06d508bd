using Prometheus;

namespace MetricsServer.Tsdb;

/// <summary>The database's own metrics under Prometheus's <c>prometheus_tsdb_*</c> names, in the registry given.</summary>
public sealed class DbMetrics
{
    public DbMetrics(CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var f = Metrics.WithCustomRegistry(registry);
        Head = new HeadMetrics(registry);
        BlocksLoaded = f.CreateGauge("prometheus_tsdb_blocks_loaded", "Number of currently loaded data blocks");
        Reloads = f.CreateCounter("prometheus_tsdb_reloads_total", "Number of times the database reloaded block data from disk.");
        ReloadsFailed = f.CreateCounter("prometheus_tsdb_reloads_failures_total", "Number of times the database failed to reloadBlocks block data from disk.");
        CompactionsTriggered = f.CreateCounter("prometheus_tsdb_compactions_triggered_total", "Total number of triggered compactions for the partition.");
        Compactions = f.CreateCounter("prometheus_tsdb_compactions_total", "Total number of compactions that were executed for the partition.");
        CompactionsFailed = f.CreateCounter("prometheus_tsdb_compactions_failed_total", "Total number of compactions that failed for the partition.");
        CompactionDuration = f.CreateHistogram("prometheus_tsdb_compaction_duration_seconds", "Duration of compaction runs",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(1, 2, 14) });
        HeadTruncations = f.CreateCounter("prometheus_tsdb_head_truncations_total", "Total number of head truncations attempted.");
        HeadTruncationsFailed = f.CreateCounter("prometheus_tsdb_head_truncations_failed_total", "Total number of head truncations that failed.");
        CheckpointCreations = f.CreateCounter("prometheus_tsdb_checkpoint_creations_total", "Total number of checkpoint creations attempted.");
        CheckpointCreationsFailed = f.CreateCounter("prometheus_tsdb_checkpoint_creations_failed_total", "Total number of checkpoint creations that failed.");
        CheckpointDeletions = f.CreateCounter("prometheus_tsdb_checkpoint_deletions_total", "Total number of checkpoint deletions attempted.");
        WalTruncations = f.CreateCounter("prometheus_tsdb_wal_truncations_total", "Total number of write log truncations attempted.");
        WalCorruptions = f.CreateCounter("prometheus_tsdb_wal_corruptions_total", "Total number of WAL corruptions.");
        TimeRetentions = f.CreateCounter("prometheus_tsdb_time_retentions_total", "The number of times that blocks were deleted because the maximum time limit was exceeded.");
        SizeRetentions = f.CreateCounter("prometheus_tsdb_size_retentions_total", "The number of times that blocks were deleted because the maximum number of bytes was exceeded.");
        BlocksBytes = f.CreateGauge("prometheus_tsdb_storage_blocks_bytes", "The number of bytes that are currently used for local storage by all blocks.");
        RetentionLimitBytes = f.CreateGauge("prometheus_tsdb_retention_limit_bytes", "Max number of bytes to be retained in the tsdb blocks, configured 0 means disabled");
        RetentionLimitSeconds = f.CreateGauge("prometheus_tsdb_retention_limit_seconds", "How long to retain samples in storage.");
        LowestTimestamp = f.CreateGauge("prometheus_tsdb_lowest_timestamp", "Lowest timestamp value stored in the database. The unit is decided by the library consumer.");
        LowestTimestampSeconds = f.CreateGauge("prometheus_tsdb_lowest_timestamp_seconds", "Lowest timestamp value stored in the database.");
        ReplayDuration = f.CreateGauge("prometheus_tsdb_data_replay_duration_seconds", "Time taken to replay the data on disk.");
        SizeBytes = f.CreateGauge("prometheus_tsdb_wal_storage_size_bytes", "Size of the write log directory.");
    }

    public HeadMetrics Head { get; }
    public Gauge BlocksLoaded { get; }
    public Counter Reloads { get; }
    public Counter ReloadsFailed { get; }
    public Counter CompactionsTriggered { get; }
    public Counter Compactions { get; }
    public Counter CompactionsFailed { get; }
    public Histogram CompactionDuration { get; }
    public Counter HeadTruncations { get; }
    public Counter HeadTruncationsFailed { get; }
    public Counter CheckpointCreations { get; }
    public Counter CheckpointCreationsFailed { get; }
    public Counter CheckpointDeletions { get; }
    public Counter WalTruncations { get; }
    public Counter WalCorruptions { get; }
    public Counter TimeRetentions { get; }
    public Counter SizeRetentions { get; }
    public Gauge BlocksBytes { get; }
    public Gauge RetentionLimitBytes { get; }
    public Gauge RetentionLimitSeconds { get; }
    public Gauge LowestTimestamp { get; }
    public Gauge LowestTimestampSeconds { get; }
    public Gauge ReplayDuration { get; }
    public Gauge SizeBytes { get; }
}
