using System.Collections.Concurrent;
using System.Threading.Channels;
using MetricsServer.Config;
using MetricsServer.Discovery.Kubernetes;
using MetricsServer.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace MetricsServer.Discovery.Tests.Kubernetes;

/// <summary>
/// Runs Kubernetes discoverers against a fake API server and keeps the latest group per source, as the discovery
/// manager would; disposing stops them and awaits them.
/// </summary>
internal sealed class DiscoveryRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private readonly ConcurrentDictionary<string, TargetGroup> _groups = new(StringComparer.Ordinal);
    private int _updates;

    public DiscoveryRun(KubernetesEnvironment? environment = null)
    {
        Registry = Metrics.NewCustomRegistry();
        Factory = new KubernetesDiscovererFactory(
            TimeProvider.System, new DiscoveryMetrics(Registry), NullLoggerFactory.Instance, environment,
            new KubernetesDiscoveryOptions(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200)));
    }

    public CollectorRegistry Registry { get; }

    public KubernetesDiscovererFactory Factory { get; }

    public int Updates => Volatile.Read(ref _updates);

    public IReadOnlyDictionary<string, TargetGroup> Groups => _groups;

    public void Start(KubernetesSdConfig sd)
    {
        var config = new ScrapeConfig { JobName = "k8s", KubernetesSdConfigs = [sd] };
        foreach (var discoverer in Factory.Create(config))
        {
            var channel = Channel.CreateUnbounded<IReadOnlyList<TargetGroup>>();
            _tasks.Add(discoverer.RunAsync(channel.Writer, _stop.Token));
            _tasks.Add(Task.Run(async () =>
            {
                await foreach (var update in channel.Reader.ReadAllAsync(_stop.Token))
                {
                    foreach (var group in update) _groups[group.Source] = group;
                    Interlocked.Increment(ref _updates);
                }
            }));
        }
    }

    public Task WaitAsync(Func<IReadOnlyDictionary<string, TargetGroup>, bool> condition, string what) =>
        Eventually.TrueAsync(() => condition(_groups), TimeSpan.FromSeconds(20), what);

    public async Task<double> FailuresAsync() => await Registry.SampleValueAsync("prometheus_sd_kubernetes_failures_total") ?? 0;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var task in _tasks)
        {
            try
            {
                await task;
            }
            catch (OperationCanceledException)
            {
                // The reader loop ends by cancellation.
            }
        }
        _stop.Dispose();
    }
}
