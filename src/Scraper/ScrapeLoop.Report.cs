using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;

namespace MetricsServer.Scraper;

public sealed partial class ScrapeLoop
{
    private static readonly string[] ReportNames =
    [
        "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added",
    ];

    private readonly SeriesRef[] _reportRefs = new SeriesRef[ReportNames.Length];
    private LabelSet[]? _reportLabels;

    private LabelSet[] ReportLabels => _reportLabels ??= BuildReportLabels();

    private LabelSet[] BuildReportLabels()
    {
        var result = new LabelSet[ReportNames.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Target.PublicLabels.ToBuilder().Set(LabelNames.MetricName, ReportNames[i]).ToLabelSet();
        }
        return result;
    }

    /// <summary>The synthetic series Prometheus writes for every scrape, in their own batch so that a failed scrape still reports.</summary>
    private void AppendReport(long timestampMs, TimeSpan duration, bool up, AppendCounts counts)
    {
        var appender = _storage.Appender();
        try
        {
            AppendReportSample(appender, 0, timestampMs, up ? 1 : 0);
            AppendReportSample(appender, 1, timestampMs, duration.TotalSeconds);
            AppendReportSample(appender, 2, timestampMs, counts.Scraped);
            AppendReportSample(appender, 3, timestampMs, counts.PostRelabeling);
            AppendReportSample(appender, 4, timestampMs, counts.SeriesAdded);
            appender.Commit();
        }
        catch
        {
            appender.Rollback();
            throw;
        }
    }

    private void AppendReportSample(IAppender appender, int index, long timestampMs, double value) =>
        appender.Append(ref _reportRefs[index], ReportLabels[index], timestampMs, value);

    /// <summary>A failed scrape is an empty scrape: every series of the last good one goes stale.</summary>
    private void AppendFailureStaleness(long timestampMs)
    {
        var appender = _storage.Appender();
        var sink = new StaleAppender(appender, timestampMs);
        _cache.ForEachLive(ref sink);
        appender.Commit();
        _cache.Clear();
    }

    /// <summary>The target went away: its series and report series go stale.</summary>
    private void AppendEndOfRunStaleness(DateTimeOffset now)
    {
        var timestampMs = now.ToUnixTimeMilliseconds();
        var appender = _storage.Appender();
        var sink = new StaleAppender(appender, timestampMs);
        _cache.ForEachLive(ref sink);
        for (var i = 0; i < ReportNames.Length; i++) AppendReportSample(appender, i, timestampMs, StaleMarker.Value);
        appender.Commit();
        _cache.Clear();
    }
}
