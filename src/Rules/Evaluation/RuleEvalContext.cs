using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Query.Engine;

namespace MetricsServer.Rules.Evaluation;

/// <summary>What rules evaluate against: the engine and storage, and the config's external labels and URL.</summary>
public sealed record RuleEvalContext
{
    public required PromQLEngine Engine { get; init; }
    public required IQueryableStorage Queryable { get; init; }
    public LabelSet ExternalLabels { get; init; } = LabelSet.Empty;
    public Uri? ExternalUrl { get; init; }
}
