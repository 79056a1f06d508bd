using MetricsServer.Model.Labels;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>One series line of a load block: its labels and one entry per step (null where the step has no sample).</summary>
public sealed record LoadSeries(LabelSet Labels, IReadOnlyList<SampleValue?> Values, int Line);
