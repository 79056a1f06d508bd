using Prometheus;

namespace MetricsServer.Rules.Notifier;

/// <summary>The notifier's metrics under Prometheus's names; per-Alertmanager series carry <c>alertmanager="URL"</c>.</summary>
public sealed class NotifierMetrics
{
    public NotifierMetrics(CollectorRegistry registry)
    {
        var f = Metrics.WithCustomRegistry(registry);
        Notifications = f.CreateCounter("prometheus_notifications_total", "Total number of alerts handed to the notifier for sending.");
        Sent = f.CreateCounter("prometheus_notifications_sent_total", "Total number of alerts sent.", "alertmanager");
        Errors = f.CreateCounter("prometheus_notifications_errors_total", "Total number of sent alerts affected by errors.", "alertmanager");
        Dropped = f.CreateCounter("prometheus_notifications_dropped_total", "Total number of alerts dropped due to errors when sending to Alertmanager.");
        QueueLength = f.CreateGauge("prometheus_notifications_queue_length", "The number of alert notifications in the queue.");
        QueueCapacity = f.CreateGauge("prometheus_notifications_queue_capacity", "The capacity of the alert notifications queue.");
        Latency = f.CreateSummary("prometheus_notifications_latency_seconds", "Latency quantiles for sending alert notifications.",
            new SummaryConfiguration { LabelNames = ["alertmanager"], Objectives = [new(0.5, 0.05), new(0.9, 0.01), new(0.99, 0.001)] });
        AlertmanagersDiscovered = f.CreateGauge("prometheus_notifications_alertmanagers_discovered", "The number of alertmanagers discovered and active.");
    }

    /// <summary>Alerts handed to <see cref="AlertNotifier.Send"/>, before relabelling and queueing.</summary>
    public Counter Notifications { get; }
    public Counter Sent { get; }
    public Counter Errors { get; }
    public Counter Dropped { get; }
    public Gauge QueueLength { get; }
    public Gauge QueueCapacity { get; }
    public Summary Latency { get; }
    public Gauge AlertmanagersDiscovered { get; }
}
