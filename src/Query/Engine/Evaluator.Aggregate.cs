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
        }
        if (a.Op == AggregateOp.CountValues)
        {
            if (labelParam is null || !LabelNames.IsValidLabelName(labelParam)) throw new PromQLEvalException($"invalid label name \"{labelParam}\"");
        }

        var groups = new Dictionary<LabelSet, List<StepSample>>();
        var order = new List<LabelSet>();
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
                order.Add(key);
            }
            list.Add(s);
        }

        var result = new List<StepSample>(order.Count);
        foreach (var key in order)
        {
            var g = groups[key];
            switch (a.Op)
            {
                case AggregateOp.Topk or AggregateOp.Bottomk:
                    result.AddRange(TopK(g, param, a.Op == AggregateOp.Topk, t));
                    continue;
                case AggregateOp.Sum: result.Add(new(key, t, KahanSum(g))); break;
                case AggregateOp.Avg: result.Add(new(key, t, Avg(g))); break;
                case AggregateOp.Count or AggregateOp.CountValues: result.Add(new(key, t, g.Count)); break;
                case AggregateOp.Group: result.Add(new(key, t, 1)); break;
                case AggregateOp.Min: result.Add(new(key, t, MinMax(g, min: true))); break;
                case AggregateOp.Max: result.Add(new(key, t, MinMax(g, min: false))); break;
                case AggregateOp.Stddev: result.Add(new(key, t, Math.Sqrt(Variance(g)))); break;
                case AggregateOp.Stdvar: result.Add(new(key, t, Variance(g))); break;
                case AggregateOp.Quantile:
                {
                    var values = new double[g.Count];
                    for (var i = 0; i < g.Count; i++) values[i] = g[i].F;
                    result.Add(new(key, t, Quantile(param, values)));
                    break;
                }
                default: throw new PromQLEvalException($"aggregation {a.Op} is not supported");
            }
        }
        return result;
    }

    private static LabelSet GroupLabels(LabelSet metric, AggregateExpr a)
    {
        var b = metric.ToBuilder();
        if (a.Without)
        {
            b.Delete(LabelNames.MetricName);
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
        if (double.IsInfinity(sum)) return sum;
        var total = sum + c;
        if (!double.IsInfinity(total)) return total / g.Count;
        // The sum overflowed: fall back to an incremental mean.
        double mean = 0;
        for (var i = 0; i < g.Count; i++) mean += (g[i].F - mean) / (i + 1);
        return mean;
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
