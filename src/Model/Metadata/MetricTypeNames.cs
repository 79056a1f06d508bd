namespace MetricsServer.Model.Metadata;

/// <summary>The wire and API spellings of <see cref="MetricType"/>.</summary>
public static class MetricTypeNames
{
    public static string ToApiString(this MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        MetricType.Histogram => "histogram",
        MetricType.GaugeHistogram => "gaugehistogram",
        MetricType.Summary => "summary",
        MetricType.Info => "info",
        MetricType.StateSet => "stateset",
        _ => "unknown",
    };

    /// <summary>Parses a TYPE token; "untyped" (text format) and "unknown" (OpenMetrics) both mean Unknown.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out MetricType type)
    {
        type = text switch
        {
            "counter" => MetricType.Counter,
            "gauge" => MetricType.Gauge,
            "histogram" => MetricType.Histogram,
            "gaugehistogram" => MetricType.GaugeHistogram,
            "summary" => MetricType.Summary,
            "info" => MetricType.Info,
            "stateset" => MetricType.StateSet,
            "untyped" or "unknown" => MetricType.Unknown,
            _ => (MetricType)(-1),
        };
        return (int)type >= 0;
    }
}
