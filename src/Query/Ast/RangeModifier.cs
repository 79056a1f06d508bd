namespace MetricsServer.Query.Ast;

/// <summary>The experimental extended range selector modifiers (<c>anchored</c>, <c>smoothed</c>).</summary>
public enum RangeModifier
{
    None,
    Anchored,
    Smoothed,
}
