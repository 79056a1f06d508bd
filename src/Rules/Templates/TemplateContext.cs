namespace MetricsServer.Rules.Templates;

/// <summary>
/// What template functions reach outside their arguments: the server's external URL (<c>pathPrefix</c>,
/// <c>externalURL</c>), the evaluation time (<c>now</c>-free humanizing), and a PromQL query function for
/// <c>query</c>; without one, <c>query</c> fails with an error.
/// </summary>
public sealed record TemplateContext
{
    public static readonly TemplateContext Empty = new();

    /// <summary>The <c>--web.external-url</c> in force.</summary>
    public Uri? ExternalUrl { get; init; }

    /// <summary>Evaluates an instant query at the rule's evaluation time; returns (labels, value) per element.</summary>
    public Func<string, IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>>? Query { get; init; }
}
