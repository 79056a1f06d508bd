using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Query.Ast;
using ValueType = MetricsServer.Query.Ast.ValueType;

namespace MetricsServer.Query.Engine;

/// <summary>
/// Evaluates parsed PromQL against a storage, as Prometheus's engine does: a range query evaluates the expression
/// at every step from start to end inclusive; an instant query is a range query with one step. Thread-safe: every
/// call has its own state. Errors are <see cref="PromQLEvalException"/>s with Prometheus's wording.
/// </summary>
public sealed class PromQLEngine(EngineOptions options)
{
    public EngineOptions Options { get; } = options;

    /// <summary>Evaluates <paramref name="expr"/> at <paramref name="timeMs"/>; the result has the expression's type.</summary>
    public QueryResult Instant(IQueryableStorage storage, Expr expr, long timeMs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(expr);
        using var ev = new Evaluator(storage, Options, timeMs, timeMs, 0, ct);
        ev.Prepare(expr);
        var v = ev.EvalTop(expr, timeMs);
        return v.Type switch
        {
            ValueType.Scalar => new QueryResult { Type = ValueType.Scalar, Scalar = v.Scalar, T = timeMs, Warnings = ev.Warnings, Infos = ev.Infos },
            ValueType.String => new QueryResult { Type = ValueType.String, String = v.String, T = timeMs, Warnings = ev.Warnings, Infos = ev.Infos },
            ValueType.Vector => new QueryResult { Type = ValueType.Vector, Vector = ToVector(ev, v.Vector, timeMs), Warnings = ev.Warnings, Infos = ev.Infos },
            _ => new QueryResult { Type = ValueType.Matrix, Matrix = ToMatrix(ev, v.Matrix), Warnings = ev.Warnings, Infos = ev.Infos },
        };
    }

    /// <summary>Evaluates <paramref name="expr"/> at every step in [start, end]; the result is a matrix sorted by labels.</summary>
    public QueryResult Range(IQueryableStorage storage, Expr expr, long startMs, long endMs, long stepMs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(expr);
        if (stepMs <= 0) throw new ArgumentOutOfRangeException(nameof(stepMs), "zero or negative query resolution step widths are not accepted");
        if (endMs < startMs) throw new ArgumentOutOfRangeException(nameof(endMs), "end timestamp must not be before start time");
        if (expr.Type is not (ValueType.Scalar or ValueType.Vector))
        {
            throw new PromQLEvalException($"invalid expression type \"{TypeName(expr.Type)}\" for range query, must be Scalar or instant Vector");
        }
        using var ev = new Evaluator(storage, Options, startMs, endMs, stepMs, ct);
        ev.Prepare(expr);
        var series = new Dictionary<LabelSet, List<(long T, double F)>>();
        var seen = new HashSet<LabelSet>();
        for (var t = startMs; t <= endMs; t += stepMs)
        {
            var v = ev.EvalTop(expr, t);
            if (v.Type == ValueType.Scalar)
            {
                Add(LabelSet.Empty, t, v.Scalar);
                continue;
            }
            // Series whose names go at the end may meet others here; they merge unless they collide in one step.
            seen.Clear();
            foreach (var s in v.Vector)
            {
                var metric = ev.FinalMetric(s.Metric, s.DropName);
                if (v.Vector.Count > 1 && !seen.Add(metric)) throw SameLabelset();
                Add(metric, t, s.F);
            }
        }
        var matrix = new List<MatrixSeries>(series.Count);
        foreach (var (metric, points) in series) matrix.Add(new MatrixSeries(metric, points));
        matrix.Sort((a, b) => LabelSetComparer.Instance.Compare(a.Metric, b.Metric));
        return new QueryResult { Type = ValueType.Matrix, Matrix = matrix, Warnings = ev.Warnings, Infos = ev.Infos };

        void Add(LabelSet metric, long t, double f)
        {
            if (!series.TryGetValue(metric, out var points))
            {
                points = [];
                series[metric] = points;
            }
            points.Add((t, f));
            ev.Retain(1);
        }
    }

    private static string TypeName(ValueType t) => t switch
    {
        ValueType.Matrix => "range vector",
        ValueType.Vector => "instant vector",
        ValueType.String => "string",
        _ => "scalar",
    };

    private static PromQLEvalException SameLabelset() => new("vector cannot contain metrics with the same labelset");

    private static List<VectorSample> ToVector(Evaluator ev, List<StepSample> v, long t)
    {
        var seen = new HashSet<LabelSet>();
        var result = new List<VectorSample>(v.Count);
        foreach (var s in v)
        {
            var metric = ev.FinalMetric(s.Metric, s.DropName);
            if (!seen.Add(metric)) throw SameLabelset();
            result.Add(new VectorSample(metric, t, s.F));
        }
        return result;
    }

    private static List<MatrixSeries> ToMatrix(Evaluator ev, List<RangeSeries> m)
    {
        var seen = new HashSet<LabelSet>();
        var result = new List<MatrixSeries>(m.Count);
        foreach (var s in m)
        {
            var metric = ev.FinalMetric(s.Metric, s.DropName);
            if (!seen.Add(metric)) throw SameLabelset();
            result.Add(new MatrixSeries(metric, s.Points));
        }
        result.Sort((a, b) => LabelSetComparer.Instance.Compare(a.Metric, b.Metric));
        return result;
    }
}
