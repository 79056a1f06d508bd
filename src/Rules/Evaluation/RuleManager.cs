using MetricsServer.Config;
using MetricsServer.Model.Labels;
using MetricsServer.Rules.Loading;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Rules.Evaluation;

/// <summary>
/// Owns the rule groups: loads the config's <c>rule_files</c>, starts one evaluation loop per group, and on reload
/// swaps in the new groups, carrying over the state of groups that stayed (same file and name) and ending the
/// series of groups that went. A reload whose rule files do not load changes nothing. Thread-safe; updates are
/// serialised.
/// </summary>
public sealed class RuleManager : IAsyncDisposable
{
    private readonly RuleManagerOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile IReadOnlyList<RuleGroup> _groups = [];
    private bool _started;

    public RuleManager(RuleManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = options.Loggers.CreateLogger("MetricsServer.Rules.RuleManager");
    }

    /// <summary>The groups in force, in file then config order.</summary>
    public IReadOnlyList<RuleGroup> Groups => _groups;

    /// <summary>Every alerting rule of every group.</summary>
    public IEnumerable<AlertingRule> AlertingRules => _groups.SelectMany(g => g.Rules).OfType<AlertingRule>();

    /// <summary>Loads the rule files of <paramref name="config"/> and starts evaluating them.</summary>
    /// <exception cref="RuleFileException">A rule file did not load; the running groups are unchanged.</exception>
    public async Task ApplyConfigAsync(PrometheusConfig config, Uri? externalUrl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        var files = RuleFileLoader.ExpandGlobs(config.RuleFiles);
        var definitions = RuleFileLoader.LoadFiles(files);
        var external = LabelSet.FromUnsorted([.. config.Global.ExternalLabels.Select(kv => new Label(kv.Key, kv.Value))]);
        var context = new RuleEvalContext
        {
            Engine = _options.Engine,
            Queryable = _options.Queryable,
            ExternalLabels = external,
            ExternalUrl = externalUrl,
        };
        await UpdateAsync(definitions, config.Global.EvaluationInterval, config.Global.RuleQueryOffset, context, ct).ConfigureAwait(false);
    }

    /// <summary>Replaces the groups with <paramref name="definitions"/>.</summary>
    public async Task UpdateAsync(IReadOnlyList<RuleGroupDefinition> definitions, TimeSpan defaultInterval, TimeSpan defaultQueryOffset,
        RuleEvalContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // State is restored from ALERTS_FOR_STATE only for the groups of the first load, as Prometheus does.
            var shouldRestore = !_started;
            var old = _groups.ToDictionary(g => g.Key, StringComparer.Ordinal);
            var next = new List<RuleGroup>(definitions.Count);
            foreach (var d in definitions)
            {
                var interval = d.Interval ?? defaultInterval;
                var group = new RuleGroup(d, interval, d.QueryOffset ?? defaultQueryOffset, context, _options, shouldRestore);
                if (old.Remove(group.Key, out var previous))
                {
                    await previous.StopAsync(markStale: false).ConfigureAwait(false);
                    group.CopyState(previous);
                    previous.Dispose();
                }
                _options.Metrics.Register(group.Key, interval, d.Rules.Count);
                next.Add(group);
            }
            foreach (var gone in old.Values)
            {
                await gone.StopAsync(markStale: true).ConfigureAwait(false);
                _options.Metrics.Unregister(gone.Key);
                gone.Dispose();
            }
            _groups = next;
            foreach (var g in next) g.Start();
            _started = true;
            _logger.LogInformation("Loaded {Groups} rule groups with {Rules} rules", next.Count, next.Sum(g => g.Rules.Count));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops every group's loop, waiting for evaluations in progress. Series are left as they are (a restart continues them).</summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var g in _groups) await g.StopAsync(markStale: false).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        foreach (var g in _groups) g.Dispose();
        _gate.Dispose();
    }
}
