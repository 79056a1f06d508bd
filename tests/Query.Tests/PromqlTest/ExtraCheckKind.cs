namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>The two extra checks every instant eval gets (FORMAT.md).</summary>
public enum ExtraCheckKind
{
    /// <summary>The expression with <c>@ t</c> on every selector, evaluated at another time: the result must not change.</summary>
    AtRerun,

    /// <summary>The expression as a range query t-1m..t+1m step 1m: the middle step must equal the instant result.</summary>
    InstantAsRange,
}
