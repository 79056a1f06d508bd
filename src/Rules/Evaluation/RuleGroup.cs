using System.Diagnostics;
using System.IO.Hashing;
using System.Text;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Query.Engine;
using MetricsServer.Rules.Loading;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Rules.Evaluation;

/// <summary>
/// A group of rules evaluated in order at one interval. Evaluation times are aligned as Prometheus aligns them: a
/// multiple of the interval plus an offset from a hash of the group's file and name, so groups spread out and a
/// restarted server keeps the same phase. Each rule's samples are committed before the next rule runs, so a
/// recording rule feeds the rules after it; series a rule stops producing get a staleness marker.
/// </summary>
public sealed partial class RuleGroup : IDisposable
{
    private readonly RuleManagerOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<LabelSet, SeriesRef>[] _previous;
    private DateTimeOffset? _lastEvaluation;
    private TimeSpan _evaluationTime;
    private CancellationTokenSource? _stop;
    private Task? _loop;

    internal RuleGroup(RuleGroupDefinition definition, TimeSpan interval, TimeSpan queryOffset, RuleEvalContext context,
        RuleManagerOptions options, bool shouldRestore)
    {
        Definition = definition;
        Interval = interval;
        QueryOffset = queryOffset;
        Context = context;
        _options = options;
        _logger = options.Loggers.CreateLogger("MetricsServer.Rules.RuleGroup");
        ShouldRestore = shouldRestore;
        Rules = [.. definition.Rules.Select(r => r.IsAlert ? (Rule)new AlertingRule(r, restored: !shouldRestore) : new RecordingRule(r))];
        _previous = [.. Rules.Select(_ => new Dictionary<LabelSet, SeriesRef>())];
        Key = GroupKey(definition.File, definition.Name);
    }

    public RuleGroupDefinition Definition { get; }
    public string Name => Definition.Name;
    public string File => Definition.File;

    /// <summary><c>file;name</c>, the <c>rule_group</c> label of the group's metrics.</summary>
    public string Key { get; }

    public TimeSpan Interval { get; }
    public TimeSpan QueryOffset { get; }
    public int Limit => Definition.Limit;
    public IReadOnlyList<Rule> Rules { get; }
    internal RuleEvalContext Context { get; }
    internal bool ShouldRestore { get; private set; }

    /// <summary>Raised after every evaluation (tests wait on it instead of sleeping).</summary>
    public event Action<RuleGroup, DateTimeOffset>? Evaluated;

    public (DateTimeOffset? LastEvaluation, TimeSpan EvaluationTime) Status
    {
        get
        {
            lock (_lock) return (_lastEvaluation, _evaluationTime);
        }
    }

    public static string GroupKey(string file, string name) => file + ";" + name;

