namespace MetricsServer.Query.Engine;

/// <summary>An evaluation failure with Prometheus's wording.</summary>
public sealed class PromQLEvalException : Exception
{
    public PromQLEvalException() : this(PromQLEvalErrorKind.Execution, "query evaluation failed") { }

    public PromQLEvalException(string message) : this(PromQLEvalErrorKind.Execution, message) { }

    public PromQLEvalException(string message, Exception innerException) : base(message, innerException) { }

    public PromQLEvalException(PromQLEvalErrorKind kind, string message) : base(message) => Kind = kind;

    public PromQLEvalErrorKind Kind { get; }

    internal static PromQLEvalException TooManySamples() =>
        new(PromQLEvalErrorKind.Execution, "query processing would load too many samples into memory in query execution");
}
