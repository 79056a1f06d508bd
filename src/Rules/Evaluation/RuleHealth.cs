namespace MetricsServer.Rules.Evaluation;

/// <summary>A rule's health as the API reports it: <c>unknown</c> before its first evaluation, then <c>ok</c> or <c>err</c>.</summary>
public enum RuleHealth
{
    Unknown,
    Ok,
    Err,
}
