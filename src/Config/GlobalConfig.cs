using YamlDotNet.Serialization;

namespace MetricsServer.Config;

/// <summary>The <c>global</c> section: defaults for every scrape config and rule group, with Prometheus's defaults.</summary>
public sealed class GlobalConfig
{
    public TimeSpan ScrapeInterval { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan ScrapeTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public List<string> ScrapeProtocols { get; set; } = [];
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan RuleQueryOffset { get; set; }
    public Dictionary<string, string> ExternalLabels { get; set; } = [];
    public string? QueryLogFile { get; set; }
    public string? ScrapeFailureLogFile { get; set; }
    [YamlConverter(typeof(Yaml.ByteSizeConverter))]
    public long BodySizeLimit { get; set; }
    public long SampleLimit { get; set; }
    public long TargetLimit { get; set; }
    public long LabelLimit { get; set; }
    public long LabelNameLengthLimit { get; set; }
    public long LabelValueLengthLimit { get; set; }
    public long KeepDroppedTargets { get; set; }
    public string? MetricNameValidationScheme { get; set; }
    public string? MetricNameEscapingScheme { get; set; }
    public bool? AlwaysScrapeClassicHistograms { get; set; }
    public bool? ConvertClassicHistogramsToNhcb { get; set; }
}
