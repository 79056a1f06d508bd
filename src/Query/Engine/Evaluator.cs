using System.Diagnostics;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Query.Ast;
using ValueType = MetricsServer.Query.Ast.ValueType;

namespace MetricsServer.Query.Engine;

/// <summary>
/// Evaluates one query: per step, as Prometheus does (an instant query is a range query with one step). Selected
/// series are read once over the window the whole query needs, then every step binary-searches them. Not
/// thread-safe; one evaluator per query.
/// </summary>
internal sealed partial class Evaluator : IDisposable
{
    private readonly IQueryableStorage _storage;
    private readonly EngineOptions _options;
    private readonly long _startMs;
    private readonly long _endMs;
    private readonly long _stepMs;
    private readonly CancellationToken _ct;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<VectorSelector, (long Min, long Max)> _windows = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<VectorSelector, List<LoadedSeries>> _loaded = new(ReferenceEqualityComparer.Instance);
    private readonly List<string> _warnings = [];
    private readonly List<string> _infos = [];
    private IQuerier? _querier;
    private long _currentSamples;
    private long _retainedSamples;

    public Evaluator(IQueryableStorage storage, EngineOptions options, long startMs, long endMs, long stepMs, CancellationToken ct)
    {
        _storage = storage;
        _options = options;
        _startMs = startMs;
        _endMs = endMs;
        _stepMs = stepMs;
        _ct = ct;
    }

    public IReadOnlyList<string> Warnings => _warnings;
    public IReadOnlyList<string> Infos => _infos;

    private long LookbackMs => (long)_options.LookbackDelta.TotalMilliseconds;

    public void Dispose() => _querier?.Dispose();

    /// <summary>Evaluates at one time, the top-level entry for an instant query and each step of a range query.</summary>
    public StepValue EvalTop(Expr expr, long t)
    {
        CheckDeadline();
        _currentSamples = 0;
        return Eval(expr, t);
    }

    /// <summary>Counts samples held by the query; the range-query driver adds the points it keeps.</summary>
    public void Retain(long samples)
    {
        _retainedSamples += samples;
        if (_retainedSamples > _options.MaxSamples) throw PromQLEvalException.TooManySamples();
    }

    private void Count(long samples)
    {
        _currentSamples += samples;
        if (_currentSamples + _retainedSamples > _options.MaxSamples) throw PromQLEvalException.TooManySamples();
    }

    internal void CheckDeadline()
    {
        if (_ct.IsCancellationRequested) throw new PromQLEvalException(PromQLEvalErrorKind.Canceled, "query was canceled in query execution");
        if (_clock.Elapsed > _options.Timeout) throw new PromQLEvalException(PromQLEvalErrorKind.Timeout, "query timed out in query execution");
    }

    private StepValue Eval(Expr expr, long t)
    {
        switch (expr)
        {
            case NumberLiteral n: return StepValue.OfScalar(n.Value);
            case StringLiteral s: return StepValue.OfString(s.Value);
            case ParenExpr p: return Eval(p.Expr, t);
            case DurationExpr d: return StepValue.OfScalar(d.Evaluate(_stepMs / 1000.0, 0));
            case UnaryExpr u: return EvalUnary(u, t);
            case VectorSelector vs: return StepValue.OfVector(SelectVector(vs, t));
            case MatrixSelector ms: return StepValue.OfMatrix(SelectMatrix(ms, t));
            case SubqueryExpr sq: return StepValue.OfMatrix(EvalSubquery(sq, t));
            case BinaryExpr b: return EvalBinary(b, t);
            case AggregateExpr a: return StepValue.OfVector(EvalAggregate(a, t));
            case Call c: return EvalCall(c, t);
            default: throw new PromQLEvalException($"unhandled expression of type {expr.GetType().Name}");
        }
    }

    private StepValue EvalUnary(UnaryExpr u, long t)
    {
        var v = Eval(u.Expr, t);
        if (!u.Negate) return v;
        if (v.Type == ValueType.Scalar) return StepValue.OfScalar(-v.Scalar);
        var result = new List<StepSample>(v.Vector.Count);
        foreach (var s in v.Vector) result.Add(NameDropped(s.Metric, t, -s.F));
        return StepValue.OfVector(result);
    }

    private double EvalScalarArg(Expr e, long t) => Eval(e, t).Scalar;

    private static Expr Unwrap(Expr e)
    {
        while (e is ParenExpr p) e = p.Expr;
        return e;
    }
}
