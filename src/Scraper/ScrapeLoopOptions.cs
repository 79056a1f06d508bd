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
    /// <summary>
    /// <c>--scrape.timestamp-tolerance</c> when <c>--scrape.adjust-timestamps</c> is on, else zero: a scrape that
    /// starts this close to its schedule is stamped with the scheduled time, so that timestamps stay evenly spaced
    /// and compress to a bit each in the chunks.
    /// </summary>
    public TimeSpan TimestampTolerance { get; init; }

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
