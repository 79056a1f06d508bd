namespace MetricsServer.Model.Metadata;

/// <summary>Metric families' types across the text format and OpenMetrics; Prometheus's API spells them in lower case.</summary>
public enum MetricType
{
    Unknown,
    Counter,
    Gauge,
    Histogram,
    GaugeHistogram,
    Summary,
    Info,
    StateSet,
}
