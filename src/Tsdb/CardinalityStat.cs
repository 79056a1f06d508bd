namespace MetricsServer.Tsdb;

/// <summary>One entry of a cardinality ranking: a metric name, label name or <c>name=value</c> pair and its count.</summary>
public readonly record struct CardinalityStat(string Name, ulong Count);
