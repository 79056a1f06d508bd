using YamlDotNet.Serialization;

namespace MetricsServer.Config;

/// <summary>
/// One <c>scrape_configs</c> entry. After loading, every duration and limit holds its effective value: the loader
/// copies <c>global</c>'s where the entry left them out, as Prometheus does.
/// </summary>
public sealed class ScrapeConfig : HttpClientConfig
{
    public string JobName { get; set; } = string.Empty;
    public bool HonorLabels { get; set; }
    public bool HonorTimestamps { get; set; } = true;
    public bool TrackTimestampsStaleness { get; set; }
    public Dictionary<string, List<string>> Params { get; set; } = [];
    public TimeSpan ScrapeInterval { get; set; }
    public TimeSpan ScrapeTimeout { get; set; }
    public List<string> ScrapeProtocols { get; set; } = [];
    public string? FallbackScrapeProtocol { get; set; }
    public bool AlwaysScrapeClassicHistograms { get; set; }
    public bool ConvertClassicHistogramsToNhcb { get; set; }
    public bool EnableCompression { get; set; } = true;
    public string MetricsPath { get; set; } = "/metrics";
    public string Scheme { get; set; } = "http";
    [YamlConverter(typeof(Yaml.ByteSizeConverter))]
    public long BodySizeLimit { get; set; }
    public long SampleLimit { get; set; }
    public long TargetLimit { get; set; }
    public long LabelLimit { get; set; }
    public long LabelNameLengthLimit { get; set; }
    public long LabelValueLengthLimit { get; set; }
    public long NativeHistogramBucketLimit { get; set; }
    public double NativeHistogramMinBucketFactor { get; set; }
    public long KeepDroppedTargets { get; set; }
    public string? MetricNameValidationScheme { get; set; }
    public string? MetricNameEscapingScheme { get; set; }
    public string? ScrapeFailureLogFile { get; set; }

    public List<StaticConfig> StaticConfigs { get; set; } = [];
    public List<FileSdConfig> FileSdConfigs { get; set; } = [];
    public List<KubernetesSdConfig> KubernetesSdConfigs { get; set; } = [];

    public List<RelabelConfig> RelabelConfigs { get; set; } = [];
    public List<RelabelConfig> MetricRelabelConfigs { get; set; } = [];
}
