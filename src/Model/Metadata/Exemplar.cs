using MetricsServer.Model.Labels;

namespace MetricsServer.Model.Metadata;

/// <summary>An OpenMetrics exemplar: labels (usually a trace id), a value and an optional timestamp.</summary>
public readonly record struct Exemplar(LabelSet Labels, double Value, long? TimestampMs);
