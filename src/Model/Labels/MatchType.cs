namespace MetricsServer.Model.Labels;

/// <summary>The four label matcher operators of PromQL: <c>=</c>, <c>!=</c>, <c>=~</c>, <c>!~</c>.</summary>
public enum MatchType
{
    Equal,
    NotEqual,
    Regex,
    NotRegex,
}
