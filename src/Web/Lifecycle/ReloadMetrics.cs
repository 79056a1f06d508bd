using Prometheus;

namespace MetricsServer.Web.Lifecycle;

/// <summary>Config reload metrics under Prometheus's names.</summary>
public sealed class ReloadMetrics
{
    public ReloadMetrics(CollectorRegistry registry)
    {
        var f = Metrics.WithCustomRegistry(registry);
        LastReloadSuccessful = f.CreateGauge("prometheus_config_last_reload_successful", "Whether the last configuration reload attempt was successful.");
        LastReloadSuccessTimestamp = f.CreateGauge("prometheus_config_last_reload_success_timestamp_seconds", "Timestamp of the last successful configuration reload.");
    }

    public Gauge LastReloadSuccessful { get; }

    public Gauge LastReloadSuccessTimestamp { get; }
}
