using MetricsServer.Model.Labels;
using MetricsServer.Model.Metadata;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>
/// Compares a query's outcome with an eval's expectations as FORMAT.md's "How results are compared" says: floats and
/// histogram fields within a relative 1e-6 (NaN equals NaN), series matched by full label set, order only under
/// <c>expect ordered</c>, annotations against the <c>expect warn/info</c> lines. Every method returns the list of
/// differences, empty when the result is as expected.
/// </summary>
public static class ResultComparer
{
    public const double Epsilon = 1e-6;

    /// <summary>The smallest positive normal double: below it, relative error is meaningless.</summary>
    private const double MinNormal = 2.2250738585072014E-308;

    public static bool FloatsEqual(double expected, double actual)
    {
        if (expected.Equals(actual)) return true; // also NaN == NaN and Inf == Inf
        if (double.IsNaN(expected) || double.IsNaN(actual) || double.IsInfinity(expected) || double.IsInfinity(actual)) return false;
        var diff = Math.Abs(expected - actual);
        var scale = Math.Abs(expected) + Math.Abs(actual);
        if (expected == 0 || actual == 0 || scale < MinNormal) return diff < Epsilon * MinNormal;
        return diff / Math.Min(scale, double.MaxValue) < Epsilon;
    }

    /// <summary>Histograms are equal when their fields and non-empty buckets agree; the hint only when the literal wrote it.</summary>
    public static bool HistogramsEqual(NativeHistogram expected, bool hintGiven, NativeHistogram actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected.Schema != actual.Schema) return false;
        if (hintGiven && expected.CounterResetHint != actual.CounterResetHint) return false;
        if (!FloatsEqual(expected.Count, actual.Count) || !FloatsEqual(expected.Sum, actual.Sum)
            || !FloatsEqual(expected.ZeroCount, actual.ZeroCount) || !FloatsEqual(expected.ZeroThreshold, actual.ZeroThreshold)) return false;
        if (!expected.CustomValues.SequenceEqual(actual.CustomValues)) return false;
        return BucketsEqual(expected.PositiveSpans, expected.PositiveBuckets, actual.PositiveSpans, actual.PositiveBuckets)
            && BucketsEqual(expected.NegativeSpans, expected.NegativeBuckets, actual.NegativeSpans, actual.NegativeBuckets);
    }

    private static bool BucketsEqual(IReadOnlyList<BucketSpan> es, IReadOnlyList<double> ec, IReadOnlyList<BucketSpan> @as, IReadOnlyList<double> ac)
    {
        // Layout is not compared: the same buckets may be spelled with different spans or explicit zeros.
        var e = HistogramMath.Indexed(es, ec).Where(b => b.Count != 0).ToList();
        var a = HistogramMath.Indexed(@as, ac).Where(b => b.Count != 0).ToList();
        if (e.Count != a.Count) return false;
        for (var i = 0; i < e.Count; i++)
        {
            if (e[i].Index != a[i].Index || !FloatsEqual(e[i].Count, a[i].Count)) return false;
        }
        return true;
    }

    public static bool ValuesEqual(SampleValue expected, ActualPoint actual)
    {
        if (expected.Histogram is not null) return actual.Histogram is not null && HistogramsEqual(expected.Histogram, expected.HintGiven, actual.Histogram);
        return actual.Histogram is null && FloatsEqual(expected.Float, actual.Float);
    }

    /// <summary>Checks an eval's outcome: error or not, annotations, then the result itself.</summary>
    public static IReadOnlyList<string> Compare(EvalCommand eval, ActualResult actual)
    {
        ArgumentNullException.ThrowIfNull(eval);
        ArgumentNullException.ThrowIfNull(actual);
        var failures = new List<string>();
        if (actual.Error is not null)
        {
            if (!eval.ExpectFail) return [$"unexpected error: {actual.Error}"];
            foreach (var x in eval.Expectations)
            {
                if (x.Kind == ExpectationKind.Fail && !x.Matches(actual.Error)) failures.Add($"error \"{actual.Error}\" does not match \"{x}\" (line {x.Line})");
            }
            return failures;
        }
        if (eval.ExpectFail) return [$"expected an error, got a {actual.Kind} result"];
        CheckAnnotations(eval, ExpectationKind.Warn, ExpectationKind.NoWarn, "warning", actual.Warnings, failures);
        CheckAnnotations(eval, ExpectationKind.Info, ExpectationKind.NoInfo, "info", actual.Infos, failures);

        if (eval.ExpectedString is not null)
        {
            if (actual.Kind != ResultKind.String) failures.Add($"expected a string result, got {actual.Kind}");
            else if (!string.Equals(actual.String, eval.ExpectedString, StringComparison.Ordinal)) failures.Add($"expected string \"{eval.ExpectedString}\", got \"{actual.String}\"");
        }
        else if (eval.IsRange || eval.RangeVector is not null)
        {
            if (actual.Kind != ResultKind.Matrix) failures.Add($"expected a matrix result, got {actual.Kind}");
            else CompareMatrix(eval, actual.Series, failures);
        }
        else if (eval.ExpectedScalar is { } scalar)
        {
            if (actual.Kind != ResultKind.Scalar) failures.Add($"expected scalar {scalar}, got a {actual.Kind} result");
            else if (!FloatsEqual(scalar.Float, actual.Scalar)) failures.Add($"expected scalar {scalar}, got {ValueFormat.Float(actual.Scalar)}");
        }
        else if (actual.Kind != ResultKind.Vector)
        {
            failures.Add($"expected a vector result, got {actual.Kind}");
        }
        else
        {
            CompareVector(eval, actual.Series, failures);
        }
        return failures;
    }

    private static void CheckAnnotations(EvalCommand eval, ExpectationKind kind, ExpectationKind none, string what, IReadOnlyList<string> got, List<string> failures)
    {
        var lines = eval.Expectations.Where(x => x.Kind == kind).ToList();
        if (eval.Has(none) && got.Count > 0) failures.Add($"expected no {what}, got: {string.Join("; ", got)}");
        if (lines.Count == 0) return;
        if (got.Count == 0)
        {
            failures.Add($"expected at least one {what}, got none");
            return;
        }
        foreach (var x in lines)
        {
            if (!got.Any(x.Matches)) failures.Add($"no {what} matches \"{x}\" (line {x.Line}); got: {string.Join("; ", got)}");
        }
        foreach (var g in got)
        {
            if (!lines.Any(x => x.Matches(g))) failures.Add($"unexpected {what}: {g}");
        }
    }

    private static void CompareVector(EvalCommand eval, IReadOnlyList<ActualSeries> actual, List<string> failures)
    {
        var expected = eval.Expected;
        var byLabels = IndexExpected(expected, failures);
        var seen = new HashSet<LabelSet>();
        for (var i = 0; i < actual.Count; i++)
        {
            var a = actual[i];
            if (!seen.Add(a.Labels)) failures.Add($"duplicate series {a.Labels} in the result");
            if (!byLabels.TryGetValue(a.Labels, out var e))
            {
                failures.Add($"unexpected series {a.Labels} {string.Join(" ", a.Points)}");
                continue;
            }
            if (eval.Ordered && (i >= expected.Count || !expected[i].Labels.Equals(a.Labels)))
                failures.Add($"expected {(i < expected.Count ? expected[i].Labels.ToString() : "nothing")} at position {i}, got {a.Labels}");
            var v = e.Values[0];
            if (a.Points.Count != 1) failures.Add($"series {a.Labels}: expected one point, got {a.Points.Count}");
            else if (v is null) failures.Add($"series {a.Labels}: expected no value, got {a.Points[0]}");
            else if (!ValuesEqual(v.Value, a.Points[0])) failures.Add($"series {a.Labels}: expected {v}, got {a.Points[0]} (line {e.Line})");
        }
        foreach (var e in expected)
        {
            if (!seen.Contains(e.Labels)) failures.Add($"missing series {e.Labels} {string.Join(" ", e.Values)} (line {e.Line})");
        }
    }

    private static void CompareMatrix(EvalCommand eval, IReadOnlyList<ActualSeries> actual, List<string> failures)
    {
        var steps = eval.Steps();
        var byLabels = IndexExpected(eval.Expected, failures);
        var seen = new HashSet<LabelSet>();
        foreach (var a in actual)
        {
            if (!seen.Add(a.Labels)) failures.Add($"duplicate series {a.Labels} in the result");
            if (!byLabels.TryGetValue(a.Labels, out var e))
            {
                failures.Add($"unexpected series {a.Labels} {string.Join(" ", a.Points)}");
                continue;
            }
            var points = new Dictionary<long, ActualPoint>();
            foreach (var p in a.Points)
            {
                if (!points.TryAdd(p.TimestampMs, p)) failures.Add($"series {a.Labels}: two points at {p.TimestampMs}ms");
            }
            for (var i = 0; i < steps.Count; i++)
            {
                var want = i < e.Values.Count ? e.Values[i] : null;
                var has = points.Remove(steps[i], out var got);
                if (want is null && has) failures.Add($"series {a.Labels} at {steps[i]}ms: expected no point, got {got} (line {e.Line})");
                else if (want is not null && !has) failures.Add($"series {a.Labels} at {steps[i]}ms: expected {want}, got no point (line {e.Line})");
                else if (want is not null && !ValuesEqual(want.Value, got)) failures.Add($"series {a.Labels} at {steps[i]}ms: expected {want}, got {got} (line {e.Line})");
            }
            foreach (var extra in points.Keys.Order()) failures.Add($"series {a.Labels}: point at {extra}ms is not on the step grid");
        }
        foreach (var e in eval.Expected)
        {
            // A series whose every step is "_" is absent from the result, which is what it says.
            if (!seen.Contains(e.Labels) && e.Values.Any(v => v is not null)) failures.Add($"missing series {e.Labels} {string.Join(" ", e.Values.Select(v => v?.ToString() ?? "_"))} (line {e.Line})");
        }
    }

    private static Dictionary<LabelSet, ExpectedSeries> IndexExpected(IReadOnlyList<ExpectedSeries> expected, List<string> failures)
    {
        var map = new Dictionary<LabelSet, ExpectedSeries>();
        foreach (var e in expected)
        {
            if (!map.TryAdd(e.Labels, e)) failures.Add($"the script lists {e.Labels} twice (line {e.Line})");
        }
        return map;
    }

    /// <summary>The <c>@</c> re-run check: same kind, same series, same values; timestamps of vector points are ignored.</summary>
    public static IReadOnlyList<string> CompareSame(ActualResult original, ActualResult rerun)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(rerun);
        if (original.Error is not null || rerun.Error is not null)
            return string.Equals(original.Error, rerun.Error, StringComparison.Ordinal) ? [] : [$"error differs: \"{original.Error}\" vs \"{rerun.Error}\""];
        if (original.Kind != rerun.Kind) return [$"result kind differs: {original.Kind} vs {rerun.Kind}"];
        if (original.Kind == ResultKind.Scalar) return FloatsEqual(original.Scalar, rerun.Scalar) ? [] : [$"scalar differs: {ValueFormat.Float(original.Scalar)} vs {ValueFormat.Float(rerun.Scalar)}"];
        if (original.Kind == ResultKind.String) return string.Equals(original.String, rerun.String, StringComparison.Ordinal) ? [] : ["string differs"];
        var failures = new List<string>();
        var other = new Dictionary<LabelSet, ActualSeries>();
        foreach (var s in rerun.Series) other.TryAdd(s.Labels, s);
        if (original.Series.Count != rerun.Series.Count) failures.Add($"{original.Series.Count} series vs {rerun.Series.Count}");
        foreach (var s in original.Series)
        {
            if (!other.TryGetValue(s.Labels, out var r))
            {
                failures.Add($"series {s.Labels} missing from the re-run");
                continue;
            }
            if (!PointsEqual(s.Points, r.Points, original.Kind == ResultKind.Matrix)) failures.Add($"series {s.Labels}: {string.Join(" ", s.Points)} vs {string.Join(" ", r.Points)}");
        }
        return failures;
    }

    /// <summary>
    /// The instant-as-range check: the range query from t-1m to t+1m step 1m must hold, at its middle step t, exactly the
    /// instant result, and its series must come sorted by labels.
    /// </summary>
    public static IReadOnlyList<string> CompareRangeMiddle(ActualResult instant, ActualResult range, long tMs)
    {
        ArgumentNullException.ThrowIfNull(instant);
        ArgumentNullException.ThrowIfNull(range);
        if (instant.Error is not null) return [];
        if (range.Error is not null) return [$"range query failed: {range.Error}"];
        if (range.Kind != ResultKind.Matrix) return [$"range query returned {range.Kind}"];
        var failures = new List<string>();
        for (var i = 1; i < range.Series.Count; i++)
        {
            if (CompareLabels(range.Series[i - 1].Labels, range.Series[i].Labels) >= 0) failures.Add($"range result not sorted by labels: {range.Series[i - 1].Labels} before {range.Series[i].Labels}");
        }
        var middle = new Dictionary<LabelSet, ActualPoint>();
        foreach (var s in range.Series)
        {
            foreach (var p in s.Points)
            {
                if (p.TimestampMs == tMs) middle[s.Labels] = p;
            }
        }
        IReadOnlyList<ActualSeries> want = instant.Kind switch
        {
            ResultKind.Scalar => [new ActualSeries(LabelSet.Empty, [new ActualPoint(tMs, instant.Scalar)])],
            ResultKind.Vector => instant.Series,
            _ => [],
        };
        if (want.Count != middle.Count) failures.Add($"middle step has {middle.Count} series, the instant query {want.Count}");
        foreach (var s in want)
        {
            if (!middle.TryGetValue(s.Labels, out var p)) failures.Add($"series {s.Labels} missing at the middle step");
            else if (s.Points.Count != 1 || !PointValueEqual(s.Points[0], p)) failures.Add($"series {s.Labels}: instant {string.Join(" ", s.Points)}, range {p}");
        }
        return failures;
    }

    private static bool PointsEqual(IReadOnlyList<ActualPoint> a, IReadOnlyList<ActualPoint> b, bool timestamps)
    {
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
        {
            if (timestamps && a[i].TimestampMs != b[i].TimestampMs) return false;
            if (!PointValueEqual(a[i], b[i])) return false;
        }
        return true;
    }

    private static bool PointValueEqual(ActualPoint a, ActualPoint b) =>
        a.Histogram is null ? b.Histogram is null && FloatsEqual(a.Float, b.Float) : b.Histogram is not null && HistogramsEqual(a.Histogram, true, b.Histogram);

    /// <summary>Prometheus's label set order: pair by pair, name then value; a prefix sorts first.</summary>
    public static int CompareLabels(LabelSet a, LabelSet b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var n = Math.Min(a.Count, b.Count);
        for (var i = 0; i < n; i++)
        {
            var c = string.CompareOrdinal(a[i].Name, b[i].Name);
            if (c != 0) return c;
            c = string.CompareOrdinal(a[i].Value, b[i].Value);
            if (c != 0) return c;
        }
        return a.Count.CompareTo(b.Count);
    }
}
