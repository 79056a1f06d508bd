namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>The <c>expect</c> lines of an eval (and the older spellings that map onto them).</summary>
public enum ExpectationKind
{
    Fail,
    Warn,
    Info,
    NoWarn,
    NoInfo,
    Ordered,
}
