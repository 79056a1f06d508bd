namespace MetricsServer.Query.Parsing;

/// <summary>
/// Parser feature switches, mirroring Prometheus's <c>--enable-feature</c> flags. Experimental syntax that does not
/// clash with stable syntax (duration expressions, <c>anchored</c>/<c>smoothed</c>, <c>fill</c> modifiers) always
/// parses; the engine decides whether to run it.
/// </summary>
public sealed record PromQLParserOptions(bool EnableExperimentalFunctions = false)
{
    /// <summary>Prometheus's defaults: experimental functions off.</summary>
    public static PromQLParserOptions Default { get; } = new();

    /// <summary>Everything on, as Prometheus's test scripts assume.</summary>
    public static PromQLParserOptions AllFeatures { get; } = new(EnableExperimentalFunctions: true);
}
