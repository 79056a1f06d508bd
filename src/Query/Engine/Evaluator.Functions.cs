using MetricsServer.Model.Labels;
using MetricsServer.Query.Ast;
using ValueType = MetricsServer.Query.Ast.ValueType;

namespace MetricsServer.Query.Engine;

internal sealed partial class Evaluator
{
    private StepValue EvalCall(Call c, long t)
    {
        var name = c.Function.Name;
        switch (name)
        {
            case "time": return StepValue.OfScalar(t / 1000.0);
            case "pi": return StepValue.OfScalar(Math.PI);
            case "step": return StepValue.OfScalar(_stepMs / 1000.0);
            case "range": return StepValue.OfScalar((_endMs - _startMs) / 1000.0);
            case "start": return StepValue.OfScalar(_startMs / 1000.0);
            case "end": return StepValue.OfScalar(_endMs / 1000.0);
            case "min_of": return StepValue.OfScalar(Math.Min(EvalScalarArg(c.Args[0], t), EvalScalarArg(c.Args[1], t)));
            case "max_of": return StepValue.OfScalar(Math.Max(EvalScalarArg(c.Args[0], t), EvalScalarArg(c.Args[1], t)));
            case "vector": return StepValue.OfVector([new StepSample(LabelSet.Empty, t, EvalScalarArg(c.Args[0], t))]);
            case "scalar":
            {
                var v = Eval(c.Args[0], t).Vector;
                return StepValue.OfScalar(v.Count == 1 ? v[0].F : double.NaN);
            }
            case "absent": return StepValue.OfVector(Absent(c, Eval(c.Args[0], t).Vector.Count == 0, t));
            case "absent_over_time": return StepValue.OfVector(Absent(c, Eval(c.Args[0], t).Matrix.Count == 0, t));
            case "label_replace": return StepValue.OfVector(CheckUnique(LabelReplace(c, t)));
            case "label_join": return StepValue.OfVector(CheckUnique(LabelJoin(c, t)));
            case "sort" or "sort_desc" or "sort_by_label" or "sort_by_label_desc":
            {
                var input = Eval(c.Args[0], t).Vector;
                if (_stepMs != 0)
                {
                    // A range query's result is ordered by labels whatever the expression does.
                    Warn("PromQL warning: sort is ineffective for range queries since results are always ordered by labels", c);
                    return StepValue.OfVector(input);
                }
                return StepValue.OfVector(name.StartsWith("sort_by_label", StringComparison.Ordinal)
                    ? SortByLabel(input, LabelArgs(c, 1, t), name == "sort_by_label_desc")
                    : Sort(input, name == "sort_desc"));
            }
            case "timestamp": return StepValue.OfVector(Timestamp(c, t));
            case "info": return StepValue.OfVector(EvalInfo(c, t));
            case "histogram_quantile": return StepValue.OfVector(HistogramQuantile(c, t));
            case "histogram_quantiles": return StepValue.OfVector(CheckUnique(HistogramQuantiles(c, t)));
            case "histogram_fraction": return StepValue.OfVector(HistogramFraction(c, t));
            case "minute" or "hour" or "day_of_week" or "day_of_month" or "day_of_year" or "days_in_month" or "month" or "year":
            {
                var input = c.Args.Count == 0 ? [new StepSample(LabelSet.Empty, t, t / 1000.0)] : Eval(c.Args[0], t).Vector;
                return StepValue.OfVector(MapValues(input, t, f => DatePart(name, f)));
            }
        }
        if (c.Function.ArgTypes.Contains(ValueType.Matrix))
        {
            return StepValue.OfVector(CheckUnique(EvalRangeFunction(c, t)));
        }
        var vector = Eval(c.Args[0], t).Vector;
        Func<double, double>? f = name switch
        {
            "abs" => Math.Abs,
            "ceil" => Math.Ceiling,
            "floor" => Math.Floor,
            "sqrt" => Math.Sqrt,
            "exp" => Math.Exp,
            "ln" => Math.Log,
            "log2" => Math.Log2,
            "log10" => Math.Log10,
            "sgn" => x => double.IsNaN(x) ? x : Math.Sign(x),
            "deg" => x => x * 180 / Math.PI,
            "rad" => x => x * Math.PI / 180,
            "sin" => Math.Sin,
            "cos" => Math.Cos,
            "tan" => Math.Tan,
            "asin" => Math.Asin,
            "acos" => Math.Acos,
            "atan" => Math.Atan,
            "sinh" => Math.Sinh,
            "cosh" => Math.Cosh,
            "tanh" => Math.Tanh,
            "asinh" => Math.Asinh,
            "acosh" => Math.Acosh,
            "atanh" => Math.Atanh,
            _ => null,
        };
        if (f is not null) return StepValue.OfVector(CheckUnique(MapValues(vector, t, f)));
        switch (name)
        {
            case "round":
            {
                var inverse = c.Args.Count > 1 ? 1.0 / EvalScalarArg(c.Args[1], t) : 1.0;
                return StepValue.OfVector(CheckUnique(MapValues(vector, t, x => Math.Floor(x * inverse + 0.5) / inverse)));
            }
            case "clamp":
            {
                var min = EvalScalarArg(c.Args[1], t);
                var max = EvalScalarArg(c.Args[2], t);
                if (max < min) return StepValue.OfVector([]);
                return StepValue.OfVector(CheckUnique(MapValues(vector, t, x => Math.Max(min, Math.Min(max, x)))));
            }
            case "clamp_min":
            {
                var min = EvalScalarArg(c.Args[1], t);
                return StepValue.OfVector(CheckUnique(MapValues(vector, t, x => Math.Max(min, x))));
            }
            case "clamp_max":
            {
                var max = EvalScalarArg(c.Args[1], t);
                return StepValue.OfVector(CheckUnique(MapValues(vector, t, x => Math.Min(max, x))));
            }
        }
        throw new PromQLEvalException($"function \"{name}\" is not supported yet");
    }

