using MetricsServer.Model.Labels;
using MetricsServer.Query.Engine;
using MetricsServer.Query.Parsing;
using MetricsServer.Rules.Loading;
using MetricsServer.Rules.Templates;

namespace MetricsServer.Rules.Evaluation;

/// <summary>
/// An alerting rule. Each label set its expression returns is an alert: pending from the first evaluation that
/// returns it, firing once it has been returned for <c>for</c>; when no longer returned it is resolved (kept firing
/// for <c>keep_firing_for</c> first) and forgotten 15 minutes later. Produces the <c>ALERTS</c> and
/// <c>ALERTS_FOR_STATE</c> series once its state is restored after a start.
/// </summary>
public sealed class AlertingRule : Rule
{
    public const string AlertsMetric = "ALERTS";
    public const string ForStateMetric = "ALERTS_FOR_STATE";
    public const string AlertNameLabel = "alertname";
    public const string AlertStateLabel = "alertstate";

    /// <summary>How long a resolved alert is kept (and re-sent as resolved), as Prometheus does.</summary>
    public static readonly TimeSpan ResolvedRetention = TimeSpan.FromMinutes(15);

    private readonly Lock _lock = new();
    private readonly Dictionary<LabelSet, Alert> _active = [];
    private volatile bool _restored;

    public AlertingRule(RuleDefinition definition, bool restored)
        : base(definition)
    {
        _restored = restored;
    }

    public TimeSpan HoldDuration => Definition.For;

    public TimeSpan KeepFiringFor => Definition.KeepFiringFor;

    public IReadOnlyDictionary<string, string> Annotations => Definition.Annotations;

    /// <summary>Whether its <c>for</c> state has been restored (or needed no restoring); until then no series are written.</summary>
    public bool Restored
    {
        get => _restored;
        internal set => _restored = value;
    }

    /// <summary>Copies of the alerts that are pending or firing (not the resolved ones kept for re-sending).</summary>
    public IReadOnlyList<Alert> ActiveAlerts()
    {
        lock (_lock) return [.. _active.Values.Where(a => a.State != AlertState.Inactive).Select(a => a.Clone()).OrderBy(a => a.Labels, LabelSetComparer.Instance)];
    }

    /// <summary>The most severe state of its alerts.</summary>
    public AlertState State
    {
        get
        {
            lock (_lock) return _active.Count == 0 ? AlertState.Inactive : _active.Values.Max(a => a.State);
        }
    }

    /// <summary>Takes over another rule's alerts (same rule across a reload).</summary>
    internal void CopyAlertsFrom(AlertingRule other)
    {
        lock (other._lock)
        lock (_lock)
        {
            foreach (var (k, a) in other._active) _active[k] = a.Clone();
        }
    }

