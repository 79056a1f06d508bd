using System.Threading.Channels;
using MetricsServer.Config;
using MetricsServer.Discovery.Kubernetes;
using MetricsServer.TestSupport;
using MetricsServer.TestSupport.Kubernetes;
using Prometheus;

namespace MetricsServer.Discovery.Tests.Kubernetes;

/// <summary>Kubernetes discoverers of one scrape job against a fake API server, with their logs and metrics kept for asserting on the RBAC check.</summary>
internal sealed class RbacCheckRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];

    public RbacCheckRun()
    {
        Metrics = new DiscoveryMetrics(Registry);
        Factory = new KubernetesDiscovererFactory(TimeProvider.System, Metrics, Logs, options: new KubernetesDiscoveryOptions(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200)));
    }

    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    public DiscoveryMetrics Metrics { get; }

    public RbacLogCapture Logs { get; } = new();

    public KubernetesDiscovererFactory Factory { get; }

    public RbacStatus Status => Metrics.KubernetesRbac;

    public static KubernetesSdConfig ApiServer(FakeKubernetesApiServer server, string role, params string[] namespaces) => new()
    {
        Role = role,
        ApiServer = server.BaseAddress.ToString(),
        Authorization = new AuthorizationConfig { Credentials = new Secret("test-token") },
        TlsConfig = new TlsConfig { Ca = server.CaPem },
        Namespaces = new KubernetesNamespaces { Names = [.. namespaces] },
    };

    public void Start(string job, params KubernetesSdConfig[] sds)
    {
        foreach (var discoverer in Factory.Create(new ScrapeConfig { JobName = job, KubernetesSdConfigs = [.. sds] }))
        {
            var channel = Channel.CreateUnbounded<IReadOnlyList<TargetGroup>>();
            _tasks.Add(discoverer.RunAsync(channel.Writer, _stop.Token));
            // Nobody reads the groups here; the unbounded channel just keeps them.
        }
    }

    public static Task WaitAsync(Func<bool> condition, string what) => Eventually.TrueAsync(condition, TimeSpan.FromSeconds(20), what);

    /// <summary>Stops the discoverers and awaits them.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_tasks);
        _tasks.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }
}
