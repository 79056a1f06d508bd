using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Query.Ast;
using MatchType = MetricsServer.Model.Labels.MatchType;

namespace MetricsServer.Query.Engine;

/// <summary>
/// The experimental <c>info(v, {data-label-selector})</c>: each series of <c>v</c> gets the data labels of the info
/// series that share its identifying labels (<c>instance</c> and <c>job</c>), as of the time its own samples were read
/// (the <c>@</c> and offsets on the way to its selector applied). Info series are <c>target_info</c> unless the
/// selector names others by <c>__name__</c>; of several series of one info metric, the one with the newest sample wins.
/// </summary>
internal sealed partial class Evaluator
{
    private static readonly string[] IdentifyingLabels = [LabelNames.Instance, LabelNames.Job];

    private readonly Dictionary<Call, InfoQuery> _infoQueries = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// An info() call's plan: the selector reading the info series, the <c>__name__</c> matchers telling info
    /// series apart (an input series they all match passes unchanged), the data matchers (naming the labels to add;
    /// none means all), and whether a series without any info series is dropped (a data matcher refuses "").
    /// </summary>
    private sealed record InfoQuery(VectorSelector Selector, Matcher[] NameMatchers, Matcher[] DataMatchers, bool DropUnmatched);

    private InfoQuery PlanInfo(Call c)
    {
        if (_infoQueries.TryGetValue(c, out var plan)) return plan;
        var given = c.Args.Count > 1 && Unwrap(c.Args[1]) is VectorSelector vs ? vs.Matchers : [];
        var names = new List<Matcher>();
        var data = new List<Matcher>();
        var positiveName = false;
        foreach (var m in given)
        {
            if (m.Name != LabelNames.MetricName)
            {
                data.Add(m);
                continue;
            }
            names.Add(m);
            positiveName |= m.Type is MatchType.Equal or MatchType.Regex;
        }
        // Negated name matchers alone cannot say which metrics are info metrics: they filter the *_info metrics.
        if (names.Count == 0) names.Add(Matcher.Equal(LabelNames.MetricName, "target_info"));
        else if (!positiveName) names.Insert(0, new Matcher(MatchType.Regex, LabelNames.MetricName, ".+_info"));
        var dropUnmatched = false;
        foreach (var m in data) dropUnmatched |= !m.MatchesEmpty;
        var selector = new VectorSelector(string.Empty, [.. names, .. data], c.Position);
        plan = new InfoQuery(selector, [.. names], [.. data], dropUnmatched);
        _infoQueries[c] = plan;
        return plan;
    }

    /// <summary>Walks the first selector's path in <paramref name="e"/>, applying each <c>@</c> and offset to <paramref name="t"/>.</summary>
    private long? SampleReadTime(Expr e, long t)
    {
        switch (e)
        {
            case VectorSelector vs:
                return (vs.At.IsSet ? AtTime(vs.At, t) : t) - OffsetMs(vs.Offset, vs.OffsetExpr);
            case MatrixSelector ms:
                return SampleReadTime(ms.VectorSelector, t);
            case SubqueryExpr sq:
            {
                var inner = (sq.At.IsSet ? AtTime(sq.At, t) : t) - OffsetMs(sq.Offset, sq.OffsetExpr);
                return SampleReadTime(sq.Expr, inner) ?? inner;
            }
            default:
                foreach (var child in e.Children)
                {
                    if (SampleReadTime(child, t) is { } read) return read;
                }
                return null;
        }
    }

    private void CollectInfoWindows(Call c, long start, long end)
    {
        CollectWindows(c.Args[0], start, end);
        var plan = PlanInfo(c);
        _floatOnly.Add(plan.Selector);
        AddWindow(plan.Selector, SampleReadTime(c.Args[0], start) ?? start, SampleReadTime(c.Args[0], end) ?? end, LookbackMs, 0);
    }

