using MetricsServer.Config;
using MetricsServer.Discovery.FileSd;
using MetricsServer.Discovery.Kubernetes;
using MetricsServer.Discovery.Static;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Discovery;

/// <summary>
/// Makes the discoverers for <c>static_configs</c> (one <see cref="StaticDiscoverer"/> for all entries, as in
/// Prometheus), <c>file_sd_configs</c> (one <see cref="FileDiscoverer"/> per entry) and <c>kubernetes_sd_configs</c>
/// (through one <see cref="KubernetesDiscovererFactory"/>, so that every job shares its informers).
/// </summary>
public sealed class DefaultDiscovererFactory : IDiscovererFactory
{
    private readonly TimeProvider _timeProvider;
    private readonly DiscoveryMetrics _metrics;
    private readonly ILoggerFactory _loggerFactory;
    private readonly KubernetesDiscovererFactory _kubernetes;

    public DefaultDiscovererFactory(TimeProvider timeProvider, DiscoveryMetrics metrics, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _timeProvider = timeProvider;
        _metrics = metrics;
        _loggerFactory = loggerFactory;
        _kubernetes = new KubernetesDiscovererFactory(timeProvider, metrics, loggerFactory);
    }

    public IReadOnlyList<IDiscoverer> Create(ScrapeConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var discoverers = new List<IDiscoverer>(1 + config.FileSdConfigs.Count);
        if (config.StaticConfigs.Count > 0) discoverers.Add(new StaticDiscoverer(config.StaticConfigs));
        foreach (var fileSd in config.FileSdConfigs)
        {
            discoverers.Add(new FileDiscoverer(fileSd, _timeProvider, _metrics, _loggerFactory.CreateLogger<FileDiscoverer>()));
        }
        discoverers.AddRange(_kubernetes.Create(config));
        return discoverers;
    }
}
