using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Query.Ast;

namespace MetricsServer.Query.Engine;

internal sealed partial class Evaluator
{
    /// <summary>
    /// Walks the tree once, before any step, to find the time window each selector needs (offsets, <c>@</c>,
    /// ranges and subqueries included), so that each selector reads storage once per query.
    /// </summary>
    public void Prepare(Expr expr) => CollectWindows(expr, _startMs, _endMs);

    private void CollectWindows(Expr expr, long start, long end)
    {
        switch (expr)
        {
            case VectorSelector vs:
                AddWindow(vs, start, end, LookbackMs, vs.RangeModifier == RangeModifier.Smoothed ? LookbackMs : 0);
                return;
            case MatrixSelector ms:
            {
                // anchored and smoothed ranges also read the neighbours of the window, up to the lookback delta away.
                var modifier = ms.VectorSelector.RangeModifier;
                var before = RangeMs(ms) + (modifier == RangeModifier.None ? 0 : LookbackMs);
                AddWindow(ms.VectorSelector, start, end, before, modifier == RangeModifier.Smoothed ? LookbackMs : 0);
                return;
            }
            case SubqueryExpr sq:
            {
                if (sq.At.IsSet) start = end = AtTime(sq.At, start);
                var off = OffsetMs(sq.Offset, sq.OffsetExpr);
                var range = DurationMs(sq.Range, sq.RangeExpr);
                CollectWindows(sq.Expr, start - off - range, end - off);
                return;
            }
            case Call { Function.Name: "info" } info:
                CollectInfoWindows(info, start, end);
                return;
            default:
                foreach (var c in expr.Children) CollectWindows(c, start, end);
                return;
        }
    }

    private void AddWindow(VectorSelector vs, long start, long end, long before, long after)
    {
        if (vs.At.IsSet) start = end = AtTime(vs.At, start);
        var off = OffsetMs(vs.Offset, vs.OffsetExpr);
        var min = start - off - before;
        var max = end - off + after;
        _windows[vs] = _windows.TryGetValue(vs, out var w) ? (Math.Min(w.Min, min), Math.Max(w.Max, max)) : (min, max);
    }

    private long AtTime(AtModifier at, long t) => at.Kind switch
    {
        AtKind.Timestamp => at.TimestampMs,
        AtKind.Start => _startMs,
        AtKind.End => _endMs,
        _ => t,
    };

    private long OffsetMs(TimeSpan offset, DurationExpr? expr) => DurationMs(offset, expr);

    private long DurationMs(TimeSpan value, DurationExpr? expr) =>
        expr is null || expr.IsConstant ? (long)value.TotalMilliseconds : (long)Math.Round(expr.Evaluate(_stepMs / 1000.0, (_endMs - _startMs) / 1000.0) * 1000);

    private long RangeMs(MatrixSelector ms) => DurationMs(ms.Range, ms.RangeExpr);

    /// <summary>Selectors whose series must hold floats only (info series).</summary>
    private readonly HashSet<VectorSelector> _floatOnly = new(ReferenceEqualityComparer.Instance);

