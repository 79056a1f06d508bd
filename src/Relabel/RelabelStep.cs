using MetricsServer.Model.Labels;

namespace MetricsServer.Relabel;

/// <summary>
/// One entry of Prometheus's <c>/api/v1/targets/relabel_steps</c> answer: the rule applied, the labels after it
/// (empty when it dropped the target) and whether the target was kept.
/// </summary>
public sealed record RelabelStep(RelabelRule Rule, LabelSet Output, bool Keep);
