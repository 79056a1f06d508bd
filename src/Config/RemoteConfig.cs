using YamlDotNet.Serialization;

namespace MetricsServer.Config;

/// <summary>A <c>remote_write</c> entry; kept for the remote issue.</summary>
public sealed class RemoteWriteConfig : HttpClientConfig
{
    public string Url { get; set; } = string.Empty;
    public string? Name { get; set; }
    public TimeSpan RemoteTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public Dictionary<string, string> Headers { get; set; } = [];
    public List<RelabelConfig> WriteRelabelConfigs { get; set; } = [];
    public bool SendExemplars { get; set; }
    public bool SendNativeHistograms { get; set; }
    public bool RoundRobinDns { get; set; }
    public string ProtobufMessage { get; set; } = "prometheus.WriteRequest";
    public QueueConfig QueueConfig { get; set; } = new();
    public MetadataConfig MetadataConfig { get; set; } = new();
}

/// <summary><c>queue_config</c>, with Prometheus's defaults.</summary>
public sealed class QueueConfig
{
    public int Capacity { get; set; } = 10000;
    public int MaxShards { get; set; } = 50;
    public int MinShards { get; set; } = 1;
    public int MaxSamplesPerSend { get; set; } = 2000;
    public TimeSpan BatchSendDeadline { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(30);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);
    [YamlMember(Alias = "retry_on_http_429")]
    public bool RetryOnHttp429 { get; set; } = true;
    public TimeSpan? SampleAgeLimit { get; set; }
}

/// <summary><c>metadata_config</c>, with Prometheus's defaults.</summary>
public sealed class MetadataConfig
{
    public bool Send { get; set; } = true;
    public TimeSpan SendInterval { get; set; } = TimeSpan.FromMinutes(1);
    public int MaxSamplesPerSend { get; set; } = 2000;
}

/// <summary>A <c>remote_read</c> entry; kept for the remote issue.</summary>
public sealed class RemoteReadConfig : HttpClientConfig
{
    public string Url { get; set; } = string.Empty;
    public string? Name { get; set; }
    public TimeSpan RemoteTimeout { get; set; } = TimeSpan.FromMinutes(1);
    public Dictionary<string, string> Headers { get; set; } = [];
    public Dictionary<string, string> RequiredMatchers { get; set; } = [];
    public bool ReadRecent { get; set; }
    public bool FilterExternalLabels { get; set; } = true;
}