    private List<LoadedSeries> Load(VectorSelector vs)
    {
        if (_loaded.TryGetValue(vs, out var list)) return list;
        if (!_windows.TryGetValue(vs, out var window)) window = (long.MinValue / 4, long.MaxValue / 4);
        if (_querier is null)
        {
            long min = long.MaxValue, max = long.MinValue;
            foreach (var w in _windows.Values)
            {
                min = Math.Min(min, w.Min);
                max = Math.Max(max, w.Max);
            }
            if (min > max) (min, max) = (window.Min, window.Max);
            _querier = _storage.Querier(min, max);
        }
        list = [];
        var set = _querier.Select(false, new SelectHints(window.Min, window.Max), [.. vs.Matchers]);
        ISampleIterator? it = null;
        var ts = new List<long>();
        var fs = new List<double>();
        while (set.MoveNext())
        {
            CheckDeadline();
            var series = set.Current;
            it = series.Iterator(it);
            ts.Clear();
            fs.Clear();
            // Left-open windows: a sample exactly at window.Min is never used, but reading it is harmless.
            for (var kind = it.Seek(window.Min); kind != ValueKind.None; kind = it.Next())
            {
                var at = it.AtTimestamp();
                if (at > window.Max) break;
                if (kind != ValueKind.Float)
                {
                    if (_floatOnly.Contains(vs)) throw new PromQLEvalException($"info series {series.Labels} has a histogram sample: info metrics must be floats");
                    continue;
                }
                var (sampleT, f) = it.At();
                ts.Add(sampleT);
                fs.Add(f);
            }
            if (it.Error is { } iterError) throw new PromQLEvalException(iterError.Message, iterError);
            if (ts.Count > 0) list.Add(new LoadedSeries(series.Labels, [.. ts], [.. fs]));
        }
        if (set.Error is { } error) throw new PromQLEvalException(error.Message, error);
        _warnings.AddRange(set.Warnings);
        _loaded[vs] = list;
        return list;
    }

    /// <summary>Per series, the newest sample in (ref - lookback, ref]; a stale newest sample hides the series.</summary>
    private List<StepSample> SelectVector(VectorSelector vs, long t)
    {
        var refT = (vs.At.IsSet ? AtTime(vs.At, t) : t) - OffsetMs(vs.Offset, vs.OffsetExpr);
        var result = new List<StepSample>();
        var smoothed = vs.RangeModifier == RangeModifier.Smoothed;
        foreach (var s in Load(vs))
        {
            var i = s.LastAtOrBefore(refT);
            if (i < 0 || s.Ts[i] <= refT - LookbackMs) continue;
            if (StaleMarker.IsStale(s.Fs[i])) continue;
            if (smoothed && s.Ts[i] < refT && NextUsable(s, i, refT) is { } j)
            {
                // smoothed: the value linearly interpolated between the samples around the evaluation time.
                var f = s.Fs[i] + (s.Fs[j] - s.Fs[i]) * (refT - s.Ts[i]) / (s.Ts[j] - s.Ts[i]);
                result.Add(new StepSample(s.Labels, refT, f));
                continue;
            }
            result.Add(new StepSample(s.Labels, s.Ts[i], s.Fs[i]));
        }
        Count(result.Count);
        return result;
    }

    /// <summary>The sample after index <paramref name="i"/> when it is no stale marker and within the lookback delta after <paramref name="refT"/>.</summary>
    private int? NextUsable(LoadedSeries s, int i, long refT)
    {
        var j = i + 1;
        if (j >= s.Ts.Length || s.Ts[j] > refT + LookbackMs || StaleMarker.IsStale(s.Fs[j])) return null;
        return j;
    }

    /// <summary>The sample at index <paramref name="i"/> when it exists, is no stale marker, and lies within the lookback delta before <paramref name="refT"/>.</summary>
    private bool UsableBefore(LoadedSeries s, int i, long refT) =>
        i >= 0 && s.Ts[i] > refT - LookbackMs && !StaleMarker.IsStale(s.Fs[i]);

