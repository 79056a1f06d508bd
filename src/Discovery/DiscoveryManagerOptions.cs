namespace MetricsServer.Discovery;

/// <summary>Settings of one <see cref="DiscoveryManager"/>.</summary>
public sealed record DiscoveryManagerOptions
{
    /// <summary>Prometheus's manager name, the <c>name</c> label of the discovery metrics: <c>scrape</c> or <c>notify</c>.</summary>
    public string Name { get; init; } = "scrape";

    /// <summary>
    /// The least time between two target sets sent to the consumer (<c>--scrape.discovery-reload-interval</c>,
    /// 5s by default): updates arriving in between are coalesced into the next set.
    /// </summary>
    public TimeSpan UpdateInterval { get; init; } = TimeSpan.FromSeconds(5);
}
