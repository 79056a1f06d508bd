using YamlDotNet.Serialization;

namespace MetricsServer.Config;

/// <summary>The root of <c>prometheus.yml</c>. Loaded by <see cref="ConfigLoader"/>, which fills defaults from <c>global</c>.</summary>
public sealed class PrometheusConfig
{
    public GlobalConfig Global { get; set; } = new();
    public List<string> RuleFiles { get; set; } = [];
    public List<string> ScrapeConfigFiles { get; set; } = [];
    public List<ScrapeConfig> ScrapeConfigs { get; set; } = [];
    public AlertingConfig Alerting { get; set; } = new();
    public List<RemoteWriteConfig> RemoteWrite { get; set; } = [];
    public List<RemoteReadConfig> RemoteRead { get; set; } = [];
    public StorageConfig? Storage { get; set; }
    public TracingConfig? Tracing { get; set; }
    public RuntimeConfig? Runtime { get; set; }
    public OtlpConfig? Otlp { get; set; }

    /// <summary>The file this was loaded from, for relative paths and messages; null for the embedded default.</summary>
    [YamlIgnore]
    public string? SourceFile { get; set; }
}
