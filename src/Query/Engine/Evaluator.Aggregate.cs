using MetricsServer.Model.Labels;
using MetricsServer.Query.Ast;

namespace MetricsServer.Query.Engine;

internal sealed partial class Evaluator
{
    private List<StepSample> EvalAggregate(AggregateExpr a, long t)
    {
        var input = Eval(a.Expr, t).Vector;
        double param = 0;
        string? labelParam = null;
        if (a.Param is not null)
        {
            var p = Eval(a.Param, t);
            if (p.Type == Ast.ValueType.String) labelParam = p.String;
            else param = p.Scalar;
            param = CheckAggregateParam(a, param);
        }
        if (a.Op == AggregateOp.CountValues)
        {
            if (labelParam is null || !LabelNames.IsValidLabelName(labelParam)) throw new PromQLEvalException($"invalid label name \"{labelParam}\"");
        }

        // The group lists live as long as the query: a range query meets the same groups at every step, and the
        // lists are read to the end before this aggregation is evaluated again.
        if (!_aggregateGroups.TryGetValue(a, out var state)) _aggregateGroups[a] = state = (new Dictionary<LabelSet, List<StepSample>>(), []);
        var (groups, order) = state;
        foreach (var key in order) groups[key].Clear();
        order.Clear();
        foreach (var s in input)
        {
            var key = GroupKey(s.Metric, a);
            if (a.Op == AggregateOp.CountValues)
            {
                key = key.ToBuilder().Set(labelParam!, FormatValue(s.F)).ToLabelSet();
            }
            if (!groups.TryGetValue(key, out var list))
            {
                list = [];
                groups[key] = list;
            }
            if (list.Count == 0) order.Add(key);
            list.Add(s);
        }

        var result = new List<StepSample>(order.Count);
        foreach (var key in order)
        {
            var g = groups[key];
            var drop = _options.EnableDelayedNameRemoval && DropsName(key, g);
            switch (a.Op)
            {
                case AggregateOp.Topk or AggregateOp.Bottomk:
                    result.AddRange(TopK(g, param, a.Op == AggregateOp.Topk, t));
                    continue;
                case AggregateOp.Limitk:
                    for (var i = 0; i < g.Count && i < param; i++) result.Add(g[i] with { T = t });
                    continue;
                case AggregateOp.LimitRatio:
                    foreach (var s in g)
                    {
                        if (InRatio(s.Metric, param)) result.Add(s with { T = t });
                    }
                    continue;
                case AggregateOp.Sum: result.Add(new(key, t, KahanSum(g), drop)); break;
                case AggregateOp.Avg: result.Add(new(key, t, Avg(g), drop)); break;
                case AggregateOp.Count or AggregateOp.CountValues: result.Add(new(key, t, g.Count, drop)); break;
                case AggregateOp.Group: result.Add(new(key, t, 1, drop)); break;
                case AggregateOp.Min: result.Add(new(key, t, MinMax(g, min: true), drop)); break;
                case AggregateOp.Max: result.Add(new(key, t, MinMax(g, min: false), drop)); break;
                case AggregateOp.Stddev: result.Add(new(key, t, Math.Sqrt(Variance(g)), drop)); break;
                case AggregateOp.Stdvar: result.Add(new(key, t, Variance(g), drop)); break;
                case AggregateOp.Quantile:
                {
                    var values = new double[g.Count];
                    for (var i = 0; i < g.Count; i++) values[i] = g[i].F;
                    result.Add(new(key, t, Quantile(param, values), drop));
                    break;
                }
                default: throw new PromQLEvalException($"aggregation {a.Op} is not supported");
            }
        }
        return result;
    }

    private readonly Dictionary<AggregateExpr, (Dictionary<LabelSet, List<StepSample>> Groups, List<LabelSet> Order)> _aggregateGroups =
        new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// With delayed name removal, a group that keeps the metric name (<c>by (__name__)</c>) drops it at the end when
    /// any of its series had it marked for dropping.
    /// </summary>
    private static bool DropsName(LabelSet key, List<StepSample> g)
    {
        foreach (var s in g)
        {
            if (s.DropName) return key.Has(LabelNames.MetricName);
        }
        return false;
    }

    /// <summary>Prometheus's checks of an aggregation's scalar parameter; returns the value to use.</summary>
    private double CheckAggregateParam(AggregateExpr a, double param)
    {
        switch (a.Op)
        {
            case AggregateOp.Topk or AggregateOp.Bottomk or AggregateOp.Limitk:
                if (double.IsNaN(param)) throw new PromQLEvalException("Parameter value is NaN");
                return param;
            case AggregateOp.LimitRatio:
                if (double.IsNaN(param)) throw new PromQLEvalException("Ratio value is NaN");
                if (param is >= -1 and <= 1) return param;
                var capped = param > 1 ? 1.0 : -1.0;
                Warn($"PromQL warning: ratio value should be between -1 and 1, got {FormatFloat(param)}, capping to {FormatFloat(capped)}", a.Param!);
                return capped;
            case AggregateOp.Quantile:
                WarnBadQuantile(param, a.Param!);
                return param;
            default:
                return param;
        }
    }

