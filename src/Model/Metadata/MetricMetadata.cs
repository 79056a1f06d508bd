namespace MetricsServer.Model.Metadata;

/// <summary>What a scrape says about a metric family: its type, help text and unit.</summary>
public sealed record MetricMetadata(MetricType Type, string Help, string Unit);
