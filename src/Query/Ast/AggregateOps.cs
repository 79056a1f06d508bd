namespace MetricsServer.Query.Ast;

/// <summary>Spelling and parameter rules of <see cref="AggregateOp"/>.</summary>
public static class AggregateOps
{
    public static string Text(this AggregateOp op) => op switch
    {
        AggregateOp.Sum => "sum",
        AggregateOp.Avg => "avg",
        AggregateOp.Count => "count",
        AggregateOp.Min => "min",
        AggregateOp.Max => "max",
        AggregateOp.Group => "group",
        AggregateOp.Stddev => "stddev",
        AggregateOp.Stdvar => "stdvar",
        AggregateOp.Topk => "topk",
        AggregateOp.Bottomk => "bottomk",
        AggregateOp.CountValues => "count_values",
        AggregateOp.Quantile => "quantile",
        AggregateOp.Limitk => "limitk",
        _ => "limit_ratio",
    };

    /// <summary>True for the operators taking a parameter before the vector: topk, bottomk, count_values, quantile, limitk, limit_ratio.</summary>
    public static bool HasParam(this AggregateOp op) =>
        op is AggregateOp.Topk or AggregateOp.Bottomk or AggregateOp.CountValues or AggregateOp.Quantile or AggregateOp.Limitk or AggregateOp.LimitRatio;

    /// <summary>The parameter's required type: string for count_values, scalar for the others.</summary>
    public static ValueType ParamType(this AggregateOp op) => op == AggregateOp.CountValues ? ValueType.String : ValueType.Scalar;
}
