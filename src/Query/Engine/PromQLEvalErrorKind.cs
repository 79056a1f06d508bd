namespace MetricsServer.Query.Engine;

/// <summary>Why an evaluation failed; the HTTP layer maps these to Prometheus's <c>errorType</c> values.</summary>
public enum PromQLEvalErrorKind
{
    /// <summary><c>execution</c>: the query is valid but cannot be answered (too many samples, bad matching).</summary>
    Execution,
    /// <summary><c>timeout</c>: the query ran past <see cref="EngineOptions.Timeout"/>.</summary>
    Timeout,
    /// <summary><c>canceled</c>: the caller cancelled the query.</summary>
    Canceled,
}
