namespace MetricsServer.Rules.Evaluation;

/// <summary>An alert's state: pending while its <c>for</c> runs, then firing; inactive once resolved.</summary>
public enum AlertState
{
    Inactive,
    Pending,
    Firing,
}
