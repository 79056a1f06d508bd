using Prometheus;

namespace MetricsServer.Tsdb;

/// <summary>The head's own metrics, under Prometheus's names, registered in the registry given (never the static default).</summary>
public sealed class HeadMetrics
{
    public HeadMetrics(CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var factory = Metrics.WithCustomRegistry(registry);
        Series = factory.CreateGauge("prometheus_tsdb_head_series", "Total number of series in the head block.");
        SeriesCreated = factory.CreateCounter("prometheus_tsdb_head_series_created_total", "Total number of series created in the head");
        SeriesRemoved = factory.CreateCounter("prometheus_tsdb_head_series_removed_total", "Total number of series removed in the head");
        Chunks = factory.CreateGauge("prometheus_tsdb_head_chunks", "Total number of chunks in the head block.");
        ChunksCreated = factory.CreateCounter("prometheus_tsdb_head_chunks_created_total", "Total number of chunks created in the head");
        ChunksRemoved = factory.CreateCounter("prometheus_tsdb_head_chunks_removed_total", "Total number of chunks removed in the head");
        MinTime = factory.CreateGauge("prometheus_tsdb_head_min_time", "Minimum time bound of the head block.");
        MaxTime = factory.CreateGauge("prometheus_tsdb_head_max_time", "Maximum timestamp of the head block.");
        var appended = factory.CreateCounter("prometheus_tsdb_head_samples_appended_total", "Total number of appended samples.", "type");
        SamplesAppendedFloat = appended.WithLabels("float");
        var outOfOrder = factory.CreateCounter("prometheus_tsdb_out_of_order_samples_total", "Total number of out of order samples ingestion failed attempts due to out of order being disabled.", "type");
        OutOfOrderFloat = outOfOrder.WithLabels("float");
    }

    public Gauge Series { get; }
    public Counter SeriesCreated { get; }
    public Counter SeriesRemoved { get; }
    public Gauge Chunks { get; }
    public Counter ChunksCreated { get; }
    public Counter ChunksRemoved { get; }
    public Gauge MinTime { get; }
    public Gauge MaxTime { get; }
    public Counter.Child SamplesAppendedFloat { get; }
    public Counter.Child OutOfOrderFloat { get; }
}
