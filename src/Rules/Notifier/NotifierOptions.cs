using MetricsServer.Config;
using MetricsServer.Discovery;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsServer.Rules.Notifier;

/// <summary>The notifier's collaborators and the <c>--alertmanager.*</c> settings. Immutable.</summary>
public sealed record NotifierOptions
{
    /// <summary>Makes the HTTP client (TLS, auth, proxy) of one <c>alertmanagers</c> entry; the notifier owns and disposes it.</summary>
    public required Func<HttpClientConfig, HttpClient> HttpClientFactory { get; init; }

    /// <summary>Makes the discoverers of each <c>alertmanagers</c> entry (static, file, Kubernetes).</summary>
    public required IDiscovererFactory DiscovererFactory { get; init; }

    public required NotifierMetrics Metrics { get; init; }

    public required DiscoveryMetrics DiscoveryMetrics { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public ILoggerFactory Loggers { get; init; } = NullLoggerFactory.Instance;

    /// <summary><c>--alertmanager.notification-queue-capacity</c>: alerts held for sending; past it the oldest are dropped.</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>Alerts per request to one Alertmanager, as Prometheus batches them.</summary>
    public int MaxBatchSize { get; init; } = 256;

    /// <summary><c>--alertmanager.drain-notification-queue-on-shutdown</c>: stopping sends what is still queued first.</summary>
    public bool DrainOnShutdown { get; init; } = true;

    /// <summary>The least time between two Alertmanager sets from discovery (Prometheus uses 5s for its notify manager).</summary>
    public TimeSpan DiscoveryUpdateInterval { get; init; } = TimeSpan.FromSeconds(5);
}
