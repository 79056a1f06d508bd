using MetricsServer.Query.Ast;

namespace MetricsServer.Query.Engine;

internal sealed partial class Evaluator
{
    private List<StepSample> EvalRangeFunction(Call c, long t)
    {
        var name = c.Function.Name;
        var matrixArg = name == "quantile_over_time" ? 1 : 0;
        double scalarArg = 0;
        double trendFactor = 0;
        if (name == "quantile_over_time")
        {
            scalarArg = EvalScalarArg(c.Args[0], t);
            WarnBadQuantile(scalarArg, c.Args[0]);
        }
        else if (name == "predict_linear")
        {
            scalarArg = EvalScalarArg(c.Args[1], t);
        }
        else if (name == "double_exponential_smoothing")
        {
            scalarArg = EvalScalarArg(c.Args[1], t);
            trendFactor = EvalScalarArg(c.Args[2], t);
            CheckSmoothingFactors(scalarArg, trendFactor);
        }
        var arg = Unwrap(c.Args[matrixArg]);
        var matrix = Eval(arg, t).Matrix;
        var (rangeStart, rangeEnd) = RangeBounds(arg, t);
        var keepName = name is "last_over_time" or "first_over_time";
        var modifier = arg is MatrixSelector sel ? sel.VectorSelector.RangeModifier : RangeModifier.None;
        // Prometheus parses these modifiers with any range function and refuses them when evaluating.
        if (modifier == RangeModifier.Anchored && !c.Function.AllowsAnchored)
        {
            throw new PromQLEvalException($"anchored modifier can only be used with: changes, delta, increase, rate, resets - not with {name}");
        }
        if (modifier == RangeModifier.Smoothed && !c.Function.AllowsSmoothed)
        {
            throw new PromQLEvalException($"smoothed modifier can only be used with: delta, increase, rate - not with {name}");
        }
        // A vector is read by its parent before the node that made it is evaluated again, so each range function
        // call fills the same list at every step.
        if (!_rangeFunctionResults.TryGetValue(c, out var result)) _rangeFunctionResults[c] = result = new List<StepSample>(matrix.Count);
        result.Clear();
        foreach (var s in matrix)
        {
            var p = s.Points;
            double? v = name switch
            {
                "rate" or "increase" or "delta" when modifier == RangeModifier.Anchored =>
                    AnchoredIncrease(p, rangeStart, rangeEnd, isCounter: name != "delta", isRate: name == "rate"),
                "rate" or "increase" or "delta" when modifier == RangeModifier.Smoothed =>
                    SmoothedIncrease(p, rangeStart, rangeEnd, isCounter: name != "delta", isRate: name == "rate"),
                "rate" => ExtrapolatedRate(p, rangeStart, rangeEnd, isCounter: true, isRate: true),
                "increase" => ExtrapolatedRate(p, rangeStart, rangeEnd, isCounter: true, isRate: false),
                "delta" => ExtrapolatedRate(p, rangeStart, rangeEnd, isCounter: false, isRate: false),
                "irate" => Instant(p, isRate: true),
                "idelta" => Instant(p, isRate: false),
                "avg_over_time" => AvgOverTime(p),
                "sum_over_time" => SumOverTime(p),
                "count_over_time" => p.Count,
                "min_over_time" => MinMaxOverTime(p, min: true),
                "max_over_time" => MinMaxOverTime(p, min: false),
                "last_over_time" => p[^1].F,
                "first_over_time" => p[0].F,
                "present_over_time" => 1,
                "stddev_over_time" => Math.Sqrt(VarianceOverTime(p)),
                "stdvar_over_time" => VarianceOverTime(p),
                "quantile_over_time" => QuantileOverTime(scalarArg, p),
                "changes" => Changes(p),
                "resets" => Resets(p),
                "deriv" => p.Count < 2 ? null : LinearRegression(p, p[0].T).Slope,
                "predict_linear" => PredictLinear(p, t, scalarArg),
                "mad_over_time" => MadOverTime(p),
                "ts_of_min_over_time" => TimestampOfExtreme(p, min: true),
                "ts_of_max_over_time" => TimestampOfExtreme(p, min: false),
                "ts_of_first_over_time" => p[0].T / 1000.0,
                "ts_of_last_over_time" => p[^1].T / 1000.0,
                "double_exponential_smoothing" => DoubleExponentialSmoothing(p, scalarArg, trendFactor),
                _ => throw new PromQLEvalException($"function \"{name}\" is not supported yet"),
            };
            if (v is { } value) result.Add(keepName ? new StepSample(s.Metric, t, value, s.DropName) : NameDropped(s.Metric, t, value));
        }
        return result;
    }

    private readonly Dictionary<Call, List<StepSample>> _rangeFunctionResults = new(ReferenceEqualityComparer.Instance);

    /// <summary>The (start, end] window of a range argument at step <paramref name="t"/>, offsets and <c>@</c> applied.</summary>
    private (long Start, long End) RangeBounds(Expr arg, long t)
    {
        switch (arg)
        {
            case MatrixSelector ms:
            {
                var vs = ms.VectorSelector;
                var end = (vs.At.IsSet ? AtTime(vs.At, t) : t) - OffsetMs(vs.Offset, vs.OffsetExpr);
                return (end - RangeMs(ms), end);
            }
            case SubqueryExpr sq:
            {
                var end = (sq.At.IsSet ? AtTime(sq.At, t) : t) - OffsetMs(sq.Offset, sq.OffsetExpr);
                return (end - DurationMs(sq.Range, sq.RangeExpr), end);
            }
            default:
                return (t, t);
        }
    }

