using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Rules.Evaluation;

public sealed partial class RuleGroup
{
    /// <summary>
    /// Restores the <c>for</c> state of pending alerts after a start, from the newest <c>ALERTS_FOR_STATE</c> sample
    /// within <c>--rules.alert.for-outage-tolerance</c>: the time the alert had already been pending before the
    /// server went down counts, the downtime does not; an alert that would fire within
    /// <c>--rules.alert.for-grace-period</c> waits that long instead. Rules whose <c>for</c> is shorter than the
    /// grace period start afresh. Every alerting rule is marked restored afterwards.
    /// </summary>
    public void RestoreForState(DateTimeOffset ts)
    {
        var mint = (ts - _options.OutageTolerance).ToUnixTimeMilliseconds();
        var maxt = ts.ToUnixTimeMilliseconds();
        try
        {
            using var querier = Context.Queryable.Querier(mint, maxt);
            foreach (var rule in Rules)
            {
                if (rule is not AlertingRule alerting) continue;
                try
                {
                    if (alerting.HoldDuration < _options.ForGracePeriod || alerting.HoldDuration <= TimeSpan.Zero) continue;
                    foreach (var alert in alerting.ActiveAlerts()) Restore(querier, alerting, alert, ts);
                }
                finally
                {
                    alerting.Restored = true;
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            _logger.LogError(e, "Failed to restore the for state of alerts in group {Group}", Key);
            foreach (var rule in Rules)
            {
                if (rule is AlertingRule a) a.Restored = true;
            }
        }
    }

    private void Restore(IQuerier querier, AlertingRule rule, Alert alert, DateTimeOffset ts)
    {
        var series = AlertingRule.ForStateSeries(alert.Labels);
        var matchers = new Matcher[series.Count];
        for (var i = 0; i < series.Count; i++) matchers[i] = Matcher.Equal(series[i].Name, series[i].Value);
        var set = querier.Select(false, null, matchers);
        long lastT = 0;
        double lastV = 0;
        var found = false;
        while (set.MoveNext())
        {
            // Only the exact series: a matcher set selects supersets of these labels too.
            if (!set.Current.Labels.Equals(series)) continue;
            var it = set.Current.Iterator();
            while (it.Next() == ValueKind.Float)
            {
                var (t, v) = it.At();
                if (StaleMarker.IsStale(v)) continue;
                lastT = t;
                lastV = v;
                found = true;
            }
        }
        if (!found) return;
        var downAt = DateTimeOffset.FromUnixTimeMilliseconds(lastT);
        var restoredActiveAt = DateTimeOffset.FromUnixTimeSeconds((long)lastV);
        var remaining = rule.HoldDuration - (downAt - restoredActiveAt);
        if (remaining <= TimeSpan.Zero)
        {
            // It had fired before the outage: keep its start, it fires at the next evaluation.
        }
        else if (remaining < _options.ForGracePeriod)
        {
            restoredActiveAt = ts + _options.ForGracePeriod - rule.HoldDuration;
        }
        else
        {
            restoredActiveAt += ts - downAt;
        }
        rule.RestoreActiveAt(alert.Labels, restoredActiveAt);
        _logger.LogDebug("Restored for state of alert {Alert} {Labels}: active since {ActiveAt}", rule.Name, alert.Labels, restoredActiveAt);
    }
}