    public override IReadOnlyList<(LabelSet Labels, double Value)> Eval(RuleEvalContext context, DateTimeOffset ts, TimeSpan queryOffset, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var evalTime = ts - queryOffset;
        var t = evalTime.ToUnixTimeMilliseconds();
        var vector = RunQuery(context, Definition.Expr, t, ct);
        var templates = new TemplateContext
        {
            ExternalUrl = context.ExternalUrl,
            Query = q => TemplateQuery(context, q, t, ct),
        };
        var current = new Dictionary<LabelSet, (LabelSet Labels, IReadOnlyDictionary<string, string> Annotations, double Value)>();
        var builder = new LabelSetBuilder();
        foreach (var sample in vector)
        {
            var templateName = "__alert_" + Name;
            builder.Reset(sample.Metric).Delete(LabelNames.MetricName);
            foreach (var l in Labels)
            {
                var value = AlertTemplate.Expand(templateName, l.Value, sample.Metric, sample.F, context.ExternalLabels, templates, out _);
                if (value.Length == 0) builder.Delete(l.Name);
                else builder.Set(l.Name, value);
            }
            builder.Set(AlertNameLabel, Name);
            var labels = builder.ToLabelSet();
            var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in Definition.Annotations)
            {
                annotations[k] = AlertTemplate.Expand(templateName, v, sample.Metric, sample.F, context.ExternalLabels, templates, out _);
            }
            if (!current.TryAdd(labels, (labels, annotations, sample.F)))
            {
                throw new RuleEvaluationException("vector contains metrics with the same labelset after applying alert labels");
            }
        }
        lock (_lock)
        {
            foreach (var (key, (labels, annotations, value)) in current)
            {
                if (_active.TryGetValue(key, out var alert) && alert.State != AlertState.Inactive)
                {
                    alert.Value = value;
                    alert.Annotations = annotations;
                    continue;
                }
                _active[key] = new Alert { Labels = labels, Annotations = annotations, Value = value, ActiveAt = ts, State = AlertState.Pending };
            }
            var output = new List<(LabelSet, double)>();
            foreach (var (key, alert) in _active.ToList())
            {
                if (!current.ContainsKey(key))
                {
                    if (KeepFiring(alert, ts)) continue;
                    // Pending alerts and alerts resolved long enough ago are forgotten.
                    if (alert.State == AlertState.Pending || (alert.ResolvedAt is { } r && ts - r > ResolvedRetention))
                    {
                        _active.Remove(key);
                    }
                    if (alert.State != AlertState.Inactive)
                    {
                        alert.State = AlertState.Inactive;
                        alert.ResolvedAt = ts;
                    }
                    continue;
                }
                alert.KeepFiringSince = null;
                if (alert.State == AlertState.Pending && ts - alert.ActiveAt >= HoldDuration)
                {
                    alert.State = AlertState.Firing;
                    alert.FiredAt = ts;
                }
            }
            var activeCount = _active.Values.Count(a => a.State != AlertState.Inactive);
            if (limit > 0 && activeCount > limit)
            {
                _active.Clear();
                throw new RuleEvaluationException($"exceeded limit of {limit} with {activeCount} alerts");
            }
            if (_restored)
            {
                foreach (var alert in _active.Values)
                {
                    if (alert.State == AlertState.Inactive) continue;
                    output.Add((AlertsSeries(alert), 1));
                    output.Add((ForStateSeries(alert.Labels), alert.ActiveAt.ToUnixTimeSeconds()));
                }
            }
            return output;
        }
    }

    private bool KeepFiring(Alert alert, DateTimeOffset ts)
    {
        if (alert.State != AlertState.Firing || KeepFiringFor <= TimeSpan.Zero) return false;
        alert.KeepFiringSince ??= ts;
        return ts - alert.KeepFiringSince.Value < KeepFiringFor;
    }

    private static LabelSet AlertsSeries(Alert alert) => alert.Labels.ToBuilder()
        .Set(LabelNames.MetricName, AlertsMetric)
        .Set(AlertStateLabel, alert.State == AlertState.Firing ? "firing" : "pending")
        .ToLabelSet();

    /// <summary>The <c>ALERTS_FOR_STATE</c> series of an alert with these labels.</summary>
    public static LabelSet ForStateSeries(LabelSet alertLabels)
    {
        ArgumentNullException.ThrowIfNull(alertLabels);
        return alertLabels.ToBuilder().Set(LabelNames.MetricName, ForStateMetric).ToLabelSet();
    }

    /// <summary>Sets an alert's start from restored state (see <see cref="RuleGroup"/>); returns false if it is gone.</summary>
    internal bool RestoreActiveAt(LabelSet labels, DateTimeOffset activeAt)
    {
        lock (_lock)
        {
            if (!_active.TryGetValue(labels, out var alert)) return false;
            alert.ActiveAt = activeAt;
            return true;
        }
    }

    /// <summary>The alerts due to go to Alertmanager at <paramref name="ts"/>, marked as sent.</summary>
    internal IReadOnlyList<NotifierAlert> AlertsToSend(DateTimeOffset ts, TimeSpan resendDelay, TimeSpan interval, Uri? externalUrl)
    {
        var delta = interval > resendDelay ? interval : resendDelay;
        var result = new List<NotifierAlert>();
        lock (_lock)
        {
            foreach (var alert in _active.Values)
            {
                if (!alert.NeedsSending(ts, resendDelay)) continue;
                alert.LastSentAt = ts;
                alert.ValidUntil = ts + (4 * delta);
                var endsAt = alert.ResolvedAt ?? alert.ValidUntil.Value;
                result.Add(new NotifierAlert(alert.Labels, alert.Annotations, alert.FiredAt ?? alert.ActiveAt, endsAt, GeneratorUrl(externalUrl)));
            }
        }
        return result;
    }

    private string GeneratorUrl(Uri? externalUrl)
    {
        var root = externalUrl?.ToString().TrimEnd('/') ?? "";
        return root + "/graph?g0.expr=" + Uri.EscapeDataString(Query) + "&g0.tab=1";
    }

    private static IReadOnlyList<(IReadOnlyDictionary<string, string>, double)> TemplateQuery(RuleEvalContext context, string query, long t, CancellationToken ct)
    {
        try
        {
            var expr = PromQLParser.Parse(query);
            return [.. RunQuery(context, expr, t, ct).Select(s => ((IReadOnlyDictionary<string, string>)AlertTemplate.ToMap(s.Metric), s.F))];
        }
        catch (Exception e) when (e is PromQLParseException or PromQLEvalException or RuleEvaluationException)
        {
            throw new TemplateException(e.Message, e);
        }
    }
}
