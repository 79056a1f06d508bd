namespace MetricsServer.Query.Ast;

/// <summary>PromQL's aggregation operators.</summary>
public enum AggregateOp
{
    Sum,
    Avg,
    Count,
    Min,
    Max,
    Group,
    Stddev,
    Stdvar,
    Topk,
    Bottomk,
    CountValues,
    Quantile,
    /// <summary>Experimental.</summary>
    Limitk,
    /// <summary>Experimental.</summary>
    LimitRatio,
}
