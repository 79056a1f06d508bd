using Prometheus;

namespace MetricsServer.Remote;

/// <summary>The remote receiver's and read handler's metrics, under Prometheus's names, in the registry given.</summary>
public sealed class RemoteMetrics
{
    public RemoteMetrics(CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var factory = Metrics.WithCustomRegistry(registry);
        InvalidLabelSamples = factory.CreateCounter("prometheus_api_remote_write_invalid_labels_samples_total",
            "The total number of received remote write samples and histogram samples which were rejected due to invalid labels.");
        ReadQueries = factory.CreateGauge("prometheus_remote_read_handler_queries",
            "The current number of remote read queries that are either in execution or queued on the handler.");
    }

    public Counter InvalidLabelSamples { get; }

    public Gauge ReadQueries { get; }
}
