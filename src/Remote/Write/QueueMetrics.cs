using Prometheus;

namespace MetricsServer.Remote.Write;

/// <summary>One queue's metric children; <see cref="Remove"/> takes them out of the families when the queue stops.</summary>
public sealed class QueueMetrics
{
    private readonly RemoteWriteMetrics _families;
    private readonly string _name;
    private readonly string _url;

    internal QueueMetrics(RemoteWriteMetrics families, string remoteName, string url)
    {
        _families = families;
        _name = remoteName;
        _url = url;
        Samples = families.Samples.WithLabels(remoteName, url);
        SamplesFailed = families.SamplesFailed.WithLabels(remoteName, url);
        SamplesRetried = families.SamplesRetried.WithLabels(remoteName, url);
        DroppedSeries = families.SamplesDropped.WithLabels(remoteName, url, "dropped_series");
        DroppedUnknown = families.SamplesDropped.WithLabels(remoteName, url, "unintentionally_dropped_series");
        SamplesPending = families.SamplesPending.WithLabels(remoteName, url);
        QueueHighestTimestamp = families.QueueHighestTimestamp.WithLabels(remoteName, url);
        HighestSentTimestamp = families.HighestSentTimestamp.WithLabels(remoteName, url);
        Shards = families.Shards.WithLabels(remoteName, url);
        ShardsDesired = families.ShardsDesired.WithLabels(remoteName, url);
        ShardsMin = families.ShardsMin.WithLabels(remoteName, url);
        ShardsMax = families.ShardsMax.WithLabels(remoteName, url);
        ShardCapacity = families.ShardCapacity.WithLabels(remoteName, url);
        Bytes = families.Bytes.WithLabels(remoteName, url);
        SentBatchDuration = families.SentBatchDuration.WithLabels(remoteName, url);
    }

    public Counter.Child Samples { get; }
    public Counter.Child SamplesFailed { get; }
    public Counter.Child SamplesRetried { get; }
    public Counter.Child DroppedSeries { get; }
    public Counter.Child DroppedUnknown { get; }
    public Gauge.Child SamplesPending { get; }
    public Gauge.Child QueueHighestTimestamp { get; }
    public Gauge.Child HighestSentTimestamp { get; }
    public Gauge.Child Shards { get; }
    public Gauge.Child ShardsDesired { get; }
    public Gauge.Child ShardsMin { get; }
    public Gauge.Child ShardsMax { get; }
    public Gauge.Child ShardCapacity { get; }
    public Counter.Child Bytes { get; }
    public Histogram.Child SentBatchDuration { get; }

    /// <summary>The global highest timestamp read from the WAL, over all queues.</summary>
    public Gauge HighestTimestamp => _families.HighestTimestamp;

    public void Remove()
    {
        string[] labels = [_name, _url];
        foreach (var family in new Collector[] { _families.Samples, _families.SamplesFailed, _families.SamplesRetried, _families.SamplesPending,
            _families.QueueHighestTimestamp, _families.HighestSentTimestamp, _families.Shards, _families.ShardsDesired, _families.ShardsMin,
            _families.ShardsMax, _families.ShardCapacity, _families.Bytes, _families.SentBatchDuration })
        {
            RemoveFrom(family, labels);
        }
        _families.SamplesDropped.RemoveLabelled(_name, _url, "dropped_series");
        _families.SamplesDropped.RemoveLabelled(_name, _url, "unintentionally_dropped_series");
    }

    private static void RemoveFrom(Collector family, string[] labels)
    {
        switch (family)
        {
            case Counter c: c.RemoveLabelled(labels); break;
            case Gauge g: g.RemoveLabelled(labels); break;
            case Histogram h: h.RemoveLabelled(labels); break;
        }
    }
}