    private List<StepSample> EvalInfo(Call c, long t)
    {
        var input = Eval(c.Args[0], t).Vector;
        var plan = PlanInfo(c);
        var readAt = SampleReadTime(c.Args[0], t) ?? t;
        var current = CurrentInfoSeries(plan, readAt);
        // Series carrying both identifying labels find their info series by key rather than by a scan over all.
        var byIdentity = new Dictionary<(string, string), List<(LabelSet Labels, long T)>>();
        foreach (var info in current)
        {
            var key = (info.Labels.Get(LabelNames.Instance), info.Labels.Get(LabelNames.Job));
            if (!byIdentity.TryGetValue(key, out var list)) byIdentity[key] = list = [];
            list.Add(info);
        }
        var result = new List<StepSample>(input.Count);
        var picked = new Dictionary<string, (LabelSet Labels, long T)>(StringComparer.Ordinal);
        foreach (var s in input)
        {
            if (IsInfoSeries(s.Metric, plan))
            {
                result.Add(s with { T = t });
                continue;
            }
            picked.Clear();
            var instance = s.Metric.Get(LabelNames.Instance);
            var job = s.Metric.Get(LabelNames.Job);
            var candidates = instance.Length > 0 && job.Length > 0
                ? byIdentity.GetValueOrDefault((instance, job)) ?? []
                : current;
            foreach (var (labels, sampleT) in candidates)
            {
                if (!SameIdentity(s.Metric, labels)) continue;
                var name = labels.MetricName;
                if (!picked.TryGetValue(name, out var p) || sampleT > p.T) picked[name] = (labels, sampleT);
            }
            if (picked.Count == 0)
            {
                if (!plan.DropUnmatched) result.Add(s with { T = t });
                continue;
            }
            result.Add(new StepSample(WithDataLabels(s.Metric, picked.Values, plan), t, s.F, s.DropName));
        }
        return result;
    }

    /// <summary>The info series with a sample in the lookback window before <paramref name="readAt"/>, and that sample's time.</summary>
    private List<(LabelSet Labels, long T)> CurrentInfoSeries(InfoQuery plan, long readAt)
    {
        var current = new List<(LabelSet, long)>();
        foreach (var series in Load(plan.Selector))
        {
            var i = series.LastAtOrBefore(readAt);
            if (i < 0 || series.Ts[i] <= readAt - LookbackMs || StaleMarker.IsStale(series.Fs[i])) continue;
            current.Add((series.Labels, series.Ts[i]));
        }
        return current;
    }

    private static bool IsInfoSeries(LabelSet metric, InfoQuery plan)
    {
        if (!metric.Has(LabelNames.MetricName)) return false;
        var name = metric.MetricName;
        foreach (var m in plan.NameMatchers)
        {
            if (!m.Matches(name)) return false;
        }
        return true;
    }

    /// <summary>The info series carries the identifying labels the series has, with the same values (and at least one).</summary>
    private static bool SameIdentity(LabelSet series, LabelSet info)
    {
        var any = false;
        foreach (var name in IdentifyingLabels)
        {
            var v = series.Get(name);
            if (v.Length == 0) continue;
            if (!string.Equals(v, info.Get(name), StringComparison.Ordinal)) return false;
            any = true;
        }
        return any;
    }

    /// <summary>
    /// Adds the info series' data labels the series lacks (only those the data matchers name, when there are any);
    /// two info metrics giving one label different values is an error.
    /// </summary>
    private static LabelSet WithDataLabels(LabelSet metric, IEnumerable<(LabelSet Labels, long T)> infos, InfoQuery plan)
    {
        var b = metric.ToBuilder();
        var added = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (labels, _) in infos)
        {
            foreach (var l in labels)
            {
                if (l.Name == LabelNames.MetricName || Array.IndexOf(IdentifyingLabels, l.Name) >= 0 || metric.Has(l.Name)) continue;
                if (plan.DataMatchers.Length > 0 && !NamedBy(plan.DataMatchers, l.Name)) continue;
                if (added.TryGetValue(l.Name, out var previous))
                {
                    if (!string.Equals(previous, l.Value, StringComparison.Ordinal)) throw new PromQLEvalException($"conflicting label: {l.Name}");
                    continue;
                }
                added[l.Name] = l.Value;
                b.Set(l.Name, l.Value);
            }
        }
        return b.ToLabelSet();
    }

    private static bool NamedBy(Matcher[] matchers, string name)
    {
        foreach (var m in matchers)
        {
            if (m.Name == name) return true;
        }
        return false;
    }
}
