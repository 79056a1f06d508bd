using System.Text.Json;
using System.Threading.Channels;
using MetricsServer.Config;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Discovery;

/// <summary>
/// Runs the discoverers of every job and publishes the merged target groups (Prometheus's <c>discovery.Manager</c>).
/// <see cref="ApplyConfig"/> starts, keeps or stops discoverers per job; <see cref="SyncChannel"/> carries full
/// snapshots, job name to target groups, at most one per <see cref="DiscoveryManagerOptions.UpdateInterval"/>
/// (the first right away), each coalescing every update since the previous one.
/// </summary>
/// <remarks>
/// Thread-safe. The manager owns one task per running discoverer and one sending task; <see cref="StopAsync"/>
/// and <see cref="DisposeAsync"/> cancel and await them all, then complete <see cref="SyncChannel"/>.
/// A snapshot lists every configured job, with an empty list when it has no targets, and once more, with an empty
/// list, each job that a new configuration removed. Snapshots are built only when the consumer has taken the
/// previous one, so a slow consumer always gets the newest state and nothing in between is lost.
/// </remarks>
public sealed partial class DiscoveryManager : IAsyncDisposable
{
    private static readonly JsonSerializerOptions KeyOptions = new() { WriteIndented = false };

    private readonly IDiscovererFactory _factory;
    private readonly DiscoveryManagerOptions _options;
    private readonly DiscoveryMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DiscoveryManager> _logger;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removedJobs = new(StringComparer.Ordinal);
    private readonly List<Provider> _stopping = [];
    private readonly Channel<IReadOnlyDictionary<string, IReadOnlyList<TargetGroup>>> _sync =
        Channel.CreateBounded<IReadOnlyDictionary<string, IReadOnlyList<TargetGroup>>>(new BoundedChannelOptions(1) { SingleWriter = true });
    private readonly Channel<bool> _trigger =
        Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private Task? _senderTask;
    private Task? _stopTask;

    public DiscoveryManager(
        IDiscovererFactory factory, DiscoveryManagerOptions options, DiscoveryMetrics metrics, TimeProvider timeProvider, ILogger<DiscoveryManager> logger)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _factory = factory;
        _options = options;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Full snapshots of the discovered target groups per job. Single consumer. Completed after <see cref="StopAsync"/>.
    /// </summary>
    public ChannelReader<IReadOnlyDictionary<string, IReadOnlyList<TargetGroup>>> SyncChannel => _sync.Reader;

    /// <summary>
    /// Makes the running discoverers match <paramref name="configs"/>: a job whose service-discovery sections are
    /// unchanged keeps its discoverers and targets; a new or changed job gets new discoverers (a changed job keeps
    /// its old targets until each new discoverer has reported once); a job no longer present is stopped and sent
    /// with an empty list. Returns without waiting for stopped discoverers to finish: the manager still owns them.
    /// </summary>
    public void ApplyConfig(IReadOnlyList<ScrapeConfig> configs)
    {
        ArgumentNullException.ThrowIfNull(configs);
        var toCancel = new List<Provider>();
        var toStart = new List<Provider>();
        var trigger = false;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopTask is not null, this);
            PruneStopped();

            // Build every new discoverer first, so that a factory failure leaves the running state untouched.
            var wanted = new Dictionary<string, (string Key, IReadOnlyList<IDiscoverer>? Discoverers)>(StringComparer.Ordinal);
            foreach (var config in configs)
            {
                if (wanted.ContainsKey(config.JobName))
                {
                    _logger.LogWarning("discovery: duplicate job name {Job}; using its first scrape config", config.JobName);
                    continue;
                }
                var key = SdConfigKey(config);
                var unchanged = _jobs.TryGetValue(config.JobName, out var existing) && existing.Key == key;
                wanted[config.JobName] = (key, unchanged ? null : _factory.Create(config));
            }

            foreach (var (name, job) in _jobs)
            {
                if (wanted.ContainsKey(name)) continue;
                StopProviders(job, toCancel);
                _removedJobs.Add(name);
                trigger = true;
            }
            foreach (var name in _removedJobs) _jobs.Remove(name);

