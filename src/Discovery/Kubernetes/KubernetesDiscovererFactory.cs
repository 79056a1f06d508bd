using MetricsServer.Config;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Discovery.Kubernetes;

/// <summary>
/// Makes one <see cref="KubernetesDiscoverer"/> per <c>kubernetes_sd_configs</c> entry. All discoverers made by one
/// factory share informers: one list and watch per (API server, resource, namespace, selectors), however many scrape
/// configs use it. Thread-safe.
/// </summary>
public sealed class KubernetesDiscovererFactory : IDiscovererFactory
{
    private readonly InformerPool _pool;
    private readonly KubernetesEnvironment _environment;
    private readonly RbacStatus _rbac;
    private readonly ILogger _rbacLogger;

    public KubernetesDiscovererFactory(
        TimeProvider timeProvider, DiscoveryMetrics metrics, ILoggerFactory loggerFactory,
        KubernetesEnvironment? environment = null, KubernetesDiscoveryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _environment = environment ?? KubernetesEnvironment.Process;
        _rbac = metrics.KubernetesRbac;
        _rbacLogger = loggerFactory.CreateLogger<KubernetesDiscoverer>();
        _pool = new InformerPool(metrics, loggerFactory.CreateLogger<KubernetesDiscoverer>(), timeProvider, options ?? KubernetesDiscoveryOptions.Default);
    }

    /// <summary>Informers running now (each one list and one watch against its API server).</summary>
    public int RunningInformers => _pool.Count;

    public IReadOnlyList<IDiscoverer> Create(ScrapeConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var discoverers = new List<IDiscoverer>(config.KubernetesSdConfigs.Count);
        foreach (var sd in config.KubernetesSdConfigs)
        {
            var connection = KubernetesConnection.For(sd, _environment);
            discoverers.Add(new KubernetesDiscoverer(sd, connection, _pool, new RbacPreflight(config.JobName, sd, connection, _rbac, _rbacLogger)));
        }
        return discoverers;
    }
}
