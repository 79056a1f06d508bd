using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;

namespace MetricsServer.Tsdb.Wal;

/// <summary>An exemplars record entry: series reference, timestamp, value and the exemplar's own labels.</summary>
public readonly record struct RefExemplar(SeriesRef Ref, long T, double V, LabelSet Labels);
