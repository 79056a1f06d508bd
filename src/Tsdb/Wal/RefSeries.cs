using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;

namespace MetricsServer.Tsdb.Wal;

/// <summary>A series record entry: the head's reference for a series and its labels.</summary>
public readonly record struct RefSeries(SeriesRef Ref, LabelSet Labels);
