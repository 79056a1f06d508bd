using MetricsServer.Model.Metadata;
using MetricsServer.Model.Storage;

namespace MetricsServer.Tsdb.Wal;

/// <summary>A metadata record entry: the metric type, unit and help of a series.</summary>
public readonly record struct RefMetadata(SeriesRef Ref, MetricType Type, string Unit, string Help);