    /// <summary>
    /// Per series, the samples in (ref - range, ref] without stale markers; series without any are left out. An
    /// anchored range also starts with the last sample at or before the window's start; a smoothed range also holds
    /// the samples just outside both ends, so that the functions can interpolate the values at the ends.
    /// </summary>
    private List<RangeSeries> SelectMatrix(MatrixSelector ms, long t)
    {
        var vs = ms.VectorSelector;
        var refT = (vs.At.IsSet ? AtTime(vs.At, t) : t) - OffsetMs(vs.Offset, vs.OffsetExpr);
        var from = refT - RangeMs(ms);
        // The parent function reads the matrix before this selector is evaluated again (at the next step), so the
        // series and their point lists are reused from step to step instead of allocated per series per step.
        if (!_matrixBuffers.TryGetValue(ms, out var buffers)) _matrixBuffers[ms] = buffers = ([], []);
        var (result, spare) = buffers;
        spare.AddRange(result);
        result.Clear();
        long total = 0;
        var modifier = vs.RangeModifier;
        foreach (var s in Load(vs))
        {
            var last = s.LastAtOrBefore(refT);
            var first = s.LastAtOrBefore(from) + 1;
            RangeSeries? series = null;
            for (var i = first; i <= last; i++)
            {
                if (StaleMarker.IsStale(s.Fs[i])) continue;
                (series ??= SpareSeries(spare, s.Labels, last - first + 3)).Points.Add((s.Ts[i], s.Fs[i]));
            }
            var points = series?.Points;
            if (modifier == RangeModifier.Smoothed)
            {
                var hasBefore = UsableBefore(s, first - 1, from);
                var after = last >= 0 ? NextUsable(s, last, refT) : s.Ts.Length > 0 && s.Ts[0] <= refT + LookbackMs && !StaleMarker.IsStale(s.Fs[0]) ? 0 : null;
                if (points is null && !(hasBefore && after is not null)) continue;
                series ??= SpareSeries(spare, s.Labels, 2);
                points = series.Points;
                if (hasBefore) points.Insert(0, (s.Ts[first - 1], s.Fs[first - 1]));
                if (after is { } j) points.Add((s.Ts[j], s.Fs[j]));
            }
            else if (points is not null && modifier == RangeModifier.Anchored && UsableBefore(s, first - 1, from))
            {
                points.Insert(0, (s.Ts[first - 1], s.Fs[first - 1]));
            }
            if (series is null) continue;
            total += series.Points.Count;
            result.Add(series);
        }
        Count(total);
        return result;
    }

    /// <summary>Per matrix selector, the series handed out at the last step and the series free for reuse.</summary>
    private readonly Dictionary<MatrixSelector, (List<RangeSeries> Result, List<RangeSeries> Spare)> _matrixBuffers = new(ReferenceEqualityComparer.Instance);

    private static RangeSeries SpareSeries(List<RangeSeries> spare, LabelSet labels, int capacity)
    {
        if (spare.Count == 0) return new RangeSeries(labels, new List<(long, double)>(capacity));
        var series = spare[^1];
        spare.RemoveAt(spare.Count - 1);
        series.Metric = labels;
        series.Points.Clear();
        return series;
    }

    /// <summary>
    /// Evaluates the inner expression at the multiples of the subquery step within (ref - range, ref], and
    /// gathers the results per series.
    /// </summary>
    private List<RangeSeries> EvalSubquery(SubqueryExpr sq, long t)
    {
        var refT = (sq.At.IsSet ? AtTime(sq.At, t) : t) - OffsetMs(sq.Offset, sq.OffsetExpr);
        var step = DurationMs(sq.Step, sq.StepExpr);
        if (step <= 0) step = (long)_options.DefaultSubqueryStep.TotalMilliseconds;
        var from = refT - DurationMs(sq.Range, sq.RangeExpr);
        var first = FloorDiv(from, step) * step;
        if (first <= from) first += step;
        var bySeries = new Dictionary<LabelSet, RangeSeries>();
        var order = new List<RangeSeries>();
        for (var ti = first; ti <= refT; ti += step)
        {
            CheckDeadline();
            var v = Eval(sq.Expr, ti);
            if (v.Type == Ast.ValueType.Scalar)
            {
                Add(LabelSet.Empty, ti, v.Scalar, false);
                continue;
            }
            foreach (var s in v.Vector) Add(s.Metric, ti, s.F, s.DropName);
        }
        return order;

        void Add(LabelSet metric, long ti, double f, bool dropName)
        {
            if (!bySeries.TryGetValue(metric, out var rs))
            {
                rs = new RangeSeries(metric, []);
                bySeries[metric] = rs;
                order.Add(rs);
            }
            rs.Points.Add((ti, f));
            rs.DropName |= dropName;
            Count(1);
        }
    }

    private static long FloorDiv(long a, long b)
    {
        var q = a / b;
        if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
        return q;
    }
}
