using MetricsServer.Model.Labels;

namespace MetricsServer.Scraper.Targets;

/// <summary>A discovered target that relabeling dropped: kept (up to <c>keep_dropped_targets</c>) for the targets API.</summary>
public sealed record DroppedTarget(LabelSet DiscoveredLabels, string ScrapePool);
