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
}
