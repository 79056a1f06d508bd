namespace MetricsServer.Model.Labels;

/// <summary>The reserved label names that Prometheus gives meaning to.</summary>
public static class LabelNames
{
    public const string MetricName = "__name__";
    public const string Address = "__address__";
    public const string Scheme = "__scheme__";
    public const string MetricsPath = "__metrics_path__";
    public const string ScrapeInterval = "__scrape_interval__";
    public const string ScrapeTimeout = "__scrape_timeout__";
    public const string ParamPrefix = "__param_";
    public const string MetaPrefix = "__meta_";
    public const string TmpPrefix = "__tmp_";
    public const string ReservedPrefix = "__";
    public const string Job = "job";
    public const string Instance = "instance";
    public const string Bucket = "le";
    public const string Quantile = "quantile";

    /// <summary>Prometheus's legacy name rule: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    public static bool IsValidLabelName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty) return false;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (i > 0 && c is >= '0' and <= '9');
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>Prometheus's legacy metric name rule: <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static bool IsValidMetricName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty) return false;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or ':' || (i > 0 && c is >= '0' and <= '9');
            if (!ok) return false;
        }
        return true;
    }
}
