using MetricsServer.Config;
using MetricsServer.Discovery.FileSd;
using MetricsServer.Discovery.Static;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Discovery;

/// <summary>
/// Makes the discoverers for <c>static_configs</c> (one <see cref="StaticDiscoverer"/> for all entries, as in
/// Prometheus) and <c>file_sd_configs</c> (one <see cref="FileDiscoverer"/> per entry). Other sections, such as
/// <c>kubernetes_sd_configs</c>, belong to other factories joined with <see cref="CompositeDiscovererFactory"/>.
/// </summary>
public sealed class DefaultDiscovererFactory : IDiscovererFactory
{
    private readonly TimeProvider _timeProvider;
    private readonly DiscoveryMetrics _metrics;
    private readonly ILoggerFactory _loggerFactory;

    public DefaultDiscovererFactory(TimeProvider timeProvider, DiscoveryMetrics metrics, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _timeProvider = timeProvider;
        _metrics = metrics;
        _loggerFactory = loggerFactory;
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
        return discoverers;
    }
}
