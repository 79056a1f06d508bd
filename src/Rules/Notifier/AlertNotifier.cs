using System.Text.Json;
using System.Threading.Channels;
using MetricsServer.Config;
using MetricsServer.Discovery;
using MetricsServer.Model.Labels;
using MetricsServer.Relabel;
using MetricsServer.Rules.Evaluation;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Rules.Notifier;

/// <summary>
/// Sends alerts to the Alertmanagers of <c>alerting.alertmanagers</c> (Prometheus's notifier manager): alerts get
/// <c>external_labels</c> and <c>alert_relabel_configs</c>, wait in a bounded queue, and go out in batches to every
/// discovered Alertmanager of every entry (API v2). A batch that no Alertmanager accepted is dropped and counted: the
/// rule manager resends firing alerts every <c>--rules.alert.resend-delay</c>, which is Prometheus's only retry.
/// </summary>
/// <remarks>
/// Thread-safe. <see cref="Start"/> starts the owned tasks (the sending loop, the discovery loop and a second
/// <see cref="DiscoveryManager"/> named <c>notify</c>); <see cref="StopAsync"/> cancels and awaits them, then disposes
/// the HTTP clients. Sending begins once discovery has reported the Alertmanagers the first time.
/// </remarks>
public sealed partial class AlertNotifier : INotifier, IAsyncDisposable
{
    private static readonly JsonSerializerOptions KeyOptions = new() { WriteIndented = false };

    private readonly NotifierOptions _options;
    private readonly AlertQueue _queue;
    private readonly DiscoveryManager _discovery;
    private readonly ILogger<AlertNotifier> _logger;
    private readonly Channel<bool> _more = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly TaskCompletionSource _firstSync = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<AlertmanagerSet> _retired = [];
    private volatile AlertmanagerSet[] _sets = [];
    private volatile Relabelling _relabelling = new(LabelSet.Empty, RelabelRules.Empty);
    private Task? _sendTask;
    private Task? _syncTask;
    private volatile Task? _stopTask;

    public AlertNotifier(NotifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _queue = new AlertQueue(options.QueueCapacity);
        _logger = options.Loggers.CreateLogger<AlertNotifier>();
        _discovery = new DiscoveryManager(options.DiscovererFactory,
            new DiscoveryManagerOptions { Name = "notify", UpdateInterval = options.DiscoveryUpdateInterval },
            options.DiscoveryMetrics, options.Clock, options.Loggers.CreateLogger<DiscoveryManager>());
        options.Metrics.QueueCapacity.Set(options.QueueCapacity);
        options.Metrics.QueueLength.Set(0);
        options.Metrics.AlertmanagersDiscovered.Set(0);
    }

    /// <summary>Alerts waiting to be sent.</summary>
    public int QueueLength => _queue.Count;

    /// <summary>The Alertmanagers alerts go to, over every <c>alertmanagers</c> entry, in config order.</summary>
    public IReadOnlyList<AlertmanagerTarget> ActiveAlertmanagers => [.. _sets.SelectMany(s => s.Active)];

    /// <summary>The discovered Alertmanagers that an entry's <c>relabel_configs</c> dropped.</summary>
    public IReadOnlyList<AlertmanagerTarget> DroppedAlertmanagers => [.. _sets.SelectMany(s => s.Dropped)];

