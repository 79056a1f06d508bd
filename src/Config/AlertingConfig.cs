namespace MetricsServer.Config;

/// <summary>The <c>alerting</c> section; kept for the rules issue.</summary>
public sealed class AlertingConfig
{
    public List<RelabelConfig> AlertRelabelConfigs { get; set; } = [];
    public List<AlertmanagerConfig> Alertmanagers { get; set; } = [];
}

public sealed class AlertmanagerConfig : HttpClientConfig
{
    public string Scheme { get; set; } = "http";
    public string PathPrefix { get; set; } = "/";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    public string ApiVersion { get; set; } = "v2";
    public List<StaticConfig> StaticConfigs { get; set; } = [];
    public List<FileSdConfig> FileSdConfigs { get; set; } = [];
    public List<KubernetesSdConfig> KubernetesSdConfigs { get; set; } = [];
    public List<RelabelConfig> RelabelConfigs { get; set; } = [];
    public List<RelabelConfig> AlertRelabelConfigs { get; set; } = [];
}