    private List<StepSample> MapValues(List<StepSample> input, long t, Func<double, double> f)
    {
        var result = new List<StepSample>(input.Count);
        foreach (var s in input) result.Add(NameDropped(s.Metric, t, f(s.F)));
        return result;
    }

    /// <summary>
    /// Prometheus rejects a step result holding the same label set twice (for example after dropping names). The set
    /// is reused across steps: this runs once per function per step, and label sets carry their hash already.
    /// </summary>
    private List<StepSample> CheckUnique(List<StepSample> v)
    {
        if (v.Count < 2) return v;
        var seen = _uniqueCheck;
        seen.Clear();
        foreach (var s in v)
        {
            if (!seen.Add(s.Metric)) throw new PromQLEvalException("vector cannot contain metrics with the same labelset");
        }
        return v;
    }

    private readonly HashSet<LabelSet> _uniqueCheck = [];

    private static double DatePart(string name, double f)
    {
        if (double.IsNaN(f) || double.IsInfinity(f)) return double.NaN;
        var d = DateTimeOffset.UnixEpoch.AddTicks((long)(f * TimeSpan.TicksPerSecond)).UtcDateTime;
        return name switch
        {
            "minute" => d.Minute,
            "hour" => d.Hour,
            "day_of_week" => (int)d.DayOfWeek,
            "day_of_month" => d.Day,
            "day_of_year" => d.DayOfYear,
            "days_in_month" => DateTime.DaysInMonth(d.Year, d.Month),
            "month" => d.Month,
            _ => d.Year,
        };
    }

    private static List<StepSample> Absent(Call c, bool isAbsent, long t)
    {
        if (!isAbsent) return [];
        var arg = Unwrap(c.Args[0]);
        var selector = arg switch
        {
            VectorSelector vs => vs,
            MatrixSelector ms => ms.VectorSelector,
            _ => null,
        };
        var b = new LabelSetBuilder();
        if (selector is not null)
        {
            // A label named by more than one matcher (of any kind) is left out: its value is ambiguous.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var repeated = new HashSet<string>(StringComparer.Ordinal);
            foreach (var m in selector.Matchers)
            {
                if (!seen.Add(m.Name)) repeated.Add(m.Name);
                if (m.Type != Model.Labels.MatchType.Equal || m.Name == LabelNames.MetricName) continue;
                b.Set(m.Name, m.Value);
            }
            foreach (var n in repeated) b.Delete(n);
        }
        return [new StepSample(b.ToLabelSet(), t, 1)];
    }

