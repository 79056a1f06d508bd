using Prometheus;

namespace MetricsServer.Remote.Write;

/// <summary>
/// The remote-write sender's metric families, under Prometheus's names, labelled <c>remote_name</c> and <c>url</c>
/// per queue (<see cref="ForQueue"/>). Counters count samples per send attempt, as Prometheus does: a batch
/// retried twice adds to <c>samples_total</c> three times and to <c>samples_retried_total</c> twice.
/// </summary>
public sealed class RemoteWriteMetrics
{
    private static readonly string[] QueueLabels = ["remote_name", "url"];

    public RemoteWriteMetrics(CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var f = Metrics.WithCustomRegistry(registry);
        const string p = "prometheus_remote_storage_";
        Samples = f.CreateCounter(p + "samples_total", "Total number of samples sent to remote storage.", QueueLabels);
        SamplesFailed = f.CreateCounter(p + "samples_failed_total", "Total number of samples which failed on send to remote storage, non-recoverable errors.", QueueLabels);
        SamplesRetried = f.CreateCounter(p + "samples_retried_total", "Total number of samples which failed on send to remote storage but were retried because the send error was recoverable.", QueueLabels);
        SamplesDropped = f.CreateCounter(p + "samples_dropped_total", "Total number of samples which were dropped after being read from the WAL before being sent via remote write, either via relabelling, due to being too old or unintentionally because of an unknown reference ID.",
            new CounterConfiguration { LabelNames = ["remote_name", "url", "reason"] });
        SamplesPending = f.CreateGauge(p + "samples_pending", "The number of samples pending in the queues shards to be sent to the remote storage.", QueueLabels);
        HighestTimestamp = f.CreateGauge(p + "highest_timestamp_in_seconds", "Highest timestamp that has come into the remote storage via the Appender interface, in seconds since epoch. Initialized to 0 when no data has been received yet.");
        QueueHighestTimestamp = f.CreateGauge(p + "queue_highest_timestamp_seconds", "Highest timestamp that was enqueued, in seconds since epoch.", QueueLabels);
        HighestSentTimestamp = f.CreateGauge(p + "queue_highest_sent_timestamp_seconds", "Timestamp from a WAL sample, the highest timestamp successfully sent by this queue, in seconds since epoch.", QueueLabels);
        Shards = f.CreateGauge(p + "shards", "The number of shards used for parallel sending to the remote storage.", QueueLabels);
        ShardsDesired = f.CreateGauge(p + "shards_desired", "The number of shards that the queues shard calculation wants to run based on the rate of samples in vs. samples out.", QueueLabels);
        ShardsMin = f.CreateGauge(p + "shards_min", "The minimum number of shards that the queue is allowed to run.", QueueLabels);
        ShardsMax = f.CreateGauge(p + "shards_max", "The maximum number of shards that the queue is allowed to run.", QueueLabels);
        ShardCapacity = f.CreateGauge(p + "shard_capacity", "The capacity of each shard of the queue used for parallel sending to the remote storage.", QueueLabels);
        Bytes = f.CreateCounter(p + "bytes_total", "The total number of bytes of data (not metadata) sent by the queue after compression.", QueueLabels);
        SentBatchDuration = f.CreateHistogram(p + "sent_batch_duration_seconds", "Duration of send calls to the remote storage.",
            new HistogramConfiguration { LabelNames = QueueLabels, Buckets = [.. Histogram.ExponentialBuckets(0.005, 2, 12), 25, 60, 120, 300] });
    }

    public Counter Samples { get; }
    public Counter SamplesFailed { get; }
    public Counter SamplesRetried { get; }
    public Counter SamplesDropped { get; }
    public Gauge SamplesPending { get; }
    public Gauge HighestTimestamp { get; }
    public Gauge QueueHighestTimestamp { get; }
    public Gauge HighestSentTimestamp { get; }
    public Gauge Shards { get; }
    public Gauge ShardsDesired { get; }
    public Gauge ShardsMin { get; }
    public Gauge ShardsMax { get; }
    public Gauge ShardCapacity { get; }
    public Counter Bytes { get; }
    public Histogram SentBatchDuration { get; }

    /// <summary>The children of one queue.</summary>
    public QueueMetrics ForQueue(string remoteName, string url) => new(this, remoteName, url);
}
