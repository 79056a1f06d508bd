namespace MetricsServer.Rules.Evaluation;

/// <summary>A rule evaluated but its result cannot be used (a limit exceeded, duplicate series after labelling).</summary>
public sealed class RuleEvaluationException : Exception
{
    public RuleEvaluationException()
    {
    }

    public RuleEvaluationException(string message)
        : base(message)
    {
    }

    public RuleEvaluationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