    private List<StepSample> LabelReplace(Call c, long t)
    {
        var input = Eval(c.Args[0], t).Vector;
        var dst = Eval(c.Args[1], t).String!;
        var replacement = Eval(c.Args[2], t).String!;
        var src = Eval(c.Args[3], t).String!;
        var pattern = Eval(c.Args[4], t).String!;
        System.Text.RegularExpressions.Regex regex;
        try
        {
            regex = AnchoredRegex.Compile(pattern);
        }
        catch (ArgumentException e)
        {
            throw new PromQLEvalException($"invalid regular expression in label_replace(): {pattern}", e);
        }
        if (!LabelNames.IsValidLabelName(dst)) throw new PromQLEvalException($"invalid destination label name in label_replace(): {dst}");
        var result = new List<StepSample>(input.Count);
        foreach (var s in input)
        {
            var m = regex.Match(s.Metric.Get(src));
            if (!m.Success)
            {
                result.Add(s with { T = t });
                continue;
            }
            var value = RegexTemplate.Expand(m, replacement);
            var b = s.Metric.ToBuilder();
            if (value.Length == 0) b.Delete(dst);
            else b.Set(dst, value);
            result.Add(Relabelled(b.ToLabelSet(), t, s, dst));
        }
        return result;
    }

    private List<StepSample> LabelJoin(Call c, long t)
    {
        var input = Eval(c.Args[0], t).Vector;
        var dst = Eval(c.Args[1], t).String!;
        var sep = Eval(c.Args[2], t).String!;
        var srcs = new List<string>();
        for (var i = 3; i < c.Args.Count; i++) srcs.Add(Eval(c.Args[i], t).String!);
        if (!LabelNames.IsValidLabelName(dst)) throw new PromQLEvalException($"invalid destination label name in label_join(): {dst}");
        var result = new List<StepSample>(input.Count);
        foreach (var s in input)
        {
            var values = new string[srcs.Count];
            for (var i = 0; i < srcs.Count; i++) values[i] = s.Metric.Get(srcs[i]);
            var value = string.Join(sep, values);
            var b = s.Metric.ToBuilder();
            if (value.Length == 0) b.Delete(dst);
            else b.Set(dst, value);
            result.Add(Relabelled(b.ToLabelSet(), t, s, dst));
        }
        return result;
    }

    /// <summary>A name written by label_replace or label_join is a new name: delayed name removal keeps it.</summary>
    private static StepSample Relabelled(LabelSet metric, long t, StepSample s, string dst) =>
        new(metric, t, s.F, s.DropName && dst != LabelNames.MetricName);

    private static List<StepSample> Sort(List<StepSample> v, bool descending)
    {
        var result = new List<StepSample>(v);
        result.Sort((x, y) =>
        {
            if (double.IsNaN(x.F)) return double.IsNaN(y.F) ? 0 : 1;
            if (double.IsNaN(y.F)) return -1;
            return descending ? y.F.CompareTo(x.F) : x.F.CompareTo(y.F);
        });
        return result;
    }

    private List<string> LabelArgs(Call c, int from, long t)
    {
        var names = new List<string>(c.Args.Count - from);
        for (var i = from; i < c.Args.Count; i++) names.Add(Eval(c.Args[i], t).String!);
        return names;
    }

    /// <summary>Orders by the named labels' values in natural order, then by the whole label set.</summary>
    private static List<StepSample> SortByLabel(List<StepSample> v, List<string> labels, bool descending)
    {
        var result = new List<StepSample>(v);
        result.Sort((x, y) =>
        {
            var c = 0;
            foreach (var l in labels)
            {
                c = NaturalStringComparer.Instance.Compare(x.Metric.Get(l), y.Metric.Get(l));
                if (c != 0) break;
            }
            if (c == 0) c = LabelSetComparer.Instance.Compare(x.Metric, y.Metric);
            return descending ? -c : c;
        });
        return result;
    }

    private List<StepSample> Timestamp(Call c, long t)
    {
        var direct = Unwrap(c.Args[0]) is VectorSelector;
        var v = Eval(c.Args[0], t).Vector;
        var result = new List<StepSample>(v.Count);
        foreach (var s in v) result.Add(NameDropped(s.Metric, t, (direct ? s.T : t) / 1000.0));
        return CheckUnique(result);
    }
}
