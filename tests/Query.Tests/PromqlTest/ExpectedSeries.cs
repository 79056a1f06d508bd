using MetricsServer.Model.Labels;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>
/// An expected result line: the full label set and its values, one for an instant vector, one per step for a range
/// query or an expected range vector (null where no point is expected).
/// </summary>
public sealed record ExpectedSeries(LabelSet Labels, IReadOnlyList<SampleValue?> Values, int Line);
