namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>How an expectation's text is matched against an error or annotation: not at all, exactly, or by regex.</summary>
public enum MessageMatch
{
    Any,
    Exact,
    Regex,
}