            foreach (var (name, (key, discoverers)) in wanted)
            {
                if (discoverers is null) continue;
                _removedJobs.Remove(name);
                if (_jobs.TryGetValue(name, out var job))
                {
                    _logger.LogInformation("discovery: service discovery of job {Job} changed; restarting its discoverers", name);
                    job.Previous = CurrentGroups(job);
                    StopProviders(job, toCancel);
                }
                else
                {
                    job = new Job(name);
                    _jobs.Add(name, job);
                }
                job.Key = key;
                job.Providers.Clear();
                foreach (var discoverer in discoverers) job.Providers.Add(new Provider(job, discoverer));
                toStart.AddRange(job.Providers);
                if (job.Providers.Count == 0)
                {
                    // Nothing will report for this job: publish it (empty, or without its old targets) now.
                    job.Previous = null;
                    trigger = true;
                }
            }

            foreach (var provider in toStart) provider.Task = Task.Run(() => RunProviderAsync(provider));
            _senderTask ??= Task.Run(() => SendLoopAsync(_stop.Token));
        }
        // Cancel outside the lock: cancellation callbacks run inline and may re-enter the manager.
        foreach (var provider in toCancel) provider.Cancellation.Cancel();
        if (trigger) _trigger.Writer.TryWrite(true);
    }

    /// <summary>Cancels every discoverer and the sender, awaits all of them, then completes <see cref="SyncChannel"/>.</summary>
    public Task StopAsync()
    {
        lock (_lock)
        {
            if (_stopTask is not null) return _stopTask;
            var providers = new List<Provider>(_stopping);
            foreach (var job in _jobs.Values)
            {
                foreach (var provider in job.Providers)
                {
                    provider.Active = false;
                    providers.Add(provider);
                }
            }
            _jobs.Clear();
            _stopping.Clear();
            // Run on the pool: cancellation callbacks run inline and must not run under the lock.
            var sender = _senderTask;
            _stopTask = Task.Run(() => StopCoreAsync(providers, sender));
            return _stopTask;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task StopCoreAsync(List<Provider> providers, Task? sender)
    {
        foreach (var provider in providers) provider.Cancellation.Cancel();
        await _stop.CancelAsync().ConfigureAwait(false);
        var tasks = new List<Task>(providers.Count + 1);
        foreach (var provider in providers)
        {
            if (provider.Task is not null) tasks.Add(provider.Task);
        }
        if (sender is not null) tasks.Add(sender);
        await Task.WhenAll(tasks).ConfigureAwait(false);
        foreach (var provider in providers) provider.Cancellation.Dispose();
        _stop.Dispose();
        _sync.Writer.TryComplete();
    }

    /// <summary>The discoverers of <paramref name="job"/> and their tasks, for tests.</summary>
    internal IReadOnlyList<(IDiscoverer Discoverer, Task Task)> ProvidersOf(string job)
    {
        lock (_lock)
        {
            var result = new List<(IDiscoverer, Task)>();
            if (_jobs.TryGetValue(job, out var j))
            {
                foreach (var provider in j.Providers) result.Add((provider.Discoverer, provider.Task!));
            }
            return result;
        }
    }

    /// <summary>Every task the manager owns right now (discoverers, stopping discoverers, sender), for tests.</summary>
    internal IReadOnlyList<Task> OwnedTasks()
    {
        lock (_lock)
        {
            var result = new List<Task>();
            foreach (var job in _jobs.Values)
            {
                foreach (var provider in job.Providers) result.Add(provider.Task!);
            }
            foreach (var provider in _stopping) result.Add(provider.Task!);
            if (_senderTask is not null) result.Add(_senderTask);
            return result;
        }
    }

    /// <summary>The service-discovery sections of a scrape config as text: equal text means the same discoverers.</summary>
    internal static string SdConfigKey(ScrapeConfig config) =>
        JsonSerializer.Serialize(new SdSections(config.StaticConfigs, config.FileSdConfigs, config.KubernetesSdConfigs), KeyOptions);

    private void StopProviders(Job job, List<Provider> toCancel)
    {
        foreach (var provider in job.Providers)
        {
            provider.Active = false;
            _stopping.Add(provider);
            toCancel.Add(provider);
        }
        job.Providers.Clear();
    }

    /// <summary>Forgets stopped discoverers whose tasks have finished. Called under the lock.</summary>
    private void PruneStopped()
    {
        for (var i = _stopping.Count - 1; i >= 0; i--)
        {
            // The source is not disposed here: a concurrent ApplyConfig may still be about to cancel it.
            if (_stopping[i].Task?.IsCompleted == true) _stopping.RemoveAt(i);
        }
    }

    private sealed record SdSections(List<StaticConfig> StaticConfigs, List<FileSdConfig> FileSdConfigs, List<KubernetesSdConfig> KubernetesSdConfigs);
}
