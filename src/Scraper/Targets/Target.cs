using System.Globalization;
using System.Text;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Metadata;

namespace MetricsServer.Scraper.Targets;

/// <summary>
/// One scrape target: its labels before relabeling (<see cref="DiscoveredLabels"/>), its final labels
/// (<see cref="Labels"/>, including the <c>__</c> ones that steer the scrape) and its last scrape's outcome.
/// Labels are immutable; the outcome is written by the target's scrape loop and read by the API under a lock.
/// </summary>
public sealed class Target
{
    private readonly Lock _lock = new();
    private TargetHealth _health;
    private string _lastError = string.Empty;
    private DateTimeOffset _lastScrape;
    private TimeSpan _lastScrapeDuration;
    private long _lastSamples;
    private Dictionary<string, MetricMetadata> _metadata = [];

    public Target(LabelSet labels, LabelSet discoveredLabels, TimeSpan interval, TimeSpan timeout)
    {
        Labels = labels;
        DiscoveredLabels = discoveredLabels;
        Interval = interval;
        Timeout = timeout;
        ScrapeUrlText = BuildUrl(labels);
        ScrapeUrl = new Uri(ScrapeUrlText);
        PublicLabels = labels.ToBuilder().RemoveWhere(static l => l.Name.StartsWith(LabelNames.ReservedPrefix, StringComparison.Ordinal)).ToLabelSet();
        Hash = PublicLabels.Hash ^ System.IO.Hashing.XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(ScrapeUrlText));
    }

    public LabelSet Labels { get; }

    /// <summary>The labels attached to every sample of this target: <see cref="Labels"/> without the <c>__</c> ones.</summary>
    public LabelSet PublicLabels { get; }

    public LabelSet DiscoveredLabels { get; }

    public Uri ScrapeUrl { get; }

    /// <summary>The URL as built from the labels, as the API shows it (<see cref="Uri"/> would drop a default port).</summary>
    public string ScrapeUrlText { get; }

    public TimeSpan Interval { get; }

    public TimeSpan Timeout { get; }

    /// <summary>
    /// Identity within a pool: the labels its samples carry and the URL it is scraped at. The interval and timeout
    /// are left out, so that a reload that only changes them keeps the target's series going without staleness.
    /// </summary>
    public ulong Hash { get; }

    public TargetStatus Status
    {
        get
        {
            lock (_lock) return new TargetStatus(_health, _lastError, _lastScrape, _lastScrapeDuration, _lastSamples);
        }
    }

    internal void Report(DateTimeOffset start, TimeSpan duration, string? error, long samples)
    {
        lock (_lock)
        {
            _lastScrape = start;
            _lastScrapeDuration = duration;
            _lastError = error ?? string.Empty;
            _health = error is null ? TargetHealth.Up : TargetHealth.Down;
            _lastSamples = samples;
        }
    }

    /// <summary>Metadata of the metric families the target exposed in its last scrape, by family name.</summary>
    public IReadOnlyDictionary<string, MetricMetadata> Metadata
    {
        get
        {
            lock (_lock) return _metadata;
        }
    }

    internal void SetMetadata(Dictionary<string, MetricMetadata> metadata)
    {
        lock (_lock) _metadata = metadata;
    }

    private static string BuildUrl(LabelSet labels)
    {
        var sb = new StringBuilder();
        sb.Append(labels.Get(LabelNames.Scheme)).Append("://").Append(labels.Get(LabelNames.Address));
        var path = labels.Get(LabelNames.MetricsPath);
        if (!path.StartsWith('/')) sb.Append('/');
        sb.Append(path);
        var first = !path.Contains('?', StringComparison.Ordinal);
        foreach (var l in labels)
        {
            if (!l.Name.StartsWith(LabelNames.ParamPrefix, StringComparison.Ordinal)) continue;
            sb.Append(first ? '?' : '&');
            first = false;
            sb.Append(Uri.EscapeDataString(l.Name[LabelNames.ParamPrefix.Length..])).Append('=').Append(Uri.EscapeDataString(l.Value));
        }
        return sb.ToString();
    }

    public override string ToString() => ScrapeUrlText;
}

/// <summary>A consistent snapshot of a target's last scrape.</summary>
public readonly record struct TargetStatus(TargetHealth Health, string LastError, DateTimeOffset LastScrape, TimeSpan LastScrapeDuration, long LastSamples);
