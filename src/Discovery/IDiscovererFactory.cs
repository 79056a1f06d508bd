using MetricsServer.Config;

namespace MetricsServer.Discovery;

/// <summary>
/// Makes the discoverers of one scrape config. <see cref="DiscoveryManager"/> calls it when a job is new or its
/// service-discovery sections changed. Implementations handle the sections they know (static and file in
/// <see cref="DefaultDiscovererFactory"/>, Kubernetes in its own factory) and ignore the others;
/// <see cref="CompositeDiscovererFactory"/> joins several. Must be thread-safe: the manager may call it from any thread.
/// </summary>
public interface IDiscovererFactory
{
    /// <summary>
    /// The discoverers for <paramref name="config"/>'s sections this factory handles, in config order; empty when
    /// it handles none. Each call returns new, not yet running instances that the caller then owns.
    /// </summary>
    IReadOnlyList<IDiscoverer> Create(ScrapeConfig config);
}
