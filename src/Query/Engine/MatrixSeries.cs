using MetricsServer.Model.Labels;

namespace MetricsServer.Query.Engine;

/// <summary>One series of a range-vector result, its points in increasing timestamp order (ms).</summary>
public sealed record MatrixSeries(LabelSet Metric, IReadOnlyList<(long T, double F)> Floats);
