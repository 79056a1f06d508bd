namespace MetricsServer.Query.Engine;

/// <summary>Limits and defaults of the PromQL engine, matching Prometheus's <c>--query.*</c> flags. Immutable.</summary>
public sealed record EngineOptions
{
    /// <summary>How far back a vector selector looks for the newest sample (<c>--query.lookback-delta</c>).</summary>
    public TimeSpan LookbackDelta { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The most samples a query may hold in memory at once (<c>--query.max-samples</c>).</summary>
    public long MaxSamples { get; init; } = 50_000_000;

    /// <summary>How long a query may run (<c>--query.timeout</c>).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The step of a subquery written without one: Prometheus uses the global evaluation interval (default 1m).</summary>
    public TimeSpan DefaultSubqueryStep { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Delayed <c>__name__</c> removal (<c>--enable-feature=promql-delayed-name-removal</c>): an operation that drops
    /// the metric name only marks the series, and the name goes when the query ends, so that <c>label_replace</c>,
    /// <c>label_join</c> and <c>by (__name__)</c> still see it in between.
    /// </summary>
    public bool EnableDelayedNameRemoval { get; init; }

    /// <summary>
    /// Type and unit labels (<c>--enable-feature=type-and-unit-labels</c>): <c>__type__</c> and <c>__unit__</c>
    /// describe the metric name, so they are dropped wherever the name is.
    /// </summary>
    public bool EnableTypeAndUnitLabels { get; init; }
}
