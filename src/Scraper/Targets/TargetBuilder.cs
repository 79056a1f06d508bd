using MetricsServer.Config;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Time;
using MetricsServer.Relabel;

namespace MetricsServer.Scraper.Targets;

/// <summary>
/// Turns discovered target groups into targets by Prometheus's rules: group labels under target labels, defaults
/// for <c>job</c>, <c>__scheme__</c>, <c>__metrics_path__</c>, <c>__scrape_interval__</c>, <c>__scrape_timeout__</c>
/// and <c>__param_*</c>, then <c>relabel_configs</c>, then <c>instance</c> from <c>__address__</c> and the
/// <c>__meta_*</c>/<c>__tmp_*</c> labels removed.
/// </summary>
public sealed class TargetBuilder
{
    private readonly ScrapeConfig _config;
    private readonly RelabelRules _rules;
    private readonly LabelSetBuilder _builder = new();

    public TargetBuilder(ScrapeConfig config, RelabelRules rules)
    {
        _config = config;
        _rules = rules;
    }

    /// <summary>The outcome for one discovered target: a target, a drop by relabeling, or an error naming what was wrong.</summary>
    public readonly record struct Result(Target? Target, LabelSet DiscoveredLabels, string? Error)
    {
        public bool Dropped => Target is null && Error is null;
    }

    public Result Build(LabelSet targetLabels, LabelSet groupLabels)
    {
        var b = _builder.Reset(groupLabels);
        foreach (var l in targetLabels) b.Set(l.Name, l.Value);
        SetDefault(b, LabelNames.Job, _config.JobName);
        SetDefault(b, LabelNames.ScrapeInterval, PromDuration.Format(_config.ScrapeInterval));
        SetDefault(b, LabelNames.ScrapeTimeout, PromDuration.Format(_config.ScrapeTimeout));
        SetDefault(b, LabelNames.MetricsPath, _config.MetricsPath);
        SetDefault(b, LabelNames.Scheme, _config.Scheme);
        foreach (var (name, values) in _config.Params)
        {
            if (values.Count > 0) SetDefault(b, LabelNames.ParamPrefix + name, values[0]);
        }
        var discovered = b.ToLabelSet();

        if (!Relabeler.Process(b, _rules)) return new Result(null, discovered, null);

        var address = b.Get(LabelNames.Address);
        if (address.Length == 0) return new Result(null, discovered, "no address");
        if (address.Contains('/', StringComparison.Ordinal)) return new Result(null, discovered, $"{address} is not a valid hostname");

        if (!PromDuration.TryParse(b.Get(LabelNames.ScrapeInterval), out var interval, out var intervalError))
            return new Result(null, discovered, $"error parsing scrape interval: {intervalError}");
        if (!PromDuration.TryParse(b.Get(LabelNames.ScrapeTimeout), out var timeout, out var timeoutError))
            return new Result(null, discovered, $"error parsing scrape timeout: {timeoutError}");
        if (interval == TimeSpan.Zero) return new Result(null, discovered, "scrape interval cannot be 0");
        if (timeout == TimeSpan.Zero) return new Result(null, discovered, "scrape timeout cannot be 0");
        if (timeout > interval)
            return new Result(null, discovered, $"scrape timeout cannot be greater than scrape interval (\"{PromDuration.Format(timeout)}\" > \"{PromDuration.Format(interval)}\")");

        b.RemoveWhere(static l => l.Name.StartsWith(LabelNames.MetaPrefix, StringComparison.Ordinal)
                                  || l.Name.StartsWith(LabelNames.TmpPrefix, StringComparison.Ordinal));
        if (!b.Has(LabelNames.Instance)) b.Set(LabelNames.Instance, address);

        foreach (var l in b.ToArray())
        {
            if (!LabelNames.IsValidLabelName(l.Name)) return new Result(null, discovered, $"invalid label name \"{l.Name}\"");
        }
        var labels = b.ToLabelSet();
        if (labels.Get(LabelNames.Scheme) is not ("http" or "https"))
            return new Result(null, discovered, $"invalid scheme \"{labels.Get(LabelNames.Scheme)}\"");
        try
        {
            return new Result(new Target(labels, discovered, interval, timeout), discovered, null);
        }
        catch (UriFormatException e)
        {
            return new Result(null, discovered, $"invalid scrape URL for {address}: {e.Message}");
        }
    }

    private static void SetDefault(LabelSetBuilder b, string name, string value)
    {
        if (!b.Has(name)) b.Set(name, value);
    }
}