    /// <summary>
    /// rate, increase and delta: the change over the samples, extrapolated towards the window's edges. The
    /// extrapolation reaches an edge only when the gap to it is under 1.1 average sample intervals (otherwise half an
    /// interval), and a counter is never extrapolated below zero.
    /// </summary>
    internal static double? ExtrapolatedRate(List<(long T, double F)> p, long rangeStart, long rangeEnd, bool isCounter, bool isRate)
    {
        if (p.Count < 2) return null;
        var first = p[0];
        var last = p[^1];
        var result = last.F - first.F;
        if (isCounter)
        {
            var prev = first.F;
            for (var i = 1; i < p.Count; i++)
            {
                if (p[i].F < prev) result += prev;
                prev = p[i].F;
            }
        }
        var durationToStart = (first.T - rangeStart) / 1000.0;
        var durationToEnd = (rangeEnd - last.T) / 1000.0;
        var sampledInterval = (last.T - first.T) / 1000.0;
        var averageInterval = sampledInterval / (p.Count - 1);
        var threshold = averageInterval * 1.1;
        if (durationToStart >= threshold) durationToStart = averageInterval / 2;
        if (isCounter && result > 0 && first.F >= 0)
        {
            var durationToZero = sampledInterval * (first.F / result);
            if (durationToZero < durationToStart) durationToStart = durationToZero;
        }
        if (durationToEnd >= threshold) durationToEnd = averageInterval / 2;
        var factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
        if (isRate) factor /= (rangeEnd - rangeStart) / 1000.0;
        return result * factor;
    }

    private static double? Instant(List<(long T, double F)> p, bool isRate)
    {
        if (p.Count < 2) return null;
        var last = p[^1];
        var prev = p[^2];
        var result = isRate && last.F < prev.F ? last.F : last.F - prev.F;
        if (!isRate) return result;
        var dt = last.T - prev.T;
        if (dt == 0) return null;
        return result / (dt / 1000.0);
    }

    private static double AvgOverTime(List<(long T, double F)> p)
    {
        double sum = 0, c = 0;
        foreach (var x in p) KahanAdd(x.F, ref sum, ref c);
        var total = sum + c;
        if (double.IsFinite(total) || double.IsNaN(total)) return total / p.Count;
        return AverageAfterOverflow(p.Count, i => p[i].F);
    }

    private static double SumOverTime(List<(long T, double F)> p)
    {
        double sum = 0, c = 0;
        foreach (var x in p) KahanAdd(x.F, ref sum, ref c);
        return double.IsInfinity(sum) ? sum : sum + c;
    }

    private static double MinMaxOverTime(List<(long T, double F)> p, bool min)
    {
        var v = p[0].F;
        for (var i = 1; i < p.Count; i++)
        {
            var f = p[i].F;
            if (double.IsNaN(v) || (min ? f < v : f > v)) v = f;
        }
        return v;
    }

    private static double VarianceOverTime(List<(long T, double F)> p)
    {
        double mean = 0, m2 = 0;
        for (var i = 0; i < p.Count; i++)
        {
            var delta = p[i].F - mean;
            mean += delta / (i + 1);
            m2 += delta * (p[i].F - mean);
        }
        return m2 / p.Count;
    }

    private static double QuantileOverTime(double q, List<(long T, double F)> p)
    {
        var values = new double[p.Count];
        for (var i = 0; i < p.Count; i++) values[i] = p[i].F;
        return Quantile(q, values);
    }

    private static double Changes(List<(long T, double F)> p)
    {
        var changes = 0;
        for (var i = 1; i < p.Count; i++)
        {
            var a = p[i - 1].F;
            var b = p[i].F;
            if (a != b && !(double.IsNaN(a) && double.IsNaN(b))) changes++;
        }
        return changes;
    }

    private static double Resets(List<(long T, double F)> p)
    {
        var resets = 0;
        for (var i = 1; i < p.Count; i++)
        {
            if (p[i].F < p[i - 1].F) resets++;
        }
        return resets;
    }

    /// <summary>Least-squares fit of value over time in seconds; the intercept is the fitted value at <paramref name="interceptTime"/>.</summary>
    internal static (double Slope, double Intercept) LinearRegression(List<(long T, double F)> p, long interceptTime)
    {
        double n = 0, sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
        var initY = p[0].F;
        var constY = true;
        foreach (var (ts, f) in p)
        {
            if (constY && f != initY) constY = false;
            n++;
            var x = (ts - interceptTime) / 1000.0;
            KahanAdd(x, ref sumX, ref cX);
            KahanAdd(f, ref sumY, ref cY);
            KahanAdd(x * f, ref sumXY, ref cXY);
            KahanAdd(x * x, ref sumX2, ref cX2);
        }
        if (constY)
        {
            return double.IsInfinity(initY) ? (double.NaN, double.NaN) : (0, initY);
        }
        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;
        var covXY = sumXY - sumX * sumY / n;
        var varX = sumX2 - sumX * sumX / n;
        var slope = covXY / varX;
        var intercept = sumY / n - slope * sumX / n;
        return (slope, intercept);
    }

    private static double? PredictLinear(List<(long T, double F)> p, long t, double seconds)
    {
        if (p.Count < 2) return null;
        var (slope, intercept) = LinearRegression(p, t);
        return slope * seconds + intercept;
    }
}