    /// <summary>
    /// limit_ratio's deterministic sampling: a series' label hash mapped onto [0, 1] picks it for a positive ratio r
    /// when below r, and for a negative r when at or above 1 + r, so that r and r - 1 select complementary sets.
    /// </summary>
    private static bool InRatio(LabelSet metric, double ratio)
    {
        var position = metric.Hash / (double)ulong.MaxValue;
        return ratio >= 0 ? position < ratio : position >= 1 + ratio;
    }

    private LabelSet GroupLabels(LabelSet metric, AggregateExpr a)
    {
        var b = metric.ToBuilder();
        if (a.Without)
        {
            DeleteName(b);
            foreach (var n in a.Grouping) b.Delete(n);
        }
        else
        {
            b.RemoveWhere(l => !Contains(a.Grouping, l.Name));
        }
        return b.ToLabelSet();
    }

    /// <summary>Formats a float as Go's <c>strconv.FormatFloat(f, 'f', -1, 64)</c>, as count_values labels do.</summary>
    internal static string FormatValue(double f) => f switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(f) => "NaN",
        _ => NumberLiteral.FormatFloat(f),
    };

    private static double KahanSum(List<StepSample> g)
    {
        double sum = 0, c = 0;
        foreach (var s in g) KahanAdd(s.F, ref sum, ref c);
        return double.IsInfinity(sum) ? sum : sum + c;
    }

    internal static void KahanAdd(double v, ref double sum, ref double c)
    {
        var t = sum + v;
        if (double.IsInfinity(t)) c = 0;
        else if (Math.Abs(sum) >= Math.Abs(v)) c += (sum - t) + v;
        else c += (v - t) + sum;
        sum = t;
    }

    private static double Avg(List<StepSample> g)
    {
        double sum = 0, c = 0;
        foreach (var s in g) KahanAdd(s.F, ref sum, ref c);
        var total = sum + c;
        if (double.IsFinite(total) || double.IsNaN(total)) return total / g.Count;
        return AverageAfterOverflow(g.Count, i => g[i].F);
    }

    /// <summary>
    /// The mean when the plain sum is infinite: infinite inputs decide it (both signs give NaN); otherwise finite
    /// values overflowed, and summing each value divided by the count stays in range.
    /// </summary>
    internal static double AverageAfterOverflow(int count, Func<int, double> value)
    {
        bool plusInf = false, minusInf = false;
        for (var i = 0; i < count; i++)
        {
            var f = value(i);
            if (double.IsNaN(f)) return double.NaN;
            if (double.IsPositiveInfinity(f)) plusInf = true;
            else if (double.IsNegativeInfinity(f)) minusInf = true;
        }
        if (plusInf) return minusInf ? double.NaN : double.PositiveInfinity;
        if (minusInf) return double.NegativeInfinity;
        double sum = 0, c = 0;
        for (var i = 0; i < count; i++) KahanAdd(value(i) / count, ref sum, ref c);
        return sum + c;
    }

    private static double MinMax(List<StepSample> g, bool min)
    {
        var v = g[0].F;
        for (var i = 1; i < g.Count; i++)
        {
            var f = g[i].F;
            if (double.IsNaN(v) || (min ? f < v : f > v)) v = f;
        }
        return v;
    }

    private static double Variance(List<StepSample> g)
    {
        double mean = 0, m2 = 0;
        for (var i = 0; i < g.Count; i++)
        {
            var f = g[i].F;
            var delta = f - mean;
            mean += delta / (i + 1);
            m2 += delta * (f - mean);
        }
        return m2 / g.Count;
    }

    private static List<StepSample> TopK(List<StepSample> g, double param, bool top, long t)
    {
        var result = new List<StepSample>();
        if (double.IsNaN(param) || param < 1) return result;
        var k = param >= int.MaxValue ? int.MaxValue : (int)param;
        var sorted = new List<StepSample>(g);
        // NaN sorts last for both directions, as Prometheus keeps real values first.
        sorted.Sort((x, y) =>
        {
            if (double.IsNaN(x.F)) return double.IsNaN(y.F) ? 0 : 1;
            if (double.IsNaN(y.F)) return -1;
            return top ? y.F.CompareTo(x.F) : x.F.CompareTo(y.F);
        });
        for (var i = 0; i < sorted.Count && i < k; i++) result.Add(sorted[i] with { T = t });
        return result;
    }

    /// <summary>The φ-quantile with linear interpolation between the nearest ranks; φ outside [0, 1] gives ∓Inf.</summary>
    internal static double Quantile(double q, double[] values)
    {
        if (values.Length == 0 || double.IsNaN(q)) return double.NaN;
        if (q < 0) return double.NegativeInfinity;
        if (q > 1) return double.PositiveInfinity;
        Array.Sort(values);
        var n = values.Length;
        var rank = q * (n - 1);
        var lower = Math.Max(0, (int)Math.Floor(rank));
        var upper = Math.Min(n - 1, lower + 1);
        var weight = rank - Math.Floor(rank);
        return values[lower] * (1 - weight) + values[upper] * weight;
    }
}
