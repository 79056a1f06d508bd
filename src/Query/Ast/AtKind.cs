namespace MetricsServer.Query.Ast;

/// <summary>What an <c>@</c> modifier refers to.</summary>
public enum AtKind
{
    None,
    /// <summary><c>@ &lt;unix seconds&gt;</c>.</summary>
    Timestamp,
    /// <summary><c>@ start()</c>: the start of a range query, the evaluation time of an instant query.</summary>
    Start,
    /// <summary><c>@ end()</c>: the end of a range query, the evaluation time of an instant query.</summary>
    End,
}
