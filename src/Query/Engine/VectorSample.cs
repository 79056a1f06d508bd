using MetricsServer.Model.Labels;

namespace MetricsServer.Query.Engine;

/// <summary>One element of an instant vector result: labels, evaluation timestamp (ms) and value.</summary>
public sealed record VectorSample(LabelSet Metric, long T, double F);
