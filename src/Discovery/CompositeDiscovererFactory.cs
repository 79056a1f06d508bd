using MetricsServer.Config;

namespace MetricsServer.Discovery;

/// <summary>Joins factories that each handle some service-discovery sections, e.g. the default one and Kubernetes.</summary>
public sealed class CompositeDiscovererFactory : IDiscovererFactory
{
    private readonly IDiscovererFactory[] _factories;

    public CompositeDiscovererFactory(params IDiscovererFactory[] factories)
    {
        ArgumentNullException.ThrowIfNull(factories);
        _factories = [.. factories];
    }

    public IReadOnlyList<IDiscoverer> Create(ScrapeConfig config)
    {
        var all = new List<IDiscoverer>();
        foreach (var factory in _factories) all.AddRange(factory.Create(config));
        return all;
    }
}
