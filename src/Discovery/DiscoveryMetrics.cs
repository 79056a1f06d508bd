using Prometheus;

namespace MetricsServer.Discovery;

/// <summary>
/// Service discovery's self-metrics under Prometheus's names. Create one per registry and share it: the
/// <c>name</c> label tells discovery managers apart (<c>scrape</c>, <c>notify</c>).
/// </summary>
public sealed class DiscoveryMetrics
{
    public DiscoveryMetrics(CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var factory = Metrics.WithCustomRegistry(registry);
        DiscoveredTargets = factory.CreateGauge(
            "prometheus_sd_discovered_targets", "Current number of discovered targets.", "name", "config");
        ReceivedUpdates = factory.CreateCounter(
            "prometheus_sd_received_updates_total", "Total number of update events received from the SD providers.", "name");
        Updates = factory.CreateCounter(
            "prometheus_sd_updates_total", "Total number of update events sent to the SD consumers.", "name");
        DelayedUpdates = factory.CreateCounter(
            "prometheus_sd_updates_delayed_total", "Total number of update events that couldn't be sent immediately.", "name");
        FileReadErrors = factory.CreateCounter(
            "prometheus_sd_file_read_errors_total", "The number of File-SD read errors.");
        FileWatcherErrors = factory.CreateCounter(
            "prometheus_sd_file_watcher_errors_total", "The number of File-SD errors caused by filesystem watch failures.");
        FileScanDuration = factory.CreateSummary(
            "prometheus_sd_file_scan_duration_seconds",
            "The duration of the File-SD scan in seconds.",
            new SummaryConfiguration
            {
                Objectives = [new QuantileEpsilonPair(0.5, 0.05), new QuantileEpsilonPair(0.9, 0.01), new QuantileEpsilonPair(0.99, 0.001)],
            });
        KubernetesEvents = factory.CreateCounter(
            "prometheus_sd_kubernetes_events_total", "The number of Kubernetes events handled.", "role", "event");
        KubernetesFailures = factory.CreateCounter(
            "prometheus_sd_kubernetes_failures_total", "The number of failed WATCH/LIST requests.");
        KubernetesRbac = new Kubernetes.RbacStatus(factory.CreateGauge(
            "prometheus_sd_kubernetes_rbac_denied",
            "Kubernetes SD permissions the API server refused at the last RBAC check, per scrape job, resource, verb and namespace (empty: all namespaces).",
            "scrape_job", "resource", "verb", "namespace"));
        foreach (var role in new[] { "endpoints", "endpointslice", "node", "pod", "service", "ingress" })
        {
            foreach (var evt in new[] { "add", "delete", "update" }) KubernetesEvents.WithLabels(role, evt);
        }
    }

    /// <summary>Targets per job (<c>config</c>) in the last set a manager (<c>name</c>) sent.</summary>
    public Gauge DiscoveredTargets { get; }

    /// <summary>Target-group writes received from discoverers, per manager.</summary>
    public Counter ReceivedUpdates { get; }

    /// <summary>Target sets sent to the consumer, per manager.</summary>
    public Counter Updates { get; }

    /// <summary>Sends that had to wait because the consumer had not taken the previous set.</summary>
    public Counter DelayedUpdates { get; }

    /// <summary>Target files that could not be read or parsed.</summary>
    public Counter FileReadErrors { get; }

    /// <summary>Directories that could not be watched, and watcher failures.</summary>
    public Counter FileWatcherErrors { get; }

    /// <summary>How long one file_sd refresh (listing, reading and sending every file) took.</summary>
    public Summary FileScanDuration { get; }

    /// <summary>Kubernetes watch events handled, by resource (<c>role</c>) and <c>event</c> (add, update, delete).</summary>
    public Counter KubernetesEvents { get; }

    /// <summary>Kubernetes list and watch requests that failed (refused, unreachable, expired).</summary>
    public Counter KubernetesFailures { get; }

    /// <summary>The RBAC checks' denials per Kubernetes SD entry, behind <c>prometheus_sd_kubernetes_rbac_denied</c> (not in Prometheus).</summary>
    public Kubernetes.RbacStatus KubernetesRbac { get; }
}
