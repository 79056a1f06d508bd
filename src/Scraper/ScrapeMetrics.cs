using Prometheus;

namespace MetricsServer.Scraper;

/// <summary>The scrape manager's own metrics, under Prometheus's names.</summary>
public sealed class ScrapeMetrics
{
    public ScrapeMetrics(CollectorRegistry registry)
    {
        var f = Metrics.WithCustomRegistry(registry);
        IntervalLength = f.CreateSummary("prometheus_target_interval_length_seconds", "Actual intervals between scrapes.",
            new SummaryConfiguration
            {
                LabelNames = ["interval"],
                Objectives = [new(0.01, 0.001), new(0.05, 0.005), new(0.5, 0.05), new(0.9, 0.01), new(0.99, 0.001)],
            });
        SampleOutOfOrder = f.CreateCounter("prometheus_target_scrapes_sample_out_of_order_total", "Total number of samples rejected due to not being out of the expected order.");
        SampleDuplicate = f.CreateCounter("prometheus_target_scrapes_sample_duplicate_timestamp_total", "Total number of samples rejected due to duplicate timestamps but different values.");
        SampleOutOfBounds = f.CreateCounter("prometheus_target_scrapes_sample_out_of_bounds_total", "Total number of samples rejected due to timestamp falling out of the time bounds.");
        ExceededSampleLimit = f.CreateCounter("prometheus_target_scrapes_exceeded_sample_limit_total", "Total number of scrapes that hit the sample limit and were rejected.");
        ExceededBodySizeLimit = f.CreateCounter("prometheus_target_scrapes_exceeded_body_size_limit_total", "Total number of scrapes that hit the body size limit");
        ExceededLabelLimits = f.CreateCounter("prometheus_target_scrape_pool_exceeded_label_limits_total", "Total number of times scrape pools hit the label limits, during sync or config reload.");
        ExceededTargetLimit = f.CreateCounter("prometheus_target_scrape_pool_exceeded_target_limit_total", "Total number of times scrape pools hit the target limit, during sync or config reload.");
        PoolTargets = f.CreateGauge("prometheus_target_scrape_pool_targets", "Current number of targets in this scrape pool.", "scrape_job");
        PoolsTotal = f.CreateCounter("prometheus_target_scrape_pools_total", "Total number of scrape pool creation attempts.");
        PoolsFailed = f.CreateCounter("prometheus_target_scrape_pools_failed_total", "Total number of scrape pool creations that failed.");
        PoolReloads = f.CreateCounter("prometheus_target_scrape_pool_reloads_total", "Total number of scrape pool reloads.");
        PoolReloadsFailed = f.CreateCounter("prometheus_target_scrape_pool_reloads_failed_total", "Total number of failed scrape pool reloads.");
        PoolSyncs = f.CreateCounter("prometheus_target_scrape_pool_sync_total", "Total number of syncs that were executed on a scrape pool.", "scrape_job");
        SyncLength = f.CreateSummary("prometheus_target_sync_length_seconds", "Actual interval to sync the scrape pool.", "scrape_job");
        SyncFailed = f.CreateCounter("prometheus_target_sync_failed_total", "Total number of target sync failures.", "scrape_job");
    }

    public Summary IntervalLength { get; }
    public Counter SampleOutOfOrder { get; }
    public Counter SampleDuplicate { get; }
    public Counter SampleOutOfBounds { get; }
    public Counter ExceededSampleLimit { get; }
    public Counter ExceededBodySizeLimit { get; }
    public Counter ExceededLabelLimits { get; }
    public Counter ExceededTargetLimit { get; }
    public Gauge PoolTargets { get; }
    public Counter PoolsTotal { get; }
    public Counter PoolsFailed { get; }
    public Counter PoolReloads { get; }
    public Counter PoolReloadsFailed { get; }
    public Counter PoolSyncs { get; }
    public Summary SyncLength { get; }
    public Counter SyncFailed { get; }
}
