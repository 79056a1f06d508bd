using MetricsServer.Config;
using MetricsServer.Relabel;

namespace MetricsServer.Scraper;

/// <summary>What a scrape loop takes from its scrape config, resolved once per pool.</summary>
public sealed record ScrapeLoopOptions(
    bool HonorLabels,
    bool HonorTimestamps,
    bool TrackTimestampsStaleness,
    bool EnableCompression,
    long SampleLimit,
    long BodySizeLimit,
    long LabelLimit,
    long LabelNameLengthLimit,
    long LabelValueLengthLimit,
    string AcceptHeader,
    string? FallbackProtocol,
    RelabelRules MetricRelabelRules)
{
    public static ScrapeLoopOptions From(ScrapeConfig config, string acceptHeader) => new(
        config.HonorLabels,
        config.HonorTimestamps,
        config.TrackTimestampsStaleness,
        config.EnableCompression,
        config.SampleLimit,
        config.BodySizeLimit,
        config.LabelLimit,
        config.LabelNameLengthLimit,
        config.LabelValueLengthLimit,
        acceptHeader,
        config.FallbackScrapeProtocol,
        RelabelRules.Compile(config.MetricRelabelConfigs));
}