    /// <summary>The evaluation time slot at or before <paramref name="now"/>: a multiple of the interval plus the group's offset.</summary>
    public DateTimeOffset EvalTimestamp(DateTimeOffset now)
    {
        var interval = Interval.Ticks;
        var offset = (long)(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(Key)) % (ulong)interval);
        var ticks = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var adjusted = ticks - offset;
        var slot = adjusted - (((adjusted % interval) + interval) % interval);
        return DateTimeOffset.UnixEpoch.AddTicks(slot + offset);
    }

    internal void Start()
    {
        _stop = new CancellationTokenSource();
        _loop = RunAsync(_stop.Token);
    }

    /// <summary>Stops the loop and waits for an evaluation in progress; with <paramref name="markStale"/>, ends every series it wrote.</summary>
    internal async Task StopAsync(bool markStale)
    {
        if (_stop is null) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            if (_loop is not null) await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
        _stop = null;
        if (markStale) MarkAllStale(_options.Clock.GetUtcNow());
    }

    private async Task RunAsync(CancellationToken ct)
    {
        var clock = _options.Clock;
        var metrics = _options.Metrics;
        var evalTs = EvalTimestamp(clock.GetUtcNow()) + Interval;
        await Delay(evalTs - clock.GetUtcNow(), ct).ConfigureAwait(false);
        metrics.IterationsScheduled.WithLabels(Key).Inc();
        Iterate(evalTs, ct);
        if (ShouldRestore)
        {
            // Restored after one evaluation, so that recording rules the alerts use have fresh values.
            RestoreForState(clock.GetUtcNow());
            ShouldRestore = false;
        }
        while (!ct.IsCancellationRequested)
        {
            var next = evalTs + Interval;
            await Delay(next - clock.GetUtcNow(), ct).ConfigureAwait(false);
            var missed = ((clock.GetUtcNow() - evalTs).Ticks / Interval.Ticks) - 1;
            if (missed > 0)
            {
                metrics.IterationsMissed.WithLabels(Key).Inc(missed);
                metrics.IterationsScheduled.WithLabels(Key).Inc(missed);
            }
            evalTs += Interval * (Math.Max(missed, 0) + 1);
            metrics.IterationsScheduled.WithLabels(Key).Inc();
            Iterate(evalTs, ct);
        }
    }

    private Task Delay(TimeSpan delay, CancellationToken ct) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, _options.Clock, ct) : Task.CompletedTask;

    private void Iterate(DateTimeOffset ts, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        Evaluate(ts, ct);
        var took = Stopwatch.GetElapsedTime(started);
        lock (_lock)
        {
            _lastEvaluation = ts;
            _evaluationTime = took;
        }
        _options.Metrics.GroupDuration.Observe(took.TotalSeconds);
        _options.Metrics.LastDuration.WithLabels(Key).Set(took.TotalSeconds);
        _options.Metrics.LastEvaluation.WithLabels(Key).Set(ts.ToUnixTimeMilliseconds() / 1000.0);
        Evaluated?.Invoke(this, ts);
    }

    /// <summary>Evaluates every rule once at <paramref name="ts"/>, in order, appending their results.</summary>
    public void Evaluate(DateTimeOffset ts, CancellationToken ct = default)
    {
        var metrics = _options.Metrics;
        var samples = 0;
        var ruleSum = TimeSpan.Zero;
        var stampMs = (ts - QueryOffset).ToUnixTimeMilliseconds();
        for (var i = 0; i < Rules.Count; i++)
        {
            if (ct.IsCancellationRequested) return;
            var rule = Rules[i];
            var started = Stopwatch.GetTimestamp();
            metrics.Evaluations.WithLabels(Key).Inc();
            IReadOnlyList<(LabelSet Labels, double Value)> output;
            try
            {
                output = rule.Eval(Context, ts, QueryOffset, Limit, ct);
            }
            catch (Exception e) when (e is PromQLEvalException or RuleEvaluationException)
            {
                var took = Stopwatch.GetElapsedTime(started);
                rule.SetStatus(RuleHealth.Err, e.Message, ts, took);
                metrics.EvaluationFailures.WithLabels(Key).Inc();
                ruleSum += took;
                _logger.LogWarning("Evaluating rule {Rule} of group {Group} failed: {Error}", rule.Name, Key, e.Message);
                continue;
            }
            samples += output.Count;
            var appendError = Append(i, output, stampMs);
            if (rule is AlertingRule alerting)
            {
                var alerts = alerting.AlertsToSend(ts, _options.ResendDelay, Interval, Context.ExternalUrl);
                if (alerts.Count > 0) _options.Notifier.Send(alerts);
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            ruleSum += elapsed;
            metrics.EvalDuration.Observe(elapsed.TotalSeconds);
            rule.SetStatus(appendError is null ? RuleHealth.Ok : RuleHealth.Err, appendError ?? "", ts, elapsed);
        }
        metrics.LastEvalSamples.WithLabels(Key).Set(samples);
        metrics.LastRuleDurationSum.WithLabels(Key).Set(ruleSum.TotalSeconds);
    }

    /// <summary>Appends one rule's output and staleness markers for its series that ended; commits, so the next rule sees it.</summary>
    private string? Append(int ruleIndex, IReadOnlyList<(LabelSet Labels, double Value)> output, long timestampMs)
    {
        var previous = _previous[ruleIndex];
        var current = new Dictionary<LabelSet, SeriesRef>(output.Count);
        var appender = _options.Appendable.Appender();
        int outOfOrder = 0, duplicate = 0, outOfBounds = 0;
        foreach (var (labels, value) in output)
        {
            var r = previous.GetValueOrDefault(labels);
            var result = appender.Append(ref r, labels, timestampMs, value);
            switch (result)
            {
                case AppendResult.OutOfOrder: outOfOrder++; break;
                case AppendResult.Duplicate: duplicate++; break;
                case AppendResult.OutOfBounds or AppendResult.TooOld: outOfBounds++; break;
            }
            current[labels] = r;
        }
        foreach (var (labels, r) in previous)
        {
            if (current.ContainsKey(labels)) continue;
            var sr = r;
            // Out of order here means the series got a newer sample since: nothing to end.
            appender.Append(ref sr, labels, timestampMs, StaleMarker.Value);
        }
        appender.Commit();
        _previous[ruleIndex] = current;
        if (outOfOrder + duplicate + outOfBounds == 0) return null;
        _logger.LogWarning("Rule group {Group} dropped samples: {OutOfOrder} out of order, {Duplicate} duplicate, {OutOfBounds} out of bounds",
            Key, outOfOrder, duplicate, outOfBounds);
        return duplicate > 0 ? "duplicate sample for timestamp" : outOfOrder > 0 ? "out of order sample" : "out of bounds";
    }

    private void MarkAllStale(DateTimeOffset now)
    {
        var appender = _options.Appendable.Appender();
        var t = now.ToUnixTimeMilliseconds();
        foreach (var series in _previous)
        {
            foreach (var (labels, r) in series)
            {
                var sr = r;
                appender.Append(ref sr, labels, t, StaleMarker.Value);
            }
            series.Clear();
        }
        appender.Commit();
    }

    /// <summary>Takes over a previous incarnation's series and alerts for rules that did not change (a reload).</summary>
    internal void CopyState(RuleGroup from)
    {
        lock (from._lock)
        {
            _lastEvaluation = from._lastEvaluation;
            _evaluationTime = from._evaluationTime;
        }
        var used = new HashSet<int>();
        for (var i = 0; i < Rules.Count; i++)
        {
            var match = -1;
            for (var j = 0; j < from.Rules.Count; j++)
            {
                if (used.Contains(j) || !SameRule(Rules[i], from.Rules[j])) continue;
                match = j;
                break;
            }
            if (match < 0) continue;
            used.Add(match);
            foreach (var (k, v) in from._previous[match]) _previous[i][k] = v;
            if (Rules[i] is AlertingRule now && from.Rules[match] is AlertingRule before)
            {
                now.CopyAlertsFrom(before);
                now.Restored = before.Restored;
            }
        }
        // Series of rules that are gone end now.
        var ended = new List<Dictionary<LabelSet, SeriesRef>>();
        for (var j = 0; j < from.Rules.Count; j++)
        {
            if (!used.Contains(j)) ended.Add(from._previous[j]);
        }
        if (ended.Count == 0) return;
        var appender = _options.Appendable.Appender();
        var t = _options.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var series in ended)
        {
            foreach (var (labels, r) in series)
            {
                var sr = r;
                appender.Append(ref sr, labels, t, StaleMarker.Value);
            }
        }
        appender.Commit();
    }

    public void Dispose() => _stop?.Dispose();

    private static bool SameRule(Rule a, Rule b) =>
        a.GetType() == b.GetType() && a.Name == b.Name && a.Query == b.Query && a.Labels.Equals(b.Labels);
}