    /// <summary>
    /// Applies <c>global.external_labels</c> and <c>alerting</c>: an entry whose settings did not change keeps its
    /// client and its discovered Alertmanagers; discovery restarts only for entries whose sections changed.
    /// </summary>
    /// <exception cref="ArgumentException">A relabel config does not compile (the config loader checks them first).</exception>
    public void ApplyConfig(PrometheusConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var external = LabelSet.FromUnsorted([.. config.Global.ExternalLabels.Select(kv => new Label(kv.Key, kv.Value))]);
        var relabelling = new Relabelling(external, RelabelRules.Compile(config.Alerting.AlertRelabelConfigs));
        var scrapeConfigs = new List<ScrapeConfig>(config.Alerting.Alertmanagers.Count);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopTask is not null, this);
            var old = _sets.ToDictionary(s => s.Name, StringComparer.Ordinal);
            var sets = new AlertmanagerSet[config.Alerting.Alertmanagers.Count];
            for (var i = 0; i < sets.Length; i++)
            {
                var am = config.Alerting.Alertmanagers[i];
                var name = $"config-{i}";
                var key = JsonSerializer.Serialize(am, KeyOptions);
                if (old.Remove(name, out var existing))
                {
                    if (existing.ContentKey == key)
                    {
                        sets[i] = existing;
                    }
                    else
                    {
                        // Until discovery reports again, the changed entry's relabelling applies to the groups it had.
                        sets[i] = new AlertmanagerSet(name, key, am, _options.HttpClientFactory(am));
                        sets[i].Update(existing.Groups);
                        _retired.Add(existing);
                    }
                }
                else
                {
                    sets[i] = new AlertmanagerSet(name, key, am, _options.HttpClientFactory(am));
                }
                scrapeConfigs.Add(new ScrapeConfig
                {
                    JobName = name,
                    StaticConfigs = am.StaticConfigs,
                    FileSdConfigs = am.FileSdConfigs,
                    KubernetesSdConfigs = am.KubernetesSdConfigs,
                });
            }
            _retired.AddRange(old.Values);
            _relabelling = relabelling;
            _sets = sets;
            CountDiscovered();
        }
        _discovery.ApplyConfig(scrapeConfigs);
    }

    /// <summary>Starts discovery and sending. Call once, after the first <see cref="ApplyConfig"/>.</summary>
    public void Start()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopTask is not null, this);
            if (_sendTask is not null) return;
            _syncTask = Task.Run(() => SyncLoopAsync(_stop.Token));
            _sendTask = Task.Run(() => SendLoopAsync(_stop.Token));
        }
    }

    /// <summary>
    /// Queues <paramref name="alerts"/> after adding external labels and applying <c>alert_relabel_configs</c>
    /// (alerts relabelled away are not sent). Never blocks: when the queue is full the oldest alerts are dropped and
    /// counted. Without any <c>alertmanagers</c> entry the alerts go nowhere and nothing is counted as dropped.
    /// </summary>
    public void Send(IReadOnlyList<NotifierAlert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        _options.Metrics.Notifications.Inc(alerts.Count);
        if (_sets.Length == 0 || alerts.Count == 0 || _stopTask is not null) return;
        var relabelling = _relabelling;
        var ready = new List<NotifierAlert>(alerts.Count);
        var builder = new LabelSetBuilder();
        foreach (var alert in alerts)
        {
            var labels = alert.Labels;
            if (relabelling.ExternalLabels.Count > 0)
            {
                builder.Reset(labels);
                // The alert's own label wins over an external label of the same name, as in Prometheus.
                foreach (var label in relabelling.ExternalLabels)
                {
                    if (!builder.Has(label.Name)) builder.Set(label.Name, label.Value);
                }
                labels = builder.ToLabelSet();
            }
            if (relabelling.Rules.Count > 0)
            {
                var relabelled = Relabeler.Process(labels, relabelling.Rules);
                if (relabelled is null || relabelled.Count == 0) continue;
                labels = relabelled;
            }
            ready.Add(labels == alert.Labels ? alert : alert with { Labels = labels });
        }
        if (ready.Count == 0) return;
        var dropped = _queue.Enqueue(ready);
        if (dropped > 0)
        {
            _options.Metrics.Dropped.Inc(dropped);
            _logger.LogWarning("notifier: alert notification queue full, dropped {Count} alerts", dropped);
        }
        _options.Metrics.QueueLength.Set(_queue.Count);
        _more.Writer.TryWrite(true);
    }

    /// <summary>
    /// Stops sending and discovery, awaits the owned tasks, disposes the clients. With
    /// <see cref="NotifierOptions.DrainOnShutdown"/> the alerts still queued are sent first (when any Alertmanager is known).
    /// </summary>
    public Task StopAsync()
    {
        lock (_lock)
        {
            _stopTask ??= StopCoreAsync();
            return _stopTask;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task StopCoreAsync()
    {
        Task? send;
        lock (_lock) send = _sendTask;
        if (_options.DrainOnShutdown && send is not null)
        {
            // The send loop empties the queue to the Alertmanagers known now, then sees the completed channel and
            // ends; each post has its timeout.
            _firstSync.TrySetResult();
            _more.Writer.TryWrite(true);
            _more.Writer.TryComplete();
            await send.ConfigureAwait(false);
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        await _discovery.StopAsync().ConfigureAwait(false);
        Task[] tasks;
        lock (_lock) tasks = [.. new[] { _sendTask, _syncTask }.OfType<Task>()];
        await Task.WhenAll(tasks).ConfigureAwait(false);
        lock (_lock)
        {
            foreach (var set in _sets) set.Dispose();
            foreach (var set in _retired) set.Dispose();
            _retired.Clear();
        }
        _stop.Dispose();
    }

    /// <summary>Applies each discovery snapshot to the entry it belongs to. Owned by the notifier.</summary>
    private async Task SyncLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var snapshot in _discovery.SyncChannel.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                lock (_lock)
                {
                    foreach (var set in _sets)
                    {
                        if (snapshot.TryGetValue(set.Name, out var groups)) set.Update(groups);
                    }
                    CountDiscovered();
                }
                _firstSync.TrySetResult();
                _more.Writer.TryWrite(true);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void CountDiscovered()
    {
        var count = 0;
        foreach (var set in _sets) count += set.Active.Count;
        _options.Metrics.AlertmanagersDiscovered.Set(count);
    }

    /// <summary>The alert-wide settings of one config, swapped as a whole on reload.</summary>
    private sealed record Relabelling(LabelSet ExternalLabels, RelabelRules Rules);
}
