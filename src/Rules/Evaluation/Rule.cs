using MetricsServer.Model.Labels;
using MetricsServer.Query.Ast;
using MetricsServer.Query.Engine;
using MetricsServer.Rules.Loading;
using ValueType = MetricsServer.Query.Ast.ValueType;

namespace MetricsServer.Rules.Evaluation;

/// <summary>
/// A rule being evaluated: its definition and the state the API shows (health, last error, last evaluation and
/// its duration). Evaluated by its group only, one evaluation at a time; the state is read under a lock.
/// </summary>
public abstract class Rule
{
    private readonly Lock _lock = new();
    private RuleHealth _health;
    private string _lastError = "";
    private DateTimeOffset? _lastEvaluation;
    private TimeSpan _evaluationTime;

    protected Rule(RuleDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
        Labels = LabelSet.FromUnsorted([.. definition.Labels.Select(kv => new Label(kv.Key, kv.Value))]);
    }

    public RuleDefinition Definition { get; }

    public string Name => Definition.Name;

    /// <summary>The rule's own labels (group labels merged), unexpanded.</summary>
    public LabelSet Labels { get; }

    public string Query => Definition.ExprText;

    public (RuleHealth Health, string LastError, DateTimeOffset? LastEvaluation, TimeSpan EvaluationTime) Status
    {
        get
        {
            lock (_lock) return (_health, _lastError, _lastEvaluation, _evaluationTime);
        }
    }

    internal void SetStatus(RuleHealth health, string error, DateTimeOffset evaluation, TimeSpan duration)
    {
        lock (_lock)
        {
            _health = health;
            _lastError = error;
            _lastEvaluation = evaluation;
            _evaluationTime = duration;
        }
    }

    /// <summary>Evaluates the rule at <paramref name="ts"/> minus <paramref name="queryOffset"/>; returns the samples to append.</summary>
    /// <exception cref="PromQLEvalException">The query failed.</exception>
    /// <exception cref="RuleEvaluationException">The result breaks the group's limit or has duplicate series.</exception>
    public abstract IReadOnlyList<(LabelSet Labels, double Value)> Eval(RuleEvalContext context, DateTimeOffset ts, TimeSpan queryOffset, int limit, CancellationToken ct);

    /// <summary>An instant query's result as a vector: a scalar becomes one sample without labels.</summary>
    internal static IReadOnlyList<VectorSample> RunQuery(RuleEvalContext context, Expr expr, long timeMs, CancellationToken ct)
    {
        var result = context.Engine.Instant(context.Queryable, expr, timeMs, ct);
        return result.Type switch
        {
            ValueType.Vector => result.Vector,
            ValueType.Scalar => [new VectorSample(LabelSet.Empty, timeMs, result.Scalar)],
            _ => throw new RuleEvaluationException("rule result is not a vector or scalar"),
        };
    }
}
